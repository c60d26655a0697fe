import * as fc from 'fast-check';
import { codeAt, generateTotpSecret, stepAt, verifyTotp } from '@paspoort/totp';
import { expectOnly, fuzzParameters } from './support/fuzz-runs';

/** What a person (or a script) can type into the code field: only ok or one of the three refusals, never a throw. */
const REASONS = ['TOTP_INVALID', 'TOTP_REPLAYED', 'TOTP_MALFORMED'];
const NOW = new Date('2026-03-01T12:00:10Z');

const codeText = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.stringMatching(/^[0-9]{1,10}$/),
  fc.stringMatching(/^[ \t\r\n]{0,3}[0-9]{6}[ \t\r\n]{0,3}$/),
  fc.constantFrom('١٢٣٤٥٦', '１２３４５６', '12 3456', '123456\u0000', '+123456', '-12345', '0x1234', '1e5', '123456789012'),
  fc.integer({ min: 1, max: 2_000_000 }).map((n) => '1'.repeat(n)),
  fc.integer({ min: 1, max: 200_000 }).map((n) => `${' '.repeat(n)}123456${'\t'.repeat(n)}x`),
);

describe('fuzz: verifyTotp answers any typed code with ok or a refusal reason', () => {
  const secret = generateTotpSecret();

  it('fail/arbitrary, unicode, huge and near-miss codes', () => {
    fc.assert(
      fc.property(codeText, fc.option(fc.integer({ min: 0, max: stepAt(NOW) + 5 })), (code, lastUsedStep) => {
        const result = expectOnly(
          () => verifyTotp({ secret, code, now: NOW, lastUsedStep }),
          () => false,
        ).value!;
        if (!result.ok) expect(REASONS).toContain(result.reason);
        else expect(code.trim()).toBe(codeAt(secret, result.step));
      }),
      fuzzParameters(),
    );
  });

  it('fail/non-string codes (a JSON body can carry any type) are TOTP_MALFORMED', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.constant(undefined)), (code) => {
        if (typeof code === 'string') return;
        const result = expectOnly(
          () => verifyTotp({ secret, code: code as unknown as string, now: NOW }),
          () => false,
        ).value!;
        expect(result).toEqual({ ok: false, reason: 'TOTP_MALFORMED' });
      }),
      fuzzParameters(),
    );
  });

  it('ok/only the codes of the window are accepted; any other six digits are TOTP_INVALID', () => {
    const current = stepAt(NOW);
    const valid = new Set([current - 1, current, current + 1].map((step) => codeAt(secret, step)));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999 }), (n) => {
        const code = String(n).padStart(6, '0');
        const result = verifyTotp({ secret, code, now: NOW });
        expect(result.ok).toBe(valid.has(code));
      }),
      fuzzParameters(5),
    );
  });
});
