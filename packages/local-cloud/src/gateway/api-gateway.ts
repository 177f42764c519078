import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isLoopbackHost, LOCAL_ACCOUNT_ID } from '@serverless-scientist/core';
import type { ServiceDefinition } from '../deploy/service-definition.js';
import { raised } from '../incidents.js';
import { DeadlineQueue } from './deadline-queue.js';
import type { ApiContext, GatewayRequest } from './gateway-request.js';
import { emptyBody, hasNoBody, readBody } from './gateway-request-body.js';
import { type GatewayResponse, gatewayResponses } from './gateway-response.js';
import { httpApiEvent, httpApiResponse } from './http-api-event.js';
import { reply, writeResponse } from './response-writer.js';
import { restEvent, restResponse } from './rest-event.js';
import { RouteTable } from './route-table.js';

/** What the gateway needs from Lambda: an in-process synchronous invoke (LambdaService fits). */
export interface GatewayInvoker {
  invoke(
    name: string,
    payload: Uint8Array | string,
  ): Promise<{ statusCode: number; payload: Uint8Array; functionError?: string }>;
}

/** The local cloud's own API under `/_local-cloud/`, served on the gateway port. */
export type AdminHandler = (
  method: string,
  path: string,
  body: Buffer,
) => Promise<{ statusCode: number; body: unknown }>;

export interface ApiGatewayOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  invoker: GatewayInvoker;
  /** API Gateway's integration timeout: 29 s on AWS. */
  timeoutMs?: number;
  admin?: AdminHandler;
  requestId?: () => string;
}

interface DeployedApi {
  context: ApiContext;
  routes: RouteTable;
}

const adminPrefix = '/_local-cloud/';

/**
 * API Gateway on one port: every deployed service's REST and HTTP API routes under
 * `/<service>/<stage>/…`, each request turned into the event AWS would send and handed to
 * Lambda in process.
 */
