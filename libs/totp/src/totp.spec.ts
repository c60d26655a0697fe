import { createHmac } from 'node:crypto';
import * as fc from 'fast-check';
import { authenticator } from 'otplib';
import { encodeBase32 } from './base32';
import { TotpError, type TotpErrorCode } from './errors';
import { codeAt, stepAt, verifyTotp, type TotpVerification, type VerifyTotpInput } from './totp';

/** RFC 6238 Appendix B (SHA-1) and RFC 4226 Appendix D use the ASCII secret "12345678901234567890". */
const RFC_SECRET = encodeBase32(Buffer.from('12345678901234567890', 'ascii'));
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'; // 20 bytes
const STEP = 60_000_000; // 2027-01-15, an arbitrary fixed step
const startOf = (step: number): Date => new Date(step * 30_000);

function codeOf(run: () => unknown): TotpErrorCode | 'NO_ERROR' {
  try {
    run();
    return 'NO_ERROR';
  } catch (error: unknown) {
    if (error instanceof TotpError) return error.code;
    throw error;
  }
}

/** An independent HOTP, written from RFC 4226 section 5 for this test only. */
function referenceTotp(key: Buffer, unixSeconds: number, digits: number): string {
  const counter = Buffer.alloc(8);
  counter.writeUInt32BE(Math.floor(Math.floor(unixSeconds / 30) / 2 ** 32), 0);
  counter.writeUInt32BE(Math.floor(unixSeconds / 30) % 2 ** 32, 4);
  const hmac = createHmac('sha1', key).update(counter).digest();
  const o = hmac[19]! & 0xf;
  const value = ((hmac[o]! & 0x7f) << 24) | (hmac[o + 1]! << 16) | (hmac[o + 2]! << 8) | hmac[o + 3]!;
  return (value % 10 ** digits).toString().padStart(digits, '0');
}

describe('RFC test vectors', () => {
  it.each([
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ])('ok/RFC 6238 SHA-1 at %i s is %s', (seconds, expected) => {
    const now = new Date(seconds * 1000);
    expect(codeAt(RFC_SECRET, stepAt(now), 8)).toBe(expected);
    expect(verifyTotp({ secret: RFC_SECRET, code: expected, now, digits: 8, window: 0 })).toEqual({
      ok: true,
      step: stepAt(now),
      drift: 0,
    });
  });

  const hotpVectors = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
  it.each(hotpVectors.map((code, counter) => [counter, code] as const))('ok/RFC 4226 HOTP counter %i is %s', (counter, code) => {
    expect(codeAt(RFC_SECRET, counter)).toBe(code);
  });
});

describe('stepAt', () => {
  it.each([
    ['ok/epoch', 0, 0],
    ['ok/last ms of step 0', 29_999, 0],
    ['ok/first ms of step 1', 30_000, 1],
    ['ok/before the epoch', -1, -1],
  ])('%s', (_name, ms, step) => {
    expect(stepAt(new Date(ms))).toBe(step);
  });
  it('fail/invalid date', () => {
    expect(codeOf(() => stepAt(new Date(NaN)))).toBe('TOTP_PARAMETER_INVALID');
  });
});

