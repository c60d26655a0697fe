import { TOPICS, type CertificateStatusValue, type EventEnvelope } from '@paspoort/contracts';
import { jsonValues, readTopic } from '@paspoort/testing';
import { IssuerHarness, makeCsr, Openssl } from './support/issuer-test-kit';

const holder = { personId: 'p-3001', name: 'Carla Bos' };

describe('issuer: block, unblock, revoke with CRL and OCSP checked by openssl (real Kafka and Postgres)', () => {
  let issuer: IssuerHarness;
  let openssl: Openssl;
  let operator: string;

  beforeAll(async () => {
    issuer = await IssuerHarness.start();
    operator = await issuer.operator();
    openssl = new Openssl();
    const chain = (await issuer.http.get('/ca/test/chain.pem').expect(200)).text;
    openssl.write('chain.pem', chain);
    openssl.write('issuing.pem', `${chain.split(/(?=-----BEGIN CERTIFICATE-----)/)[0]}`);
  });

  afterAll(async () => {
    await issuer?.stop();
    openssl?.dispose();
  });

  const post = (path: string, body: object = {}) => issuer.http.post(path).set('Authorization', `Bearer ${operator}`).send(body);

  async function issued(): Promise<string> {
    const { body } = await post('/certificates', { csr: await makeCsr(), profile: 'personal', environment: 'test', holder }).expect(201);
    openssl.write(`${body.serial}.pem`, body.certificatePem);
    return body.serial as string;
  }

  /** `openssl ocsp` builds the request (nonce on), we POST it, openssl verifies the answer and prints the status. */
  async function ocsp(serial: string, digest = '-sha1'): Promise<string> {
    openssl.run(['ocsp', '-issuer', 'issuing.pem', digest, '-cert', `${serial}.pem`, '-reqout', `${serial}.req`]);
    const request = openssl.run(['base64', '-A', '-in', `${serial}.req`]);
    const response = await issuer.http
      .post('/ocsp/test')
      .set('Content-Type', 'application/ocsp-request')
      .send(Buffer.from(request, 'base64'))
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200)
      .expect('Content-Type', 'application/ocsp-response');
    openssl.write(`${serial}.resp`, response.body as Buffer);
    const text = openssl.run(['ocsp', '-reqin', `${serial}.req`, '-respin', `${serial}.resp`, '-resp_text', '-CAfile', 'chain.pem']);
    expect(text).toContain('Response verify OK');
    expect(text).toContain(`Serial Number: ${serial.toUpperCase()}`);
    return text;
  }

  async function crlText(): Promise<string> {
    const response = await issuer.http
      .get('/crl/test.crl')
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200)
      .expect('Content-Type', 'application/pkix-crl');
    openssl.write('test.crl', response.body as Buffer);
    openssl.run(['crl', '-inform', 'DER', '-in', 'test.crl', '-out', 'test.crl.pem']);
    expect(openssl.run(['crl', '-in', 'test.crl.pem', '-CAfile', 'chain.pem', '-noout'])).toContain('verify OK');
    return openssl.run(['crl', '-in', 'test.crl.pem', '-noout', '-text']);
  }

  const serialLine = (serial: string) => `Serial Number: ${serial.toUpperCase()}`;

  it('ok/an active certificate is good over OCSP (SHA-1 and SHA-256 CertIDs, nonce echoed) and absent from the CRL', async () => {
    const serial = await issued();
    const answer = await ocsp(serial);
    expect(answer).toContain('Cert Status: good');
    expect(answer).toContain('OCSP Nonce');
    expect(await ocsp(serial, '-sha256')).toMatch(/Hash Algorithm: sha256[\s\S]*Cert Status: good/);
    expect(await crlText()).not.toContain(serialLine(serial));
  });

  it('ok/block → certificateHold on the CRL and OCSP; unblock → good and the CRL entry gone; events and state follow', async () => {
    const serial = await issued();
    const blocked = await post(`/certificates/${serial}/block`, { cause: 'lost' }).expect(200);
    expect(blocked.body).toEqual(expect.objectContaining({ status: 'blocked', blockCause: 'lost' }));
    const crl = await crlText();
    expect(crl).toContain(serialLine(serial));
    expect(crl.slice(crl.indexOf(serialLine(serial)))).toMatch(/CRL Reason Code:\s+Certificate Hold/);
    expect(await ocsp(serial)).toMatch(/Cert Status: revoked[\s\S]*Revocation Reason: certificateHold \(0x6\)/);

    await post(`/certificates/${serial}/unblock`)
      .expect(200)
      .expect((r) => expect(r.body.status).toBe('active'));
    expect(await crlText()).not.toContain(serialLine(serial));
    expect(await ocsp(serial)).toContain('Cert Status: good');

    const events = jsonValues<EventEnvelope>(
      await readTopic(issuer.topic(TOPICS.certificates), (m) => m.filter((x) => x.key?.toString() === serial).length >= 3),
    ).filter((e) => e.subject === serial);
    expect(events.map((e) => [e.type, e.actor])).toEqual([
      ['certificate.issued', 'person:op-1'],
      ['certificate.blocked', 'person:op-1'],
      ['certificate.unblocked', 'person:op-1'],
    ]);
    expect(events[1].data).toEqual(expect.objectContaining({ cause: 'lost' }));
    expect(events[2].data).toEqual(expect.objectContaining({ previousCause: 'lost' }));
    const states = jsonValues<CertificateStatusValue>(
      await readTopic(issuer.topic(TOPICS.certificateStatus), (m) => m.filter((x) => x.key?.toString() === serial).length >= 3),
    ).filter((v) => v.key === serial);
    expect(states.map((v) => [v.revision, v.status, v.blockCause ?? null])).toEqual([
      [1, 'active', null],
      [2, 'blocked', 'lost'],
      [3, 'active', null],
    ]);
  });

  it('ok/revoke → revoked with its reason on the CRL, OCSP, events and state; revocation is final', async () => {
    const serial = await issued();
    await post(`/certificates/${serial}/block`, { cause: 'requested' }).expect(200);
    await post(`/certificates/${serial}/revoke`, { reason: 'keyCompromise' })
      .expect(200)
      .expect((r) => expect(r.body.revocationReason).toBe('keyCompromise'));
    const crl = await crlText();
    expect(crl.slice(crl.indexOf(serialLine(serial)))).toMatch(/CRL Reason Code:\s+Key Compromise/);
    expect(await ocsp(serial)).toMatch(/Cert Status: revoked[\s\S]*Revocation Reason: keyCompromise \(0x1\)/);
    const states = jsonValues<CertificateStatusValue>(
      await readTopic(issuer.topic(TOPICS.certificateStatus), (m) => m.filter((x) => x.key?.toString() === serial).length >= 3),
    ).filter((v) => v.key === serial);
    expect(states[2]).toEqual(expect.objectContaining({ revision: 3, status: 'revoked', revocationReason: 'keyCompromise' }));

    for (const [path, body, code] of [
      ['unblock', {}, 'CERTIFICATE_ALREADY_REVOKED'],
      ['revoke', { reason: 'superseded' }, 'CERTIFICATE_ALREADY_REVOKED'],
      ['block', { cause: 'lost' }, 'CERTIFICATE_ALREADY_REVOKED'],
    ] as const) {
      const response = await post(`/certificates/${serial}/${path}`, body).expect(409);
      expect(response.body.error.code).toBe(code);
    }
  });

  it('ok/a serial the CA never issued is unknown over OCSP, also when asked with GET', async () => {
    openssl.run(['ocsp', '-issuer', 'issuing.pem', '-serial', '0x0123456789abcdef', '-reqout', 'unknown.req']);
    const base64 = openssl.run(['base64', '-A', '-in', 'unknown.req']);
    const response = await issuer.http
      .get(`/ocsp/test/${encodeURIComponent(base64)}`)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    openssl.write('unknown.resp', response.body as Buffer);
    const text = openssl.run(['ocsp', '-reqin', 'unknown.req', '-respin', 'unknown.resp', '-resp_text', '-CAfile', 'chain.pem']);
    expect(text).toContain('Response verify OK');
    expect(text).toMatch(/Serial Number: 0123456789ABCDEF\s+Cert Status: unknown/);
  });

  it.each([
    ['a malformed OCSP request', Buffer.from('not an ocsp request')],
    ['an OCSP request over the 16 KiB limit', Buffer.alloc(20 * 1024, 0x30)],
  ])('fail/%s gets an OCSP malformedRequest response', async (_, body) => {
    const response = await issuer.http
      .post('/ocsp/test')
      .set('Content-Type', 'application/ocsp-request')
      .send(body)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(response.headers['content-type']).toBe('application/ocsp-response');
    openssl.write('malformed.resp', response.body as Buffer);
    expect(openssl.runAll(['ocsp', '-respin', 'malformed.resp', '-resp_text', '-noverify'])).toMatch(
      /Responder Error: malformedrequest \(1\)/,
    );
  });

  it.each([
    ['unblocking an active certificate', 'unblock', {}, 409, 'CERTIFICATE_NOT_BLOCKED'],
    ['an unknown block cause', 'block', { cause: 'bored' }, 400, 'BLOCK_CAUSE_INVALID'],
    ['an unknown revocation reason', 'revoke', { reason: 'certificateHold' }, 400, 'REVOCATION_REASON_INVALID'],
  ])('fail/%s is refused', async (_, path, body, status, code) => {
    const serial = await issued();
    expect((await post(`/certificates/${serial}/${path}`, body).expect(status)).body.error.code).toBe(code);
  });

  it('fail/lifecycle calls on an unknown serial, from another environment or without the operator role are refused', async () => {
    expect((await post('/certificates/0a0b0c/block', { cause: 'lost' }).expect(404)).body.error.code).toBe('CERTIFICATE_UNKNOWN');
    const serial = await issued();
    const production = await issuer.operator('production');
    const wrongEnv = await issuer.http
      .post(`/certificates/${serial}/block`)
      .set('Authorization', `Bearer ${production}`)
      .send({ cause: 'lost' })
      .expect(403);
    expect(wrongEnv.body.error.code).toBe('FORBIDDEN_ENVIRONMENT');
    const orgAdmin = await issuer.token(['org-admin:01234567']);
    await issuer.http
      .post(`/certificates/${serial}/revoke`)
      .set('Authorization', `Bearer ${orgAdmin}`)
      .send({ reason: 'superseded' })
      .expect(403);
    expect((await issuer.http.get(`/certificates/${serial}`).set('Authorization', `Bearer ${operator}`)).body.status).toBe('active');
  });
});