export class ApiGateway {
  private readonly apis = new Map<string, DeployedApi>();
  private readonly deadlines: DeadlineQueue;
  /** The Host a request without one is taken to have reached. */
  private readonly host: string;

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly options: ApiGatewayOptions,
  ) {
    this.deadlines = new DeadlineQueue(options.timeoutMs ?? 29_000);
    this.host = new URL(url).host;
  }

  static async start(options: ApiGatewayOptions): Promise<ApiGateway> {
    const host = options.host ?? '127.0.0.1';
    let gateway: ApiGateway | undefined;
    const server = createServer({ keepAlive: true, noDelay: true }, (request, response) => {
      gateway?.handle(request, response).catch((error: unknown) => {
        raised(`answer ${request.method} ${request.url}`, error);
        if (!response.headersSent) writeResponse(response, gatewayResponses.restInternalServerError());
        else response.destroy(error as Error);
      });
    });
    server.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    gateway = new ApiGateway(server, `http://${host}:${port}`, options);
    return gateway;
  }

  /** Serves a service's routes, replacing what that service and stage served before. */
  deploy(service: ServiceDefinition): void {
    const apiId = createHash('sha256')
      .update(`${service.service}/${service.stage}`)
      .digest('hex')
      .slice(0, 10);
    this.apis.set(apiKey(service.service, service.stage), {
      context: {
        service: service.service,
        stage: service.stage,
        region: service.region,
        accountId: service.functions[0]?.accountId ?? LOCAL_ACCOUNT_ID,
        apiId,
        binaryMediaTypes: service.binaryMediaTypes,
      },
      routes: new RouteTable(service.routes),
    });
  }

  remove(service: string, stage: string): void {
    this.apis.delete(apiKey(service, stage));
  }

  /** The URL a route path is served at, e.g. `http://127.0.0.1:3000/control-round/dev/round`. */
  urlFor(service: string, stage: string, routePath: string): string {
    return `${this.url}/${service}/${stage}${routePath === '*' ? '/' : routePath}`;
  }

  async stop(): Promise<void> {
    this.deadlines.clear();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(incoming: IncomingMessage, response: ServerResponse): Promise<void> {
    const receivedAt = new Date();
    const target = incoming.url ?? '/';
    const question = target.indexOf('?');
    const fullPath = question < 0 ? target : target.slice(0, question);
    const rawQuery = question < 0 ? '' : target.slice(question + 1);
    // Most requests through an API are GETs without a body: no stream to drain, no promise to wait on.
    const body = hasNoBody(incoming) ? emptyBody : await readBody(incoming);
    if (!body) {
      writeResponse(response, gatewayResponses.tooLarge());
      return;
    }
    if (fullPath.startsWith(adminPrefix) && this.options.admin) {
      await this.handleAdmin(incoming, response, fullPath, body);
      return;
    }
    const [, service = '', stage = '', ...rest] = fullPath.split('/');
    const api = this.apis.get(apiKey(decodeSegment(service), decodeSegment(stage)));
    if (!api) {
      writeResponse(response, gatewayResponses.missingAuthenticationToken());
      return;
    }
    const raw = incoming.rawHeaders;
    const headers: [string, string][] = new Array(raw.length >> 1);
    for (let index = 0; index + 1 < raw.length; index += 2)
      headers[index >> 1] = [raw[index]!, raw[index + 1]!];
    const remote = incoming.socket.remoteAddress;
    const method = incoming.method ?? 'GET';
    const request: GatewayRequest = {
      method: method.toUpperCase(),
      path: `/${rest.join('/')}`,
      rawQuery,
      headers,
      body,
      sourceIp: remote === undefined ? '127.0.0.1' : remote.startsWith('::ffff:') ? remote.slice(7) : remote,
      protocol: `HTTP/${incoming.httpVersion}`,
      host: incoming.headers.host ?? this.host,
      receivedAt,
      requestId: this.options.requestId?.() ?? randomUUID(),
    };
    const match = api.routes.match(request.method, request.path);
    if ('miss' in match) {
      if (match.miss === 'rest')
        reply(response, request, 'rest', gatewayResponses.missingAuthenticationToken());
      else reply(response, request, 'http', gatewayResponses.notFound());
      return;
    }
    const { route } = match;
    const kind = route.kind;
    const event =
      route.payloadVersion === '1.0'
        ? restEvent(request, match, api.context)
        : httpApiEvent(request, match, api.context);
    // The function keeps running past the integration timeout, as on AWS; only the client stops waiting.
    const deadline = this.deadlines.add(() =>
      reply(
        response,
        request,
        kind,
        kind === 'rest' ? gatewayResponses.restTimeout() : gatewayResponses.httpTimeout(),
      ),
    );
    let outcome: Awaited<ReturnType<GatewayInvoker['invoke']>>;
    try {
      outcome = await this.options.invoker.invoke(route.functionName, Buffer.from(JSON.stringify(event)));
    } catch (error) {
      if (!this.deadlines.settle(deadline)) return;
      throw error;
    }
    if (!this.deadlines.settle(deadline)) return;
    reply(response, request, kind, integrationResponse(outcome, kind, request, api.context));
  }

  private async handleAdmin(
    incoming: IncomingMessage,
    response: ServerResponse,
    fullPath: string,
    body: Buffer,
  ): Promise<void> {
    const admin = this.options.admin!;
    // The admin API deploys code from local directories: only this machine may use it.
    if (!isLoopbackHost(incoming.socket.remoteAddress ?? '')) {
      writeResponse(response, {
        statusCode: 403,
        headers: [['content-type', 'application/json']],
        body: Buffer.from('{"message":"the local cloud\'s admin API answers only on loopback"}'),
      });
      return;
    }
    const answer = await admin(incoming.method ?? 'GET', fullPath.slice(adminPrefix.length - 1), body);
    writeResponse(response, {
      statusCode: answer.statusCode,
      headers: [['content-type', 'application/json']],
      body: Buffer.from(JSON.stringify(answer.body)),
    });
  }
}

/** What the API makes of the function's answer: its response, or the API's own error. */
function integrationResponse(
  outcome: Awaited<ReturnType<GatewayInvoker['invoke']>>,
  kind: 'rest' | 'http',
  request: GatewayRequest,
  context: ApiContext,
): GatewayResponse {
  const failed = () =>
    kind === 'rest' ? gatewayResponses.restInternalServerError() : gatewayResponses.httpInternalServerError();
  if (outcome.statusCode !== 200 || outcome.functionError) return failed();
  const payload = outcome.payload;
  const text = Buffer.isBuffer(payload)
    ? payload.toString('utf8')
    : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8');
  if (kind === 'http') return httpApiResponse(text) ?? failed();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return failed();
  }
  return restResponse(parsed, request, context) ?? failed();
}

function apiKey(service: string, stage: string): string {
  return `${service}/${stage}`;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
