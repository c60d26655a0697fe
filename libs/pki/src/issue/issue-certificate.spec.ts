import { X509Certificate as NodeX509 } from 'node:crypto';
import type { CertificateProfile } from '@paspoort/contracts';
import { describeCertificate, issueCertificate, parseCsr, type IssueCertificateParams } from '@paspoort/pki';
import { makeCsr, makeHierarchy, OpensslWorkspace, pemOf, type CsrKind, type TestHierarchy } from '../../test-support/pki-test-kit';

const PUBLIC_URL = 'https://pki.example.test/';
const NOT_BEFORE = new Date('2025-06-01T12:00:00.789Z');
const AT_TIME = String(Date.parse('2025-07-01T00:00:00Z') / 1000);
const PERSON = { personId: 'p-1234', name: 'Anna de Vries', organisationId: '01234567', organisationName: 'Huisartsenpraktijk Zuid' };
const SYSTEM = { organisationId: '01234567', organisationName: 'Apotheek Noord', systemName: 'declaratie-module' };

describe('issueCertificate', () => {
  let hierarchy: TestHierarchy;
  const ws = new OpensslWorkspace();

  beforeAll(async () => {
    hierarchy = await makeHierarchy();
    ws.write('root.pem', pemOf(hierarchy.root));
    ws.write('issuing.pem', pemOf(hierarchy.issuing.test.cert));
  });
  afterAll(() => ws.dispose());

  function params<P extends CertificateProfile>(csr: string, profile: P, holder: unknown): IssueCertificateParams<P> {
    const ca = hierarchy.issuing.test;
    return {
      csr,
      profile,
      environment: 'test',
      holder,
      issuingCa: ca.cert,
      issuingKeys: ca.keys,
      serial: '8f1e2d3c4b5a69788796a5b4c3d2e1f0',
      notBefore: NOT_BEFORE,
      validityDays: 365,
      publicUrl: PUBLIC_URL,
    };
  }

  async function opensslCsr(): Promise<string> {
    ws.run([
      'req',
      '-new',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      'holder.key',
      '-subj',
      '/CN=whatever',
      '-out',
      'holder.csr',
    ]);
    return (await import('node:fs')).readFileSync(ws.path('holder.csr'), 'utf8');
  }

  const SYSTEM_SUBJECT = 'CN=declaratie-module,organizationIdentifier=01234567,O=Apotheek Noord';
  const cases: Array<{ name: string; kind: CsrKind | 'openssl'; profile: CertificateProfile; holder: object; subject: string }> = [
    {
      name: 'ok/personal P-256',
      kind: 'p256',
      profile: 'personal',
      holder: PERSON,
      subject: 'serialNumber=p-1234,CN=Anna de Vries,organizationIdentifier=01234567,O=Huisartsenpraktijk Zuid',
    },
    {
      name: 'ok/personal P-384 without organisation',
      kind: 'p384',
      profile: 'personal',
      holder: { personId: 'p_77', name: 'Jan Jansen' },
      subject: 'serialNumber=p_77,CN=Jan Jansen',
    },
    { name: 'ok/system RSA-2048', kind: 'rsa2048', profile: 'system', holder: SYSTEM, subject: SYSTEM_SUBJECT },
    { name: 'ok/system openssl P-256 CSR', kind: 'openssl', profile: 'system', holder: SYSTEM, subject: SYSTEM_SUBJECT },
  ];

  it.each(cases)('$name', async ({ kind, profile, holder, subject }) => {
    const csr = kind === 'openssl' ? await opensslCsr() : (await makeCsr(kind)).pem;
    const issued = await issueCertificate(params(csr, profile, holder));

    const issuerKey = new NodeX509(pemOf(hierarchy.issuing.test.cert)).publicKey;
    expect(new NodeX509(issued.der).verify(issuerKey)).toBe(true);
    ws.write('leaf.pem', issued.pem);
    expect(
      ws.run(['verify', '-attime', AT_TIME, '-CAfile', 'root.pem', '-untrusted', 'issuing.pem', '-purpose', 'sslclient', 'leaf.pem']),
    ).toContain('leaf.pem: OK');
    expect(ws.run(['x509', '-in', 'leaf.pem', '-noout', '-serial']).trim().toLowerCase()).toBe(`serial=${issued.serial}`);
    const fingerprint = ws.run(['x509', '-in', 'leaf.pem', '-noout', '-fingerprint', '-sha256']).trim().split('=')[1];
    expect(fingerprint.replace(/:/g, '').toLowerCase()).toBe(issued.fingerprintSha256);

    const text = ws.run(['x509', '-in', 'leaf.pem', '-noout', '-text', '-nameopt', 'RFC2253,sep_comma_plus']);
    expect(text).toContain(`Subject: ${subject}\n`);
    expect(text).not.toContain('Evil Corp');
    expect(text).not.toContain('whatever');
    expectExtensions(text, profile);
    expect(describeCertificate(issued.certificate)).toMatchObject({
      serial: issued.serial,
      profile,
      environment: 'test',
      ...expectedFacts(profile, holder),
    });
  });

  it('ok/serial with the top bit set prints without a sign byte', async () => {
    const issued = await issueCertificate(params((await makeCsr('p256')).pem, 'personal', PERSON));
    expect(issued.serial).toBe('8f1e2d3c4b5a69788796a5b4c3d2e1f0');
  });

  it('ok/validity is whole seconds and clamped to the issuing CA notAfter', async () => {
    const csr = parseCsr((await makeCsr('p256')).pem);
    const early = await issueCertificate(params(csr as never, 'personal', PERSON));
    expect(early.notBefore.toISOString()).toBe('2025-06-01T12:00:00.000Z');
    expect(early.notAfter.toISOString()).toBe('2026-06-01T12:00:00.000Z');
    const late = await issueCertificate({ ...params(csr as never, 'personal', PERSON), notBefore: new Date('2033-12-01T00:00:00Z') });
    expect(late.notAfter).toEqual(hierarchy.issuing.test.cert.notAfter);
  });

  const failures: Array<{ name: string; change: Partial<IssueCertificateParams>; code: string }> = [
    { name: 'fail/holder of the wrong profile', change: { holder: SYSTEM }, code: 'HOLDER_INVALID' },
    { name: 'fail/zero validity days', change: { validityDays: 0 }, code: 'VALIDITY_INVALID' },
    { name: 'fail/fractional validity days', change: { validityDays: 1.5 }, code: 'VALIDITY_INVALID' },
    { name: 'fail/notBefore before the issuing CA', change: { notBefore: new Date('2023-01-01T00:00:00Z') }, code: 'VALIDITY_INVALID' },
    { name: 'fail/notBefore after the issuing CA', change: { notBefore: new Date('2035-01-01T00:00:00Z') }, code: 'VALIDITY_INVALID' },
    { name: 'fail/public URL not absolute', change: { publicUrl: 'pki.example.test' }, code: 'PKI_CONFIG_INVALID' },
    { name: 'fail/public URL with a query', change: { publicUrl: 'https://pki.example.test/?x=1' }, code: 'PKI_CONFIG_INVALID' },
    { name: 'fail/zero serial', change: { serial: '00' }, code: 'SERIAL_INVALID' },
    { name: 'fail/serial over 20 octets', change: { serial: '80'.repeat(20) }, code: 'SERIAL_INVALID' },
    { name: 'fail/garbage CSR', change: { csr: 'hello' }, code: 'CSR_MALFORMED' },
  ];

  it.each(failures)('$name', async ({ change, code }) => {
    const base = params((await makeCsr('p256')).pem, 'personal', PERSON);
    await expect(issueCertificate({ ...base, ...change })).rejects.toMatchObject({ code });
  });
});

