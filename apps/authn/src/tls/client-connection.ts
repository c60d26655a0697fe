import type { Request } from 'express';
import { normaliseAddress } from '@paspoort/service-kit';
import type { TLSSocket } from 'node:tls';
import type { Socket } from 'node:net';

/** Source addresses announced by a trusted load balancer's PROXY header, per raw connection. */
const proxiedAddresses = new WeakMap<Socket, string>();

export function rememberProxiedAddress(socket: Socket, address: string): void {
  proxiedAddresses.set(socket, address);
}

/** The DER of the client certificate of this TLS connection, if the client sent one. */
export function peerCertificateDer(request: Request): Buffer | undefined {
  const socket = request.socket as TLSSocket;
  if (typeof socket.getPeerCertificate !== 'function') return undefined;
  const raw = socket.getPeerCertificate(true)?.raw;
  return raw && raw.length > 0 ? raw : undefined;
}

/** The peer address: the socket's own, or what a trusted load balancer announced with PROXY protocol. */
export function peerAddress(request: Request): string {
  const socket = request.socket as TLSSocket & { _parent?: Socket };
  const proxied = (socket._parent && proxiedAddresses.get(socket._parent)) ?? proxiedAddresses.get(socket);
  return proxied ?? normaliseAddress(socket.remoteAddress ?? '');
}
