import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import { TEST_BOOTSTRAP_TOKEN } from '@paspoort/testing';

export interface RawAnswer {
  status: number;
  contentType: string;
  body: Buffer;
}

/** Sends exactly these bytes to a running app (no client-side JSON encoding), with the bootstrap token. */
export class RawHttp {
  private constructor(private readonly base: string) {}

  static async listen(app: NestExpressApplication): Promise<RawHttp> {
    const server = app.getHttpServer();
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new RawHttp(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  }

  async send(method: string, path: string, body: string | Uint8Array | undefined, contentType = 'application/json'): Promise<RawAnswer> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: { Authorization: `Bearer ${TEST_BOOTSTRAP_TOKEN}`, ...(body === undefined ? {} : { 'Content-Type': contentType }) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : Buffer.from(body),
    });
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      body: Buffer.from(await response.arrayBuffer()),
    };
  }
}

/** The HTTP contract's rule for every answer to hostile input: below 500, and an error envelope on a 4xx. */
export function expectRefusedOrServed(answer: RawAnswer, servedStatuses: number[], where: string): void {
  const summary = `${where}: ${answer.status} ${answer.body.subarray(0, 300).toString('utf8')}`;
  if (answer.status >= 500) throw new Error(`5xx for hostile input — ${summary}`);
  if (servedStatuses.includes(answer.status)) return;
  if (answer.status < 400) throw new Error(`unexpected success — ${summary}`);
  let envelope: { error?: { code?: unknown; message?: unknown } };
  try {
    envelope = JSON.parse(answer.body.toString('utf8')) as typeof envelope;
  } catch {
    throw new Error(`4xx without a JSON error envelope — ${summary}`);
  }
  if (
    typeof envelope.error?.code !== 'string' ||
    !/^[A-Z][A-Z0-9_]+$/.test(envelope.error.code) ||
    typeof envelope.error.message !== 'string'
  ) {
    throw new Error(`4xx without {error:{code,message}} — ${summary}`);
  }
}
