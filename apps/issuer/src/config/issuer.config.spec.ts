import { randomBytes } from 'node:crypto';
import { ConfigError } from '@paspoort/service-kit';
import { loadIssuerConfig } from './issuer.config';

const kek = randomBytes(32).toString('base64');

describe('issuer configuration', () => {
  it('ok/defaults', () => {
    const config = loadIssuerConfig({ PASPOORT_CA_KEK: kek });
    expect(config.ca).toEqual(
      expect.objectContaining({
        curve: 'P-256',
        publicUrl: 'http://127.0.0.1:3001',
        validityDays: { personal: 365, system: 730 },
        crlValidityHours: 24,
        importDir: undefined,
      }),
    );
    expect(config.ca.kek).toHaveLength(32);
    expect(config.ca.policyOids.personal.test).toBe('2.999.1.1.1');
    expect(config.autoBlock).toEqual({ locks: 3, windowHours: 24 });
  });

  it('ok/overrides', () => {
    const config = loadIssuerConfig({
      PASPOORT_CA_KEK: kek,
      PASPOORT_CA_CURVE: 'P-384',
      PASPOORT_ISSUER_PUBLIC_URL: 'https://pki.example.org/',
      PASPOORT_POLICY_OID_SYSTEM_PRODUCTION: '1.3.6.1.4.1.99999.2.3',
    });
    expect(config.ca.curve).toBe('P-384');
    expect(config.ca.publicUrl).toBe('https://pki.example.org');
    expect(config.ca.policyOids.system.production).toBe('1.3.6.1.4.1.99999.2.3');
  });

  it.each([
    ['a missing KEK', {}, 'PASPOORT_CA_KEK is required'],
    ['a short KEK', { PASPOORT_CA_KEK: 'c2hvcnQ=' }, 'PASPOORT_CA_KEK must be 32 bytes'],
    ['an unknown curve', { PASPOORT_CA_KEK: kek, PASPOORT_CA_CURVE: 'P-521' }, 'PASPOORT_CA_CURVE'],
    [
      'a public URL with a query',
      { PASPOORT_CA_KEK: kek, PASPOORT_ISSUER_PUBLIC_URL: 'https://x.example/?a=1' },
      'PASPOORT_ISSUER_PUBLIC_URL',
    ],
    ['a malformed policy OID', { PASPOORT_CA_KEK: kek, PASPOORT_POLICY_OID_PERSONAL_TEST: 'abc' }, 'PASPOORT_POLICY_OID_PERSONAL_TEST'],
    ['a duplicated policy OID', { PASPOORT_CA_KEK: kek, PASPOORT_POLICY_OID_PERSONAL_TEST: '2.999.1.2.1' }, 'its own policy OID'],
    ['a validity of 0 days', { PASPOORT_CA_KEK: kek, PASPOORT_PERSONAL_VALIDITY_DAYS: '0' }, 'PASPOORT_PERSONAL_VALIDITY_DAYS'],
  ])('fail/%s is reported', (_, env, message) => {
    expect(() => loadIssuerConfig(env)).toThrow(ConfigError);
    expect(() => loadIssuerConfig(env)).toThrow(message);
  });
});