function expectExtensions(text: string, profile: CertificateProfile): void {
  const policy = profile === 'personal' ? '2.999.1.1.1' : '2.999.1.2.1';
  for (const expected of [
    /X509v3 Basic Constraints: critical\s+CA:FALSE/,
    /X509v3 Key Usage: critical\s+Digital Signature\n/,
    /X509v3 Extended Key Usage: \s+TLS Web Client Authentication\n/,
    new RegExp(`Policy: ${policy.replace(/\./g, '\\.')}\\s+CPS: https://pki\\.example\\.test/cps`),
    /X509v3 Subject Key Identifier:/,
    /X509v3 Authority Key Identifier:/,
    /URI:https:\/\/pki\.example\.test\/crl\/test\.crl/,
    /OCSP - URI:https:\/\/pki\.example\.test\/ocsp\/test\n/,
    /CA Issuers - URI:https:\/\/pki\.example\.test\/ca\/test\/chain\.pem/,
    /Issuer: CN=Paspoort Issuing CA test,O=Paspoort/,
  ]) {
    expect(text).toMatch(expected);
  }
}

function expectedFacts(profile: CertificateProfile, holder: object): object {
  const h = holder as Record<string, string>;
  return profile === 'personal'
    ? { personId: h.personId, personName: h.name, organisationId: h.organisationId }
    : { organisationId: h.organisationId, organisationName: h.organisationName, systemName: h.systemName };
}
