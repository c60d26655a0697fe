import ipaddr from 'ipaddr.js';

/** Canonical text of an address; IPv4-mapped IPv6 becomes plain IPv4. */
export function normaliseAddress(address: string): string {
  try {
    const parsed = ipaddr.parse(address);
    if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress())
      return (parsed as ipaddr.IPv6).toIPv4Address().toString();
    return parsed.toString();
  } catch {
    return address;
  }
}

function inList(address: string, trusted: readonly string[]): boolean {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(normaliseAddress(address));
  } catch {
    return false;
  }
  return trusted.some((entry) => {
    try {
      const [range, bits] = entry.includes('/') ? ipaddr.parseCIDR(entry) : [ipaddr.parse(entry), parsed.kind() === 'ipv4' ? 32 : 128];
      return range.kind() === parsed.kind() && parsed.match(range, bits);
    } catch {
      return false;
    }
  });
}

/**
 * The caller's address: the socket's peer, unless that peer is a configured trusted proxy, in which case the
 * right-most X-Forwarded-For entry that is not itself a trusted proxy. Nobody else can choose their address.
 */
export function clientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustedProxies: readonly string[],
): string {
  const peer = normaliseAddress(socketAddress ?? '');
  if (!forwardedFor || trustedProxies.length === 0 || !inList(peer, trustedProxies)) return peer;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normaliseAddress(hops[i]);
    if (!ipaddr.isValid(hop)) return peer;
    if (!inList(hop, trustedProxies)) return hop;
  }
  return peer;
}
