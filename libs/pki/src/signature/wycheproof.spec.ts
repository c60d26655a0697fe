import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifySignature, type SignatureAlgorithm } from '@paspoort/pki';

/**
 * Every Wycheproof vector (C2SP/wycheproof testvectors_v1, Apache-2.0, see test-fixtures/wycheproof/LICENSE) run
 * through the one signature check that CSR proof of possession and chain checks use. Zero wrong answers:
 * valid → true, invalid → false; "acceptable" may go either way.
 */
interface WycheproofFile {
  testGroups: Array<{
    publicKeyDer: string;
    tests: Array<{ tcId: number; msg: string; sig: string; result: 'valid' | 'invalid' | 'acceptable'; comment: string }>;
  }>;
}

const FIXTURES = join(__dirname, '../../test-fixtures/wycheproof');
const FILES: Array<[string, SignatureAlgorithm]> = [
  ['ecdsa_secp256r1_sha256_test.json', 'ecdsa-with-SHA256'],
  ['ecdsa_secp384r1_sha384_test.json', 'ecdsa-with-SHA384'],
  ['rsa_signature_2048_sha256_test.json', 'sha256WithRSAEncryption'],
];

describe('verifySignature against Wycheproof', () => {
  it.each(FILES)('ok/%s has zero wrong answers', (file, algorithm) => {
    const vectors = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as WycheproofFile;
    const wrong: string[] = [];
    let checked = 0;
    for (const group of vectors.testGroups) {
      const spki = Buffer.from(group.publicKeyDer, 'hex');
      for (const test of group.tests) {
        const verdict = verifySignature({ spki, algorithm, data: Buffer.from(test.msg, 'hex'), signature: Buffer.from(test.sig, 'hex') });
        checked++;
        if (test.result !== 'acceptable' && verdict !== (test.result === 'valid'))
          wrong.push(`tcId ${test.tcId} (${test.result}): ${test.comment}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(250);
  });
});

describe('verifySignature edge cases', () => {
  const ecVector = (): { spki: Buffer; msg: Buffer; sig: Buffer } => {
    const file = JSON.parse(readFileSync(join(FIXTURES, FILES[0][0]), 'utf8')) as WycheproofFile;
    const group = file.testGroups[0];
    const test = group.tests.find((t) => t.result === 'valid');
    if (!test) throw new Error('no valid vector');
    return { spki: Buffer.from(group.publicKeyDer, 'hex'), msg: Buffer.from(test.msg, 'hex'), sig: Buffer.from(test.sig, 'hex') };
  };

  it('ok/a valid vector verifies', () => {
    const { spki, msg, sig } = ecVector();
    expect(verifySignature({ spki, algorithm: 'ecdsa-with-SHA256', data: msg, signature: sig })).toBe(true);
  });

  it.each<[string, (v: ReturnType<typeof ecVector>) => Parameters<typeof verifySignature>[0]]>([
    [
      'fail/RSA algorithm on an EC key',
      ({ spki, msg, sig }) => ({ spki, algorithm: 'sha256WithRSAEncryption', data: msg, signature: sig }),
    ],
    [
      'fail/garbage public key',
      ({ msg, sig }) => ({ spki: Buffer.from('3000', 'hex'), algorithm: 'ecdsa-with-SHA256', data: msg, signature: sig }),
    ],
    ['fail/empty signature', ({ spki, msg }) => ({ spki, algorithm: 'ecdsa-with-SHA256', data: msg, signature: new Uint8Array(0) })],
    ['fail/other message', ({ spki, sig }) => ({ spki, algorithm: 'ecdsa-with-SHA256', data: Buffer.from('x'), signature: sig })],
  ])('%s returns false without throwing', (_name, check) => {
    expect(verifySignature(check(ecVector()))).toBe(false);
  });
});
