/**
 * True for a host name or address only this machine can reach: `localhost`, `::1`, `127.x.x.x`, and
 * 127.x.x.x as an IPv4-mapped IPv6 address (how a dual-stack socket shows a loopback client).
 */
export function isLoopback(hostOrAddress: string): boolean {
  return hostOrAddress === 'localhost' || hostOrAddress === '::1' || /^(::ffff:)?127\./.test(hostOrAddress);
}
