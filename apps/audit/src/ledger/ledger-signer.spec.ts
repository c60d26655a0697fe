import { randomBytes } from 'node:crypto';
import { LedgerSigner } from './ledger-signer';

const HEAD = { sequence: 42, hash: 'ab'.repeat(32) };
const rawPublicKey = (signer: LedgerSigner) => Buffer.from(signer.publicKeys()[0].publicKey, 'base64');

describe('LedgerSigner key rotation', () => {
  const old = new LedgerSigner(randomBytes(32));
  const signed = old.sign(HEAD);
  const rotated = new LedgerSigner(randomBytes(32), [rawPublicKey(old)]);

  it('ok/a head signed by a retired key verifies by its keyId and without one', () => {
    expect(rotated.verify(HEAD, signed.signature, signed.keyId)).toBe(true);
    expect(rotated.verify(HEAD, signed.signature)).toBe(true);
  });

  it('ok/the current key still signs and verifies', () => {
    const fresh = rotated.sign(HEAD);
    expect(fresh.keyId).not.toBe(signed.keyId);
    expect(rotated.verify(HEAD, fresh.signature, fresh.keyId)).toBe(true);
  });

  it.each([
    ['a retired signature without the retired key configured', new LedgerSigner(randomBytes(32)), HEAD, signed.keyId],
    ['a retired signature claimed by the current keyId', rotated, HEAD, rotated.keyId],
    ['another head', rotated, { sequence: 43, hash: HEAD.hash }, signed.keyId],
    ['an unknown keyId', rotated, HEAD, 'ffffffffffffffff'],
  ])('fail/%s', (_, signer, head, keyId) => {
    expect(signer.verify(head, signed.signature, keyId)).toBe(false);
  });

  it('ok/publicKeys lists the current key and the retired ones, 32 raw bytes each', () => {
    expect(rotated.publicKeys().map((k) => [k.keyId, k.status, Buffer.from(k.publicKey, 'base64').length])).toEqual([
      [rotated.keyId, 'current', 32],
      [old.keyId, 'retired', 32],
    ]);
  });

  it('fail/a retired key that is not 32 bytes stops the start', () => {
    expect(() => new LedgerSigner(randomBytes(32), [randomBytes(31)])).toThrow(/32-byte Ed25519 public key/);
  });
});
