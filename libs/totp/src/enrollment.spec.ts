import { authenticator } from 'otplib';
import { decodeBase32 } from './base32';
import { buildOtpauthUri, generateTotpSecret, totpIssuer, type OtpauthUriInput } from './enrollment';
import { TotpError, type TotpErrorCode } from './errors';
import { codeAt, stepAt } from './totp';

function codeOf(run: () => unknown): TotpErrorCode | 'NO_ERROR' {
  try {
    run();
    return 'NO_ERROR';
  } catch (error: unknown) {
    if (error instanceof TotpError) return error.code;
    throw error;
  }
}

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

describe('generateTotpSecret', () => {
  it('ok/20 random bytes as 32 base32 characters, different each time', () => {
    const secrets = new Set(Array.from({ length: 20 }, () => generateTotpSecret()));
    expect(secrets.size).toBe(20);
    for (const secret of secrets) {
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      expect(decodeBase32(secret)).toHaveLength(20);
    }
  });

  it('ok/uses the injected random source', () => {
    const bytes = Buffer.from('12345678901234567890', 'ascii');
    expect(generateTotpSecret((size) => bytes.subarray(0, size))).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  });

  it('fail/a random source returning the wrong size', () => {
    expect(codeOf(() => generateTotpSecret(() => Buffer.alloc(19)))).toBe('TOTP_PARAMETER_INVALID');
  });
});

describe('buildOtpauthUri', () => {
  const input: OtpauthUriInput = { secret: SECRET, issuer: totpIssuer('acceptance'), accountName: 'Anna de Vries' };

  it('ok/Key Uri Format', () => {
    expect(buildOtpauthUri(input)).toBe(
      'otpauth://totp/Paspoort%20(acceptance):Anna%20de%20Vries' +
        `?secret=${SECRET}&issuer=Paspoort%20(acceptance)&algorithm=SHA1&digits=6&period=30`,
    );
  });

  it('ok/an app reading the URI computes the codes we verify', () => {
    const uri = new URL(buildOtpauthUri({ ...input, secret: SECRET.toLowerCase() }));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Paspoort (acceptance):Anna de Vries');
    expect(Object.fromEntries(uri.searchParams)).toEqual({
      secret: SECRET,
      issuer: 'Paspoort (acceptance)',
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    });
    const now = new Date('2031-05-06T07:08:09Z');
    const appCode = authenticator.clone({ epoch: now.getTime() }).generate(uri.searchParams.get('secret')!);
    expect(appCode).toBe(codeAt(SECRET, stepAt(now)));
  });

  it('ok/issuer per environment', () => {
    expect(['test', 'acceptance', 'production'].map((e) => totpIssuer(e as 'test'))).toEqual([
      'Paspoort (test)',
      'Paspoort (acceptance)',
      'Paspoort (production)',
    ]);
  });

  it('ok/reserved characters in the account name are percent-encoded', () => {
    const uri = buildOtpauthUri({ ...input, accountName: 'a&b=c?d/e#f' });
    expect(uri).toContain(':a%26b%3Dc%3Fd%2Fe%23f?');
  });

  it.each([
    ['fail/colon in account name', { accountName: 'anna:x' }, 'TOTP_PARAMETER_INVALID'],
    ['fail/colon in issuer', { issuer: 'Paspoort: test' }, 'TOTP_PARAMETER_INVALID'],
    ['fail/empty account name', { accountName: '' }, 'TOTP_PARAMETER_INVALID'],
    ['fail/control character', { accountName: 'anna\nx' }, 'TOTP_PARAMETER_INVALID'],
    ['fail/too long', { accountName: 'a'.repeat(101) }, 'TOTP_PARAMETER_INVALID'],
    ['fail/bad secret', { secret: 'not base32!' }, 'TOTP_SECRET_INVALID'],
    ['fail/short secret', { secret: 'JBSWY3DP' }, 'TOTP_SECRET_INVALID'],
  ] as [string, Partial<OtpauthUriInput>, TotpErrorCode][])('%s', (_name, change, code) => {
    expect(codeOf(() => buildOtpauthUri({ ...input, ...change }))).toBe(code);
  });
});
