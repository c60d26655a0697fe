import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { KeyDecryptionFailed, KeyEncryptionKeyInvalid } from '../errors';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Encrypts a PKCS#8 private key for storage with AES-256-GCM. Format: `v1.<iv>.<tag>.<ciphertext>`, each part
 * base64url. A fresh random 12-byte IV per call; the additional authenticated data binds the ciphertext to
 * `label` (e.g. the CA name), so a ciphertext copied to another CA's row does not decrypt.
 * Invariant: `kek` is exactly 32 bytes; the output never contains plaintext key material.
 */
export function encryptPrivateKey(pkcs8Der: Uint8Array, kek: Uint8Array, label: string): string {
  assertKek(kek);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', kek, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aadFor(label));
  const ciphertext = Buffer.concat([cipher.update(pkcs8Der), cipher.final()]);
  const parts = [iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString('base64url'));
  return [VERSION, ...parts].join('.');
}

/**
 * Reverses `encryptPrivateKey`. Throws `KeyDecryptionFailed` for a wrong key, a different label, any tampering
 * or an unknown format; `KeyEncryptionKeyInvalid` when `kek` is not 32 bytes.
 */
export function decryptPrivateKey(encrypted: string, kek: Uint8Array, label: string): Buffer {
  assertKek(kek);
  const [iv, tag, ciphertext] = splitEnvelope(encrypted);
  try {
    const decipher = createDecipheriv('aes-256-gcm', kek, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aadFor(label));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    throw new KeyDecryptionFailed('private key could not be decrypted (wrong key, wrong label or tampered)');
  }
}

function splitEnvelope(encrypted: string): [Buffer, Buffer, Buffer] {
  const parts = encrypted.split('.');
  const wellFormed = parts.length === 4 && parts.slice(1).every((part) => /^[A-Za-z0-9_-]*$/.test(part));
  if (!wellFormed || parts[0] !== VERSION) throw new KeyDecryptionFailed('encrypted private key has an unknown format');
  const [iv, tag, ciphertext] = parts.slice(1).map((part) => Buffer.from(part, 'base64url'));
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new KeyDecryptionFailed('encrypted private key has an unknown format');
  return [iv, tag, ciphertext];
}

function aadFor(label: string): Buffer {
  return Buffer.from(`paspoort.private-key.${VERSION}:${label}`, 'utf8');
}

function assertKek(kek: Uint8Array): void {
  if (kek.length !== 32) throw new KeyEncryptionKeyInvalid('key-encryption key must be 32 bytes (AES-256)');
}
