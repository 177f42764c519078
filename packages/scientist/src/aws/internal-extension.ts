import { Agent, request } from 'node:http';

/**
 * An internal Lambda extension in the handler's own process, through the Lambda Extensions API:
 * it lets a handler answer its caller at once and finish work it started (the hand-off to the
 * runner) before the execution environment takes its next invocation. Lambda sends the runtime's
 * response to the caller as soon as the runtime posts it; the environment is frozen, or given the
 * next event, only once every extension has asked for its next event (the post-runtime phase,
 * billed and reported as `PostRuntimeExtensionsDuration`). This extension asks only when the work
 * of the invocation its last event announced has settled.
 *
 * Internal extensions register during init, before the runtime first asks for an invocation, and
 * register for INVOKE events only (SHUTDOWN is for external ones). See decision 10.
 */
export interface AfterResponse {
  /**
   * False once the extension's exchange failed: Lambda would then wait for it in vain, so work
   * must be awaited before the answer again.
   */
  readonly active: boolean;
  /**
   * Keeps the environment until `work` settles: call during an invocation, before the handler
   * returns. `work` must not reject (the caller funnels its own failures).
   */
  hold(work: Promise<unknown>): void;
  /** Marks the current invocation's handler as returned (call it in a `finally`); its held work may still run. */
  returned(): void;
}

const API_VERSION = '2020-01-01';

export interface ExtensionOptions {
  /** host:port of the Runtime API (and Extensions API): `AWS_LAMBDA_RUNTIME_API`. */
  readonly runtimeApi: string | undefined;
  /** The name the extension registers under. */
  readonly name: string;
  /** Called with any failure of the extension's own exchange; the extension then stops holding. */
  readonly onFailure: (operation: 'extension-register' | 'extension-next', error: unknown) => void;
}

interface Answer {
  readonly status: number;
  readonly identifier: string | undefined;
  readonly body: string;
}

// node:http rather than fetch: `event/next` is held for as long as the environment is idle (frozen,
// on AWS) and must never time out, where fetch gives up on headers after 300 s.
function call(
  agent: Agent,
  base: URL,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: base.hostname,
        port: base.port,
        path: `/${API_VERSION}/extension/${path}`,
        method: body === undefined ? 'GET' : 'POST',
        headers,
        agent,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const identifier = response.headers['lambda-extension-identifier'];
          resolve({
            status: response.statusCode ?? 0,
            identifier: typeof identifier === 'string' ? identifier : undefined,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/**
 * Registers the extension; undefined where there is no Extensions API (outside Lambda, or a
 * platform that does not serve one), or when registration failed. Then work is simply awaited
 * before the answer, as before.
 */
export async function registerAfterResponse(options: ExtensionOptions): Promise<AfterResponse | undefined> {
  if (!options.runtimeApi) return undefined;
  const base = new URL(`http://${options.runtimeApi}`);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  let identifier: string | undefined;
  try {
    const answer = await call(
      agent,
      base,
      'register',
      { 'Lambda-Extension-Name': options.name, 'Content-Type': 'application/json' },
      JSON.stringify({ events: ['INVOKE'] }),
    );
    identifier = answer.status === 200 ? answer.identifier : undefined;
    if (!identifier) {
      // No Extensions API here (a 404 from an emulator that lacks it): not a failure.
      if (answer.status !== 404)
        options.onFailure(
          'extension-register',
          new Error(`register answered ${answer.status}: ${answer.body.slice(0, 200)}`),
        );
      agent.destroy();
      return undefined;
    }
  } catch (error) {
    options.onFailure('extension-register', error);
    agent.destroy();
    return undefined;
  }
  const holder = new InvocationHolder();
  void holder.serve((headers) => call(agent, base, 'event/next', headers), identifier, options.onFailure);
  return holder;
}

/**
 * Counts invocations from both sides: the events the extension has received and the handlers
 * that have returned. Either may come first: the event and the handler's start race.
 */
export class InvocationHolder implements AfterResponse {
  active = true;
  #returned = 0;
  #held: Promise<unknown>[] = [];
  #waiting: { count: number; resolve: () => void } | undefined;

  hold(work: Promise<unknown>): void {
    this.#held.push(work);
  }

  returned(): void {
    this.#returned++;
    if (this.#waiting && this.#returned >= this.#waiting.count) {
      const { resolve } = this.#waiting;
      this.#waiting = undefined;
      resolve();
    }
  }

  async serve(
    next: (headers: Record<string, string>) => Promise<Answer>,
    identifier: string,
    onFailure: ExtensionOptions['onFailure'],
  ): Promise<void> {
    let events = 0;
    for (;;) {
      try {
        const answer = await next({ 'Lambda-Extension-Identifier': identifier });
        if (answer.status !== 200)
          throw new Error(`event/next answered ${answer.status}: ${answer.body.slice(0, 200)}`);
        const event = JSON.parse(answer.body) as { eventType?: string };
        if (event.eventType !== 'INVOKE') {
          this.active = false;
          return;
        }
      } catch (error) {
        this.active = false;
        onFailure('extension-next', error);
        return;
      }
      events++;
      await this.#handlerReturned(events);
      // Work held during this invocation; the next invocation only starts once this loop asks again.
      const held = this.#held.splice(0);
      await Promise.allSettled(held);
      // A turn of the event loop before asking: the runtime posts the handler's response a few
      // microtasks after it returns, and with nothing held this loop would otherwise ask first,
      // putting its request ahead of the client's answer here and in the Runtime API that reads both.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  #handlerReturned(count: number): Promise<void> {
    if (this.#returned >= count) return Promise.resolve();
    return new Promise((resolve) => {
      this.#waiting = { count, resolve };
    });
  }
}
