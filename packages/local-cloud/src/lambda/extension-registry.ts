import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';

/** The lifecycle events an extension can register for. */
export type ExtensionEventType = 'INVOKE' | 'SHUTDOWN';

export const extensionEventTypes: readonly ExtensionEventType[] = Object.freeze(['INVOKE', 'SHUTDOWN']);

export function isExtensionEventType(value: unknown): value is ExtensionEventType {
  return value === 'INVOKE' || value === 'SHUTDOWN';
}

/** The event an extension's `event/next` answers with, as Lambda sends it. */
export type ExtensionEvent =
  | {
      readonly eventType: 'INVOKE';
      readonly deadlineMs: number;
      readonly requestId: string;
      readonly invokedFunctionArn: string;
      readonly tracing: { readonly type: 'X-Amzn-Trace-Id'; readonly value: string };
    }
  | {
      readonly eventType: 'SHUTDOWN';
      readonly shutdownReason: 'spindown' | 'timeout' | 'failure';
      readonly deadlineMs: number;
    };

/** One registered extension: what it asked for, and whether it is waiting for its next event. */
class RegisteredExtension {
  readonly id = randomUUID();
  /** Its `event/next`, held until there is an event for it. */
  heldNext: ServerResponse | undefined;
  /** An event sent before it asked for one. */
  pending: ExtensionEvent | undefined;

  constructor(
    readonly name: string,
    readonly events: ReadonlySet<ExtensionEventType>,
  ) {}

  /** Asked for its next event and has none yet: done with the last one. */
  get waiting(): boolean {
    return this.heldNext !== undefined && this.pending === undefined;
  }
}

/** Why a registration is refused, as the Extensions API answers it. */
export interface RegistrationRefusal {
  readonly statusCode: number;
  readonly errorType: string;
  readonly errorMessage: string;
}

/**
 * The extensions of one execution environment: registration (open only during init, until the
 * runtime first asks for an invocation), their long-polled `event/next`, and whether every one of
 * them is done with its last event, which the environment waits for before init ends, before it
 * takes its next invocation, and before it shuts down.
 */
export class ExtensionRegistry {
  readonly #extensions = new Map<string, RegisteredExtension>();
  #open = true;

  /** `idle` is called each time the last busy extension asks for its next event. */
  constructor(private readonly idle: () => void) {}

  get size(): number {
    return this.#extensions.size;
  }

  /** True when every extension has asked for its next event (and when there are none). */
  get allWaiting(): boolean {
    for (const extension of this.#extensions.values()) if (!extension.waiting) return false;
    return true;
  }

  registeredFor(event: ExtensionEventType): boolean {
    for (const extension of this.#extensions.values()) if (extension.events.has(event)) return true;
    return false;
  }

  register(name: string, events: readonly ExtensionEventType[]): RegisteredExtension | RegistrationRefusal {
    if (!this.#open)
      return refusal(403, 'Extension.RegistrationClosed', 'Extensions register only during init');
    for (const extension of this.#extensions.values())
      if (extension.name === name)
        return refusal(409, 'Extension.AlreadyRegistered', `Extension ${name} is already registered`);
    const extension = new RegisteredExtension(name, new Set(events));
    this.#extensions.set(extension.id, extension);
    return extension;
  }

  /** The runtime asked for its first invocation: no more registrations. */
  closeRegistration(): void {
    this.#open = false;
  }

  nameOf(id: string): string | undefined {
    return this.#extensions.get(id)?.name;
  }

  /** An extension asks for its next event; false when `id` names none. */
  next(id: string, response: ServerResponse): boolean {
    const extension = this.#extensions.get(id);
    if (!extension) return false;
    extension.heldNext?.destroy();
    extension.heldNext = response;
    if (extension.pending) {
      const event = extension.pending;
      extension.pending = undefined;
      deliver(extension, event);
      return true;
    }
    if (this.allWaiting) this.idle();
    return true;
  }

  /** Sends `event` to every extension registered for its type. */
  dispatch(event: ExtensionEvent): void {
    for (const extension of this.#extensions.values()) {
      if (!extension.events.has(event.eventType)) continue;
      if (extension.heldNext) deliver(extension, event);
      else extension.pending = event;
    }
  }

  /** The extension failed (exit/error): it is gone, its identifier no longer accepted. */
  remove(id: string): void {
    this.#extensions.get(id)?.heldNext?.destroy();
    this.#extensions.delete(id);
  }

  close(): void {
    for (const extension of this.#extensions.values()) {
      extension.heldNext?.destroy();
      extension.heldNext = undefined;
    }
  }
}

function refusal(statusCode: number, errorType: string, errorMessage: string): RegistrationRefusal {
  return Object.freeze({ statusCode, errorType, errorMessage });
}

export function isRegistrationRefusal(
  value: RegisteredExtension | RegistrationRefusal,
): value is RegistrationRefusal {
  return 'statusCode' in value;
}

function deliver(extension: RegisteredExtension, event: ExtensionEvent): void {
  const response = extension.heldNext!;
  extension.heldNext = undefined;
  const text = JSON.stringify(event);
  response.writeHead(200, [
    'Content-Type',
    'application/json',
    'Content-Length',
    Buffer.byteLength(text),
    'Lambda-Extension-Event-Identifier',
    randomUUID(),
  ]);
  response.end(text);
}
