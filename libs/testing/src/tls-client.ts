import { request } from 'node:https';

export interface TlsAnswer {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
}

/** A client certificate and its key: a TestCa certificate (`pem`) or an issuer answer (`certificatePem`). */
export type ClientCredentials = { keyPem: string } & ({ pem: string } | { certificatePem: string });

/** One HTTPS request to an authn listener, presenting a client certificate (or none). */
export function tlsRequest(
  port: number,
  method: string,
  path: string,
  opts: { cert?: ClientCredentials; body?: unknown; cookie?: string } = {},
): Promise<TlsAnswer> {
  const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        rejectUnauthorized: false,
        agent: false,
        ...(opts.cert ? { cert: 'pem' in opts.cert ? opts.cert.pem : opts.cert.certificatePem, key: opts.cert.keyPem } : {}),
        headers: { ...(payload ? { 'content-type': 'application/json' } : {}), ...(opts.cookie ? { cookie: opts.cookie } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: Record<string, unknown> = {};
          try {
            body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
          } catch {
            body = { text };
          }
          resolve({ status: res.statusCode ?? 0, body, headers: res.headers });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** The `name=value` part of the first Set-Cookie header. */
export function cookieOf(answer: TlsAnswer): string {
  const set = answer.headers['set-cookie'];
  const first = (Array.isArray(set) ? set[0] : set) ?? '';
  return first.split(';')[0];
}
