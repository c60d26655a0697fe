import { generateKeyPairSync, randomBytes, sign, verify } from 'node:crypto';
import {
  caCurveOf,
  decryptPrivateKey,
  encryptPrivateKey,
  exportPrivateKeyPkcs8,
  exportSpki,
  generateCaKeyPair,
  importCaKeyPair,
  pkcs8ToPem,
  signingAlgorithmFor,
  toKeyObject,
  type CaCurve,
} from '@paspoort/pki';

const KEK = randomBytes(32);

describe('CA keys', () => {
  it.each<CaCurve>(['P-256', 'P-384'])('ok/%s generate → encrypt → decrypt → import signs for the same public key', async (curve) => {
    const keys = await generateCaKeyPair(curve);
    expect(caCurveOf(keys.privateKey)).toBe(curve);
    expect(signingAlgorithmFor(keys.privateKey).hash).toBe(curve === 'P-256' ? 'SHA-256' : 'SHA-384');
    const pkcs8 = await exportPrivateKeyPkcs8(keys.privateKey);
    const sealed = encryptPrivateKey(pkcs8, KEK, 'issuing-test');
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain(pkcs8.toString('base64url').slice(10, 30));
    const restored = await importCaKeyPair(decryptPrivateKey(sealed, KEK, 'issuing-test'));
    expect((await exportSpki(restored.publicKey)).equals(await exportSpki(keys.publicKey))).toBe(true);
    const signature = sign('sha256', Buffer.from('data'), { key: toKeyObject(restored.privateKey), dsaEncoding: 'der' });
    expect(verify('sha256', Buffer.from('data'), toKeyObject(keys.publicKey), signature)).toBe(true);
  });

  it('ok/two encryptions of one key differ (fresh IV)', async () => {
    const pkcs8 = await exportPrivateKeyPkcs8((await generateCaKeyPair()).privateKey);
    expect(encryptPrivateKey(pkcs8, KEK, 'a')).not.toBe(encryptPrivateKey(pkcs8, KEK, 'a'));
  });

  it('ok/imports PKCS#8 PEM and SEC1 "EC PRIVATE KEY" PEM', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const sec1 = privateKey.export({ format: 'pem', type: 'sec1' }).toString();
    const pkcs8Pem = pkcs8ToPem(privateKey.export({ format: 'der', type: 'pkcs8' }));
    for (const pem of [sec1, pkcs8Pem]) expect(caCurveOf((await importCaKeyPair(pem)).privateKey)).toBe('P-384');
  });

  const decryptFailures: Array<{ name: string; mutate: (sealed: string) => [string, Buffer, string]; code: string }> = [
    { name: 'fail/wrong key', mutate: (s) => [s, randomBytes(32), 'ca'], code: 'KEY_DECRYPTION_FAILED' },
    { name: 'fail/wrong label (AAD)', mutate: (s) => [s, KEK, 'other-ca'], code: 'KEY_DECRYPTION_FAILED' },
    {
      name: 'fail/tampered ciphertext',
      mutate: (s) => [s.slice(0, -2) + (s.endsWith('AA') ? 'BB' : 'AA'), KEK, 'ca'],
      code: 'KEY_DECRYPTION_FAILED',
    },
    { name: 'fail/tampered tag', mutate: (s) => [swapPart(s, 2), KEK, 'ca'], code: 'KEY_DECRYPTION_FAILED' },
    { name: 'fail/unknown version', mutate: (s) => [s.replace(/^v1/, 'v2'), KEK, 'ca'], code: 'KEY_DECRYPTION_FAILED' },
    { name: 'fail/not an envelope', mutate: () => ['-----BEGIN PRIVATE KEY-----', KEK, 'ca'], code: 'KEY_DECRYPTION_FAILED' },
    { name: 'fail/short key-encryption key', mutate: (s) => [s, randomBytes(16), 'ca'], code: 'KEK_INVALID' },
  ];

  it.each(decryptFailures)('$name', ({ mutate, code }) => {
    const sealed = encryptPrivateKey(randomBytes(100), KEK, 'ca');
    const [input, kek, label] = mutate(sealed);
    expect(() => decryptPrivateKey(input, kek, label)).toThrow(expect.objectContaining({ code }));
  });

  it('fail/encrypting with a short key-encryption key', () => {
    expect(() => encryptPrivateKey(randomBytes(10), randomBytes(31), 'ca')).toThrow(expect.objectContaining({ code: 'KEK_INVALID' }));
  });

  const importFailures: Array<{ name: string; key: () => string | Uint8Array }> = [
    {
      name: 'fail/RSA key',
      key: () => generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    },
    {
      name: 'fail/P-521 key',
      key: () => generateKeyPairSync('ec', { namedCurve: 'P-521' }).privateKey.export({ format: 'der', type: 'pkcs8' }),
    },
    { name: 'fail/Ed25519 key', key: () => generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString() },
    { name: 'fail/garbage', key: () => 'not a key' },
  ];

  it.each(importFailures)('$name', async ({ key }) => {
    await expect(importCaKeyPair(key())).rejects.toMatchObject({ code: 'CA_KEY_UNSUPPORTED' });
  });
});

function swapPart(sealed: string, index: number): string {
  const parts = sealed.split('.');
  parts[index] = Buffer.alloc(16, 7).toString('base64url');
  return parts.join('.');
}
