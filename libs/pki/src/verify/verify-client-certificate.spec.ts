import type { Environment } from '@paspoort/contracts';
import { describeCertificate, issueCertificate, verifyClientCertificate, type IssuedCertificate, type PolicyOidTable } from '@paspoort/pki';
import { makeCsr, makeHierarchy, type TestHierarchy } from '../../test-support/pki-test-kit';

const NOT_BEFORE = new Date('2025-06-01T00:00:00Z');
const DURING = new Date('2025-09-01T00:00:00Z');

describe('verifyClientCertificate and describeCertificate', () => {
  let hierarchy: TestHierarchy;
  let other: TestHierarchy;
  let personal: IssuedCertificate;
  let system: IssuedCertificate;

  async function issue(
    environment: Environment,
    profile: 'personal' | 'system',
    holder: object,
    from = hierarchy,
  ): Promise<IssuedCertificate> {
    const ca = from.issuing[environment];
    return issueCertificate({
      csr: (await makeCsr('p256')).pem,
      profile,
      environment,
      holder,
      issuingCa: ca.cert,
      issuingKeys: ca.keys,
      serial: '4a5b6c7d8e9f',
      notBefore: NOT_BEFORE,
      validityDays: 365,
      publicUrl: 'https://pki.example.test',
    });
  }

  beforeAll(async () => {
    [hierarchy, other] = await Promise.all([makeHierarchy(), makeHierarchy()]);
    personal = await issue('test', 'personal', {
      personId: 'p-9',
      name: 'Piet Pieters',
      organisationId: '87654321',
      organisationName: 'Zorg BV',
    });
    system = await issue('test', 'system', { organisationId: '01234567', organisationName: 'Apotheek', systemName: 'kassa' });
  });

  const ctx = (environment: Environment = 'test', now = DURING, from?: TestHierarchy) => {
    const h = from ?? hierarchy;
    return { issuingCa: h.issuing[environment].cert, rootCa: h.root, now };
  };

  it('ok/PEM, DER and parsed certificate are accepted in their own environment', () => {
    for (const input of [personal.pem, personal.der, personal.certificate]) {
      expect(verifyClientCertificate(input, ctx())).toMatchObject({ ok: true });
    }
  });

  it('ok/valid exactly at notBefore and at notAfter', () => {
    expect(verifyClientCertificate(personal.pem, ctx('test', personal.notBefore)).ok).toBe(true);
    expect(verifyClientCertificate(personal.pem, ctx('test', personal.notAfter)).ok).toBe(true);
  });

  const refusals: Array<{ name: string; context: () => ReturnType<typeof ctx>; cert?: () => string | Buffer; reason: string }> = [
    { name: 'fail/acceptance CA refuses a test certificate', context: () => ctx('acceptance'), reason: 'NOT_ISSUED_BY_ENVIRONMENT_CA' },
    { name: 'fail/production CA refuses a test certificate', context: () => ctx('production'), reason: 'NOT_ISSUED_BY_ENVIRONMENT_CA' },
    { name: 'fail/same-named CA of another hierarchy', context: () => ctx('test', DURING, other), reason: 'NOT_ISSUED_BY_ENVIRONMENT_CA' },
    {
      name: 'fail/issuing CA not under the given root',
      context: () => ({ ...ctx(), rootCa: other.root }),
      reason: 'NOT_ISSUED_BY_ENVIRONMENT_CA',
    },
    {
      name: 'fail/the issuing CA itself is not a client certificate',
      context: () => ({ ...ctx(), issuingCa: hierarchy.root }),
      cert: () => hierarchy.issuing.test.cert.toString('pem'),
      reason: 'NOT_ISSUED_BY_ENVIRONMENT_CA',
    },
    {
      name: 'fail/tampered signature',
      context: () => ctx(),
      cert: () => tamperedSignature(personal.der),
      reason: 'NOT_ISSUED_BY_ENVIRONMENT_CA',
    },
    { name: 'fail/expired', context: () => ctx('test', new Date('2026-06-02T00:00:00Z')), reason: 'CERTIFICATE_EXPIRED' },
    { name: 'fail/not yet valid', context: () => ctx('test', new Date('2025-05-31T23:59:59Z')), reason: 'CERTIFICATE_EXPIRED' },
  ];

  it.each(refusals)('$name', ({ context, cert, reason }) => {
    expect(verifyClientCertificate(cert ? cert() : personal.pem, context())).toMatchObject({ ok: false, reason });
  });

  it.each(['', 'garbage', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----'])(
    'fail/malformed input %j throws CERTIFICATE_MALFORMED',
    (input) => {
      expect(() => verifyClientCertificate(input, ctx())).toThrow(expect.objectContaining({ code: 'CERTIFICATE_MALFORMED' }));
    },
  );

  it('ok/describes a personal certificate', () => {
    expect(describeCertificate(personal.pem)).toEqual({
      serial: '4a5b6c7d8e9f',
      fingerprintSha256: personal.fingerprintSha256,
      profile: 'personal',
      environment: 'test',
      personId: 'p-9',
      personName: 'Piet Pieters',
      organisationId: '87654321',
      organisationName: 'Zorg BV',
      notBefore: personal.notBefore,
      notAfter: personal.notAfter,
      subjectDn: personal.subjectDn,
      issuerDn: personal.issuerDn,
    });
  });

  it('ok/describes a system certificate', () => {
    expect(describeCertificate(system.der)).toMatchObject({
      profile: 'system',
      environment: 'test',
      organisationId: '01234567',
      organisationName: 'Apotheek',
      systemName: 'kassa',
    });
    expect(describeCertificate(system.der).personId).toBeUndefined();
  });

  it('ok/falls back to subject attributes when the policy OID table differs', () => {
    const foreign: PolicyOidTable = {
      personal: { test: '1.2.3.1', acceptance: '1.2.3.2', production: '1.2.3.3' },
      system: { test: '1.2.3.4', acceptance: '1.2.3.5', production: '1.2.3.6' },
    };
    expect(describeCertificate(personal.pem, foreign)).toMatchObject({ profile: 'personal', environment: undefined, personId: 'p-9' });
    expect(describeCertificate(system.pem, foreign)).toMatchObject({ profile: 'system', systemName: 'kassa' });
  });

  it('fail/a CA certificate has no profile', () => {
    expect(() => describeCertificate(hierarchy.root)).toThrow(expect.objectContaining({ code: 'CERTIFICATE_PROFILE_UNKNOWN' }));
  });
});

function tamperedSignature(der: Buffer): Buffer {
  const copy = Buffer.from(der);
  copy[copy.length - 3] ^= 0x01;
  return copy;
}
