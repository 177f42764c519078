/**
 * The names a deployment gets where nothing else gives one, shared by the local cloud (which
 * answers as this account and region), the scientist and the CLI.
 */

/** The region serverless.yml deploys to unless told otherwise (the tutorial's), and the local cloud's. */
export const DEFAULT_REGION = 'eu-west-1';

/** The account every local deployment belongs to, as `${aws:accountId}` and ARNs show it. */
export const LOCAL_ACCOUNT_ID = '000000000000';

/**
 * True for a host name or address only this machine can reach: `localhost`, `::1`, `127.x.x.x`, and
 * 127.x.x.x as an IPv4-mapped IPv6 address (how a dual-stack socket shows a loopback client).
 */
export function isLoopbackHost(hostOrAddress: string): boolean {
  return hostOrAddress === 'localhost' || hostOrAddress === '::1' || /^(::ffff:)?127\./.test(hostOrAddress);
}
