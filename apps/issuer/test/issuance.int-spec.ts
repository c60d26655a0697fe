import { X509Certificate } from 'node:crypto';
import { TOPICS, type CaChainValue, type CertificateStatusValue, type EventEnvelope } from '@paspoort/contracts';
import { jsonValues, readTopic } from '@paspoort/testing';
import { IssuerHarness, makeCsr, Openssl, type CsrKind } from './support/issuer-test-kit';

const PUBLIC_URL = 'https://issuer.example.test';
const personal = { personId: 'p-1001', name: 'Anna de Vries', organisationId: '01234567', organisationName: 'Praktijk Noord' };
const system = { organisationId: '87654321', organisationName: 'Apotheek Zuid', systemName: 'declaratie-client' };

describe('issuer: CA initialisation and issuance (real Kafka and Postgres)', () => {
  let issuer: IssuerHarness;
  let openssl: Openssl;
  let operator: string;

  beforeAll(async () => {
    issuer = await IssuerHarness.start({ PASPOORT_ISSUER_PUBLIC_URL: PUBLIC_URL });
    operator = await issuer.operator();
    openssl = new Openssl();
    const chain = await issuer.http
      .get('/ca/test/chain.pem')
      .expect(200)
      .expect('Content-Type', /application\/x-pem-file/);
    openssl.write('chain.pem', chain.text);
  });

  afterAll(async () => {
    await issuer?.stop();
    openssl?.dispose();
  });

  const issue = (body: Record<string, unknown>, token = operator) =>
    issuer.http.post('/certificates').set('Authorization', `Bearer ${token}`).send(body);

  it('ok/the chain of every environment is served and published on paspoort.ca.v1', async () => {
    const chains = jsonValues<CaChainValue>(await readTopic(issuer.topic(TOPICS.ca), (m) => m.length >= 3));
    expect(chains.map((c) => c.environment).sort()).toEqual(['acceptance', 'production', 'test']);
    for (const value of chains) {
      const served = await issuer.http.get(`/ca/${value.environment}/chain.pem`).expect(200);
      expect(served.text).toBe(value.chainPem);
      expect(value.revision).toBe(1);
      expect(new X509Certificate(value.issuingCaPem).verify(new X509Certificate(value.rootCaPem).publicKey)).toBe(true);
    }
    expect(new Set(chains.map((c) => c.rootCaPem)).size).toBe(1);
    await issuer.http
      .get('/ca/staging/chain.pem')
      .expect(404)
      .expect((r) => expect(r.body.error.code).toBe('ENVIRONMENT_UNKNOWN'));
  });

  it.each<[CsrKind]>([['p256'], ['p384'], ['rsa2048']])(
    'ok/a personal certificate from a node:crypto %s CSR verifies with openssl and carries every extension',
    async (kind) => {
      const response = await issue({ csr: await makeCsr(kind), profile: 'personal', environment: 'test', holder: personal }).expect(201);
      const body = response.body as {
        serial: string;
        fingerprintSha256: string;
        certificatePem: string;
        chainPem: string;
        notBefore: string;
        notAfter: string;
      };
      const file = openssl.write(`${body.serial}.pem`, body.certificatePem);
      expect(openssl.run(['verify', '-CAfile', 'chain.pem', '-purpose', 'sslclient', '-x509_strict', file])).toContain(': OK');
      expect(openssl.run(['x509', '-in', file, '-noout', '-serial']).trim()).toBe(`serial=${body.serial.toUpperCase()}`);
      const text = openssl.run(['x509', '-in', file, '-noout', '-text', '-nameopt', 'RFC2253']);
      expect(text).toContain('Subject: serialNumber=p-1001,CN=Anna de Vries,organizationIdentifier=01234567,O=Praktijk Noord');
      expect(text).not.toContain('Evil Corp');
      expect(text).toMatch(/X509v3 Basic Constraints: critical\s+CA:FALSE/);
      expect(text).toMatch(/X509v3 Key Usage: critical\s+Digital Signature/);
      expect(text).toMatch(/X509v3 Extended Key Usage:\s+TLS Web Client Authentication/);
      expect(text).toMatch(/Policy: 2\.999\.1\.1\.1\s+CPS: https:\/\/issuer\.example\.test\/cps/);
      expect(text).toContain('X509v3 Subject Key Identifier');
      expect(text).toContain('X509v3 Authority Key Identifier');
      expect(text).toContain('URI:https://issuer.example.test/crl/test.crl');
      expect(text).toContain('OCSP - URI:https://issuer.example.test/ocsp/test');
      expect(body.chainPem).toBe((await issuer.http.get('/ca/test/chain.pem')).text);
      const cert = new X509Certificate(body.certificatePem);
      expect(cert.fingerprint256.replace(/:/g, '').toLowerCase()).toBe(body.fingerprintSha256);
      const days = (Date.parse(body.notAfter) - Date.parse(body.notBefore)) / 86400_000;
      expect(Math.round(days)).toBe(365);
    },
  );

  it('ok/a system certificate from an `openssl req` CSR verifies with openssl; the subject is the organisation and system', async () => {
    openssl.run([
      'req',
      '-new',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      'sys.key',
      '-subj',
      '/CN=asked-for/O=Other',
      '-out',
      'sys.csr',
    ]);
    const csr = openssl.run(['req', '-in', 'sys.csr']);
    const { body } = await issue({ csr, profile: 'system', environment: 'test', holder: system }).expect(201);
    const file = openssl.write('sys.pem', (body as { certificatePem: string }).certificatePem);
    expect(openssl.run(['verify', '-CAfile', 'chain.pem', '-purpose', 'sslclient', file])).toContain(': OK');
    const text = openssl.run(['x509', '-in', file, '-noout', '-text', '-nameopt', 'RFC2253']);
    expect(text).toContain('Subject: CN=declaratie-client,organizationIdentifier=87654321,O=Apotheek Zuid');
    expect(text).toMatch(/Policy: 2\.999\.1\.2\.1/);
    expect(openssl.run(['x509', '-in', file, '-noout', '-pubkey'])).toBe(openssl.run(['pkey', '-in', 'sys.key', '-pubout']));
    const days = (Date.parse((body as { notAfter: string }).notAfter) - Date.parse((body as { notBefore: string }).notBefore)) / 86400_000;
    expect(Math.round(days)).toBe(730);
  });

  it('ok/issuance publishes certificate.issued and the first status value, and the certificate reads back', async () => {
    const { body } = await issue({ csr: await makeCsr(), profile: 'personal', environment: 'test', holder: personal }).expect(201);
    const serial = (body as { serial: string }).serial;
    const events = jsonValues<EventEnvelope<'certificate.issued'>>(
      await readTopic(issuer.topic(TOPICS.certificates), (m) => m.some((x) => x.key?.toString() === serial)),
    ).filter((e) => e.subject === serial);
    expect(events).toEqual([
      expect.objectContaining({
        type: 'certificate.issued',
        source: 'issuer',
        environment: 'test',
        actor: 'person:op-1',
        outcome: 'success',
        refs: { personId: 'p-1001', serial, organisationId: '01234567' },
        data: expect.objectContaining({
          serial,
          profile: 'personal',
          personId: 'p-1001',
          name: 'Anna de Vries',
          fingerprintSha256: body.fingerprintSha256,
        }),
      }),
    ]);
    const states = jsonValues<CertificateStatusValue>(
      await readTopic(issuer.topic(TOPICS.certificateStatus), (m) => m.some((x) => x.key?.toString() === serial)),
    ).filter((v) => v.key === serial);
    expect(states).toEqual([
      expect.objectContaining({ serial, revision: 1, status: 'active', environment: 'test', profile: 'personal', personId: 'p-1001' }),
    ]);
    const read = await issuer.http.get(`/certificates/${serial.toUpperCase()}`).set('Authorization', `Bearer ${operator}`).expect(200);
    expect(read.body).toEqual(expect.objectContaining({ serial, status: 'active', holder: personal, certificatePem: body.certificatePem }));
  });
});
