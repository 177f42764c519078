import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServiceDefinition } from '../deploy/service-definition.js';
import type { ApiContext, GatewayRequest } from './gateway-request.js';
import { type GatewayResponse, gatewayResponses } from './gateway-response.js';
import { httpApiEvent, httpApiResponse } from './http-api-event.js';
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

/** API Gateway's payload limit. */
const maxBodyBytes = 10 * 1024 * 1024;
const adminPrefix = '/_local-cloud/';

/**
 * API Gateway on one port: every deployed service's REST and HTTP API routes under
 * `/<service>/<stage>/…`, each request turned into the event AWS would send and handed to
 * Lambda in process.
 */
export class ApiGateway {
  private readonly apis = new Map<string, DeployedApi>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly options: ApiGatewayOptions,
  ) {}

  static async start(options: ApiGatewayOptions): Promise<ApiGateway> {
    const host = options.host ?? '127.0.0.1';
    let gateway: ApiGateway | undefined;
    const server = createServer((request, response) => {
      gateway?.handle(request, response).catch((error: unknown) => {
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
        accountId: service.functions[0]?.accountId ?? '000000000000',
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
    const body = await readBody(incoming);
    if (!body) {
      writeResponse(response, gatewayResponses.tooLarge());
      return;
    }
    if (fullPath.startsWith(adminPrefix) && this.options.admin) {
      // The admin API deploys code from local directories: only this machine may use it.
      if (!isLoopback(incoming.socket.remoteAddress)) {
        writeResponse(response, {
          statusCode: 403,
          headers: [['content-type', 'application/json']],
          body: Buffer.from('{"message":"the local cloud\'s admin API answers only on loopback"}'),
        });
        return;
      }
      const reply = await this.options.admin(
        incoming.method ?? 'GET',
        fullPath.slice(adminPrefix.length - 1),
        body,
      );
      writeResponse(response, {
        statusCode: reply.statusCode,
        headers: [['content-type', 'application/json']],
        body: Buffer.from(JSON.stringify(reply.body)),
      });
      return;
    }
    const [, service = '', stage = '', ...rest] = fullPath.split('/');
    const api = this.apis.get(apiKey(decodeSegment(service), decodeSegment(stage)));
    if (!api) {
      writeResponse(response, gatewayResponses.missingAuthenticationToken());
      return;
    }
    const headers: [string, string][] = [];
    for (let index = 0; index + 1 < incoming.rawHeaders.length; index += 2) {
      headers.push([incoming.rawHeaders[index]!, incoming.rawHeaders[index + 1]!]);
    }
    const request: GatewayRequest = {
      method: (incoming.method ?? 'GET').toUpperCase(),
      path: `/${rest.join('/')}`,
      rawQuery,
      headers,
      body,
      sourceIp: incoming.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
      protocol: `HTTP/${incoming.httpVersion}`,
      host: incoming.headers.host ?? new URL(this.url).host,
      receivedAt,
      requestId: this.options.requestId?.() ?? randomUUID(),
    };
    const answer = await this.answer(request, api);
    const requestIdHeader: [string, string] =
      answer.kind === 'rest'
        ? ['x-amzn-RequestId', request.requestId]
        : ['apigw-requestid', request.requestId];
    const withDefaults = answer.response.headers.some(([name]) => name.toLowerCase() === 'content-type')
      ? answer.response.headers
      : [['content-type', 'application/json'] as [string, string], ...answer.response.headers];
    writeResponse(
      response,
      { ...answer.response, headers: [...withDefaults, requestIdHeader] },
      request.method === 'HEAD',
    );
  }

  private async answer(
    request: GatewayRequest,
    api: DeployedApi,
  ): Promise<{ kind: 'rest' | 'http'; response: GatewayResponse }> {
    const match = api.routes.match(request.method, request.path);
    if ('miss' in match) {
      return match.miss === 'rest'
        ? { kind: 'rest', response: gatewayResponses.missingAuthenticationToken() }
        : { kind: 'http', response: gatewayResponses.notFound() };
    }
    const { route } = match;
    const kind = route.kind;
    const event =
      route.payloadVersion === '1.0'
        ? restEvent(request, match, api.context)
        : httpApiEvent(request, match, api.context);
    const failed =
      kind === 'rest' ? gatewayResponses.restInternalServerError : gatewayResponses.httpInternalServerError;
    const outcome = await this.invokeWithTimeout(route.functionName, JSON.stringify(event));
    if (outcome === 'timeout') {
      return {
        kind,
        response: kind === 'rest' ? gatewayResponses.restTimeout() : gatewayResponses.httpTimeout(),
      };
    }
    if (outcome.statusCode !== 200 || outcome.functionError) return { kind, response: failed() };
    const text = Buffer.from(outcome.payload).toString('utf8');
    if (kind === 'http') return { kind, response: httpApiResponse(text) ?? failed() };
    let payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch {
      return { kind, response: failed() };
    }
    return { kind, response: restResponse(payload, request, api.context) ?? failed() };
  }

  private async invokeWithTimeout(
    functionName: string,
    event: string,
  ): Promise<Awaited<ReturnType<GatewayInvoker['invoke']>> | 'timeout'> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.options.timeoutMs ?? 29_000);
    });
    try {
      return await Promise.race([this.options.invoker.invoke(functionName, event), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

function isLoopback(address: string | undefined): boolean {
  return address === '::1' || /^(::ffff:)?127\./.test(address ?? '');
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

/** The request body, or undefined when it exceeds API Gateway's 10 MB limit. */
async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Headers a function must not set: the gateway frames the response itself. */
const framingHeaders = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive']);

function writeResponse(response: ServerResponse, answer: GatewayResponse, headOnly = false): void {
  const flat: string[] = [];
  for (const [name, value] of answer.headers) {
    if (!framingHeaders.has(name.toLowerCase())) flat.push(name, value);
  }
  flat.push('content-length', String(answer.body.length));
  response.writeHead(answer.statusCode, flat);
  response.end(headOnly ? undefined : answer.body);
}