describe('verifyTotp', () => {
  const verify = (code: string, extra: Partial<VerifyTotpInput> = {}): TotpVerification =>
    verifyTotp({ secret: SECRET, code, now: startOf(STEP), ...extra });
  const ok = (step: number): TotpVerification => ({ ok: true, step, drift: step - STEP });
  const refused = (reason: 'TOTP_INVALID' | 'TOTP_REPLAYED' | 'TOTP_MALFORMED'): TotpVerification => ({
    ok: false,
    reason,
  });

  const cases: [string, number, Partial<VerifyTotpInput>, TotpVerification][] = [
    ['ok/current step', STEP, {}, ok(STEP)],
    ['ok/previous step (window 1)', STEP - 1, {}, ok(STEP - 1)],
    ['ok/next step (window 1)', STEP + 1, {}, ok(STEP + 1)],
    ['fail/two steps back', STEP - 2, {}, refused('TOTP_INVALID')],
    ['fail/two steps ahead', STEP + 2, {}, refused('TOTP_INVALID')],
    ['fail/window 0: previous step', STEP - 1, { window: 0 }, refused('TOTP_INVALID')],
    ['ok/window 0: current step', STEP, { window: 0 }, ok(STEP)],
    ['ok/window 2: two steps back', STEP - 2, { window: 2 }, ok(STEP - 2)],
    ['ok/last ms of the step', STEP, { now: new Date(startOf(STEP + 1).getTime() - 1) }, ok(STEP)],
    ['ok/first ms of the next step still takes the previous code', STEP, { now: startOf(STEP + 1) }, { ok: true, step: STEP, drift: -1 }],
    ['fail/first ms two steps later', STEP, { now: startOf(STEP + 2) }, refused('TOTP_INVALID')],
    ['fail/replay of the same step', STEP, { lastUsedStep: STEP }, refused('TOTP_REPLAYED')],
    ['fail/earlier step after a later one was used', STEP - 1, { lastUsedStep: STEP }, refused('TOTP_REPLAYED')],
    ['fail/current code after the next step was used', STEP, { lastUsedStep: STEP + 1 }, refused('TOTP_REPLAYED')],
    ['ok/later step than the last used', STEP, { lastUsedStep: STEP - 1 }, ok(STEP)],
    ['ok/null lastUsedStep is no guard', STEP, { lastUsedStep: null }, ok(STEP)],
    ['ok/8 digits', STEP, { digits: 8 }, ok(STEP)],
    ['ok/lower-case secret', STEP, { secret: SECRET.toLowerCase() }, ok(STEP)],
  ];
  it.each(cases)('%s', (_name, codeStep, extra, expected) => {
    const code = codeAt(SECRET, codeStep, extra.digits ?? 6);
    expect(verify(code, extra)).toEqual(expected);
  });

  it('fail/a wrong code', () => {
    const wrong = String((Number(codeAt(SECRET, STEP)) + 1) % 1_000_000).padStart(6, '0');
    expect([STEP - 1, STEP + 1].map((s) => codeAt(SECRET, s))).not.toContain(wrong);
    expect(verify(wrong)).toEqual(refused('TOTP_INVALID'));
  });

  it('ok/a code is accepted with surrounding whitespace', () => {
    for (const wrap of [(c: string) => ` ${c}`, (c: string) => `${c} `, (c: string) => `\t${c}\r\n`]) {
      expect(verify(wrap(codeAt(SECRET, STEP)))).toEqual(ok(STEP));
    }
  });

  it('ok/near the epoch, steps before 0 are skipped', () => {
    expect(verifyTotp({ secret: SECRET, code: codeAt(SECRET, 0), now: new Date(1000) })).toEqual({
      ok: true,
      step: 0,
      drift: 0,
    });
  });

  const malformed: [string, unknown][] = [
    ['fail/empty', ''],
    ['fail/five digits', '12345'],
    ['fail/seven digits', '1234567'],
    ['fail/inner space', '123 456'],
    ['fail/dash', '123-456'],
    ['fail/letters', 'abcdef'],
    ['fail/sign', '+12345'],
    ['fail/decimal point', '12345.'],
    ['fail/non-ascii digits', '١٢٣٤٥٦'],
    ['fail/fullwidth digits', '１２３４５６'],
    ['fail/non-breaking space', '\u00a0123456'],
    ['fail/only whitespace', '      '],
    ['fail/very long', '1'.repeat(100_000)],
    ['fail/number instead of string', 123456],
    ['fail/null', null],
    ['fail/undefined', undefined],
  ];
  it.each(malformed)('%s is TOTP_MALFORMED', (_name, code) => {
    expect(verifyTotp({ secret: SECRET, code: code as string, now: startOf(STEP) })).toEqual(refused('TOTP_MALFORMED'));
  });
  it('fail/a 6-digit code is malformed when 8 digits are expected', () => {
    expect(verify('123456', { digits: 8 })).toEqual(refused('TOTP_MALFORMED'));
  });

  const invalidInput: [string, Partial<VerifyTotpInput>, TotpErrorCode][] = [
    ['fail/secret too short (10 bytes)', { secret: 'JBSWY3DPEHPK3PXP' }, 'TOTP_SECRET_INVALID'],
    ['fail/secret with a space', { secret: `${SECRET.slice(0, 8)} ${SECRET.slice(8)}` }, 'TOTP_SECRET_INVALID'],
    ['fail/secret outside the alphabet', { secret: SECRET.replace('J', '1') }, 'TOTP_SECRET_INVALID'],
    ['fail/secret empty', { secret: '' }, 'TOTP_SECRET_INVALID'],
    ['fail/digits 5', { digits: 5 }, 'TOTP_PARAMETER_INVALID'],
    ['fail/digits 9', { digits: 9 }, 'TOTP_PARAMETER_INVALID'],
    ['fail/window negative', { window: -1 }, 'TOTP_PARAMETER_INVALID'],
    ['fail/window too wide', { window: 11 }, 'TOTP_PARAMETER_INVALID'],
    ['fail/window fractional', { window: 1.5 }, 'TOTP_PARAMETER_INVALID'],
    ['fail/invalid now', { now: new Date('x') }, 'TOTP_PARAMETER_INVALID'],
    ['fail/lastUsedStep fractional', { lastUsedStep: 1.5 }, 'TOTP_PARAMETER_INVALID'],
  ];
  it.each(invalidInput)('%s', (_name, extra, code) => {
    expect(codeOf(() => verify('123456', extra))).toBe(code);
  });

  it('fail/errors never echo the secret', () => {
    const secret = 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U9';
    try {
      verifyTotp({ secret, code: '123456', now: startOf(STEP) });
      throw new Error('expected a TotpSecretInvalid');
    } catch (error: unknown) {
      expect((error as Error).message).not.toContain(secret.slice(0, 8));
    }
  });
});

