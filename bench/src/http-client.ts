import { Agent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export interface JsonAnswer<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | undefined>;
}

/** JSON over HTTP/1.1 to one loopback service, on kept-alive connections. */
export class JsonClient {
  private readonly agent: Agent;

  constructor(
    readonly port: number,
    private readonly bearer?: string,
    maxSockets = 64,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets });
  }

  request<T = Record<string, unknown>>(method: string, path: string, body?: unknown, expect?: number): Promise<JsonAnswer<T>> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return send(
      (cb) => httpRequest({ host: '127.0.0.1', port: this.port, method, path, agent: this.agent, headers: this.headers(payload) }, cb),
      payload,
      expect,
      `${method} ${path}`,
    );
  }

  close(): void {
    this.agent.destroy();
  }

  private headers(payload?: Buffer): Record<string, string> {
    return {
      ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
      ...(this.bearer ? { authorization: `Bearer ${this.bearer}` } : {}),
    };
  }
}

/** A client certificate and its key (PEM). */
export interface ClientIdentity {
  certPem: string;
  keyPem: string;
}

/**
 * JSON over HTTPS with a client certificate. `reuse` keeps the TLS connection (the handshake with client
 * authentication is paid once per connection); without it every request makes a new handshake.
 */
export class TlsClient {
  private readonly agent: HttpsAgent | false;

  constructor(
    readonly port: number,
    private readonly identity: ClientIdentity,
    reuse: boolean,
  ) {
    this.agent = reuse
      ? new HttpsAgent({ keepAlive: true, maxSockets: 1, cert: identity.certPem, key: identity.keyPem, rejectUnauthorized: false })
      : false;
  }

  request<T = Record<string, unknown>>(method: string, path: string, body?: unknown, expect?: number): Promise<JsonAnswer<T>> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers = payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {};
    return send(
      (cb) =>
        httpsRequest(
          {
            host: '127.0.0.1',
            port: this.port,
            method,
            path,
            headers,
            agent: this.agent,
            rejectUnauthorized: false,
            ...(this.agent ? {} : { cert: this.identity.certPem, key: this.identity.keyPem }),
          },
          cb,
        ),
      payload,
      expect,
      `${method} ${path}`,
    );
  }

  close(): void {
    if (this.agent) this.agent.destroy();
  }
}

type Incoming = import('node:http').IncomingMessage;

function send<T>(
  open: (cb: (res: Incoming) => void) => import('node:http').ClientRequest,
  payload: Buffer | undefined,
  expect: number | undefined,
  what: string,
): Promise<JsonAnswer<T>> {
  return new Promise((resolve, reject) => {
    const req = open((res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = {};
        try {
          body = text ? JSON.parse(text) : {};
        } catch {
          body = { text };
        }
        const status = res.statusCode ?? 0;
        if (expect !== undefined && status !== expect)
          reject(new Error(`${what}: expected ${expect}, got ${status} ${text.slice(0, 300)}`));
        else resolve({ status, body: body as T, headers: res.headers });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}
