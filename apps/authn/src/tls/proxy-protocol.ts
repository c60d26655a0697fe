import ipaddr from 'ipaddr.js';
import type { Server, Socket } from 'node:net';
import { normaliseAddress } from '@paspoort/service-kit';
import { rememberProxiedAddress } from './client-connection';

const TLS_HANDSHAKE = 0x16;
const MAX_PROXY_HEADER = 107;
const PLAIN_REFUSAL = JSON.stringify({
  error: { code: 'TLS_REQUIRED', message: 'this port speaks TLS only; connect with https and a client certificate' },
});

/**
 * Hands each raw connection to the TLS server. A PROXY protocol v1 header is honoured only from a trusted load
 * balancer (its source address becomes the peer address); from anyone else it closes the connection. A plain
 * HTTP client gets a readable refusal instead of a TLS alert.
 */
export function acceptConnection(socket: Socket, tlsServer: Server, trustedLoadBalancers: readonly string[]): void {
  socket.once('error', () => socket.destroy());
  socket.once('data', (first: Buffer) => {
    socket.pause();
    if (first.subarray(0, 6).toString('latin1') !== 'PROXY ') return void handOver(socket, first, tlsServer);
    if (!isTrusted(socket.remoteAddress ?? '', trustedLoadBalancers)) return void socket.destroy();
    const end = first.indexOf('\r\n');
    const source = end > 0 && end <= MAX_PROXY_HEADER ? proxySource(first.subarray(0, end).toString('latin1')) : undefined;
    if (!source) return void socket.destroy();
    rememberProxiedAddress(socket, source);
    const rest = first.subarray(end + 2);
    if (rest.length > 0) return void handOver(socket, rest, tlsServer);
    socket.once('data', (next: Buffer) => {
      socket.pause();
      handOver(socket, next, tlsServer);
    });
    socket.resume();
  });
}

function handOver(socket: Socket, data: Buffer, tlsServer: Server): void {
  if (data[0] !== TLS_HANDSHAKE) {
    socket.end(
      `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(PLAIN_REFUSAL)}\r\nConnection: close\r\n\r\n${PLAIN_REFUSAL}`,
    );
    return;
  }
  socket.unshift(data);
  tlsServer.emit('connection', socket);
  process.nextTick(() => socket.resume());
}

/** `PROXY TCP4|TCP6 <source> <destination> <source port> <destination port>`; the source address, if well-formed. */
export function proxySource(line: string): string | undefined {
  const parts = line.split(' ');
  if (parts.length !== 6 || parts[0] !== 'PROXY' || (parts[1] !== 'TCP4' && parts[1] !== 'TCP6')) return undefined;
  const [source, destination] = [parts[2], parts[3]];
  const kind = parts[1] === 'TCP4' ? 'ipv4' : 'ipv6';
  const valid =
    [source, destination].every((a) => ipaddr.isValid(a) && ipaddr.parse(a).kind() === kind) &&
    [parts[4], parts[5]].every((p) => /^\d{1,5}$/.test(p) && Number(p) <= 65535);
  return valid ? normaliseAddress(source) : undefined;
}

function isTrusted(address: string, trusted: readonly string[]): boolean {
  try {
    const peer = ipaddr.parse(normaliseAddress(address));
    return trusted.some((entry) => {
      const [range, bits] = entry.includes('/') ? ipaddr.parseCIDR(entry) : [ipaddr.parse(entry), peer.kind() === 'ipv4' ? 32 : 128];
      return range.kind() === peer.kind() && peer.match(range, bits);
    });
  } catch {
    return false;
  }
}
