import type { GatewayEvent } from '../api-gateway-event.js';
import { isShellSafe, shellQuote } from './shell-quote.js';

/** Where the replay goes: settings of the deployment, never what a client sent. */
export interface ReplayTarget {
  /** `SCIENTIST_URL`: the scientist's public URL, when the deployment names it (custom domains). */
  readonly configuredUrl?: string | undefined;
  /** The local cloud's gateway URL (`LOCAL_CLOUD_GATEWAY_URL`), which serves each service under its name. */
  readonly localGatewayUrl?: string | undefined;
  readonly service: string;
  readonly stage: string;
}

const HOST_NAME = /^[A-Za-z0-9.-]+$/;

/**
 * The scientist's base URL for a replay. Locally and where configured, from the deployment's
 * settings; on AWS from `requestContext.domainName`, which API Gateway writes itself (a client's
 * `Host` or `X-Forwarded-Proto` never counts). A domain that is not a plain host name yields a
 * placeholder rather than an address someone chose.
 */
export function scientistUrlFor(event: Readonly<Record<string, unknown>>, target: ReplayTarget): string {
  if (target.configuredUrl) return target.configuredUrl.replace(/\/+$/, '');
  if (target.localGatewayUrl)
    return `${target.localGatewayUrl.replace(/\/+$/, '')}/${target.service}/${target.stage}`;
  const context = (event.requestContext ?? {}) as { domainName?: unknown; stage?: unknown };
  const domain =
    typeof context.domainName === 'string' && HOST_NAME.test(context.domainName)
      ? context.domainName
      : 'SCIENTIST-DOMAIN';
  // An HTTP API's default stage has no path of its own.
  const stage = typeof context.stage === 'string' && context.stage !== '$default' ? `/${target.stage}` : '';
  return `https://${domain}${stage}`;
}

/**
 * A curl command that replays the request against the scientist: every word quoted by
 * `shellQuote`, so pasting it into a shell runs curl and nothing else. The URL is the
 * scientist's own (`scientistUrlFor`) plus the request's path and query.
 */
export function replayCommand(request: GatewayEvent, scientistUrl: string): string {
  const url = `${scientistUrl.replace(/\/+$/, '')}/${request.path}${request.query ? `?${request.query}` : ''}`;
  // Method and URL cannot be left out: a NUL in them (never a routable request) is spelt out.
  const words = ['curl', '-sS', '-X', request.method.replaceAll('\0', ''), url.replaceAll('\0', '%00')];
  const contentType = request.headers['content-type'];
  if (contentType !== undefined && isShellSafe(contentType)) words.push('-H', `content-type: ${contentType}`);
  // A base64 (binary) body or one with NUL cannot be pasted as a shell word; the replay leaves it out.
  if (request.body !== undefined && !request.isBase64Encoded && isShellSafe(request.body))
    words.push('--data-raw', request.body);
  return words.map(shellQuote).join(' ');
}
