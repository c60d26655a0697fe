import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';

type Server = Parameters<typeof request>[0];

/** Reads the issuer's CRL and asks its OCSP responder, and lets the openssl binary judge both answers. */
export class RevocationChecks {
  private readonly dir = mkdtempSync(join(tmpdir(), 'paspoort-e2e-'));

  constructor(
    private readonly server: () => Server,
    private readonly environment = 'test',
  ) {}

  /** Fetches the environment's chain (issuing CA first) once. */
  async init(): Promise<void> {
    const chain = (await request(this.server()).get(`/ca/${this.environment}/chain.pem`).expect(200)).text;
    this.write('chain.pem', chain);
    this.write('issuing.pem', chain.split(/(?=-----BEGIN CERTIFICATE-----)/)[0]);
  }

  /** The verified CRL as `openssl crl -text` prints it. */
  async crlText(): Promise<string> {
    const der = await binary(request(this.server()).get(`/crl/${this.environment}.crl`));
    this.write('current.crl', der);
    this.openssl(['crl', '-inform', 'DER', '-in', 'current.crl', '-out', 'current.crl.pem']);
    if (!this.openssl(['crl', '-in', 'current.crl.pem', '-CAfile', 'chain.pem', '-noout']).includes('verify OK'))
      throw new Error('CRL signature not verified');
    return this.openssl(['crl', '-in', 'current.crl.pem', '-noout', '-text']);
  }

  /** The CRL entry of a serial ('' when absent): serial line up to the next entry. */
  async crlEntry(serial: string): Promise<string> {
    const text = await this.crlText();
    const at = text.indexOf(`Serial Number: ${serial.toUpperCase()}`);
    if (at < 0) return '';
    const next = text.indexOf('Serial Number:', at + 10);
    return text.slice(at, next < 0 ? undefined : next);
  }

  /** The OCSP status of a certificate, request made and answer verified by openssl. */
  async ocsp(serial: string, certificatePem: string): Promise<string> {
    this.write(`${serial}.pem`, certificatePem);
    this.openssl(['ocsp', '-issuer', 'issuing.pem', '-cert', `${serial}.pem`, '-reqout', `${serial}.req`]);
    const body = Buffer.from(this.openssl(['base64', '-A', '-in', `${serial}.req`]), 'base64');
    const der = await binary(
      request(this.server()).post(`/ocsp/${this.environment}`).set('Content-Type', 'application/ocsp-request').send(body),
    );
    this.write(`${serial}.resp`, der);
    const text = this.openssl(['ocsp', '-reqin', `${serial}.req`, '-respin', `${serial}.resp`, '-resp_text', '-CAfile', 'chain.pem']);
    if (!text.includes('Response verify OK')) throw new Error(`OCSP response not verified:\n${text}`);
    return text;
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private write(name: string, content: string | Uint8Array): void {
    writeFileSync(join(this.dir, name), content);
  }

  private openssl(args: string[]): string {
    return execFileSync('sh', ['-c', 'openssl "$@" 2>&1', 'openssl', ...args], { cwd: this.dir, encoding: 'utf8' });
  }
}

async function binary(test: request.Test): Promise<Buffer> {
  const answer = await test.buffer(true).parse((res, cb) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  });
  if (answer.status !== 200) throw new Error(`the issuer answered ${answer.status}`);
  return answer.body as Buffer;
}