describe('codeAt', () => {
  it.each([
    ['fail/negative step', -1, 6, 'TOTP_PARAMETER_INVALID'],
    ['fail/fractional step', 1.5, 6, 'TOTP_PARAMETER_INVALID'],
    ['fail/unsafe step', 2 ** 53, 6, 'TOTP_PARAMETER_INVALID'],
    ['fail/digits 10', 1, 10, 'TOTP_PARAMETER_INVALID'],
  ])('%s', (_name, step, digits, code) => {
    expect(codeOf(() => codeAt(SECRET, step, digits))).toBe(code);
  });
});

describe('cross-checks', () => {
  const secretBytes = fc.uint8Array({ minLength: 16, maxLength: 64 });
  const seconds = fc.integer({ min: 0, max: 2 ** 40 });

  it('ok/agrees with otplib authenticator (explicit epoch) for random secrets and instants', () => {
    fc.assert(
      fc.property(secretBytes, seconds, (bytes, unixSeconds) => {
        const secret = encodeBase32(bytes);
        const expected = authenticator.clone({ epoch: unixSeconds * 1000 }).generate(secret);
        expect(codeAt(secret, stepAt(new Date(unixSeconds * 1000)))).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('ok/agrees with a reference HOTP written in this test, 6 and 8 digits', () => {
    fc.assert(
      fc.property(secretBytes, seconds, fc.constantFrom(6, 8), (bytes, unixSeconds, digits) => {
        const now = new Date(unixSeconds * 1000);
        const expected = referenceTotp(Buffer.from(bytes), unixSeconds, digits);
        expect(codeAt(encodeBase32(bytes), stepAt(now), digits)).toBe(expected);
        expect(verifyTotp({ secret: encodeBase32(bytes), code: expected, now, digits })).toMatchObject({
          ok: true,
          drift: 0,
        });
      }),
      { numRuns: 300 },
    );
  });
});
