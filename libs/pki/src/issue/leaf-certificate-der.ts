import { createHash, sign, type KeyObject } from 'node:crypto';
import { id_ce_subjectKeyIdentifier } from '@peculiar/asn1-x509';
import type * as x509 from '../x509';
import { encodeTlv } from '../asn1/der';
import { certificateParts, subjectPublicKeyBits } from '../asn1/certificate-parts';
import { toKeyObject } from '../keys/key-codec';
import type { CryptoKey } from '../keys/web-crypto-types';
import { leafExtensions, type LeafExtensionInput } from './leaf-extensions';

/** What one end-entity certificate needs beyond its issuing CA's fixed parts. */
export interface LeafCertificateInput extends LeafExtensionInput {
  /** Canonical serial hex (`normalizeSerial`): positive, no leading zero byte. */
  serialHex: string;
  subject: x509.Name;
  notBefore: Date;
  notAfter: Date;
  signingKey: CryptoKey;
  hash: 'SHA-256' | 'SHA-384';
}

const VERSION_3 = Buffer.from('a003020102', 'hex');
/** AlgorithmIdentifier of ecdsa-with-SHA256 / -SHA384 (RFC 5758: no parameters). */
const SIGNATURE_ALGORITHMS = {
  'SHA-256': Buffer.from('300a06082a8648ce3d040302', 'hex'),
  'SHA-384': Buffer.from('300a06082a8648ce3d040303', 'hex'),
} as const;
const NODE_HASH = { 'SHA-256': 'sha256', 'SHA-384': 'sha384' } as const;
/** Extension ::= SEQUENCE { extnID 2.5.29.14, extnValue OCTET STRING } — the prefix before the key identifier. */
const SKI_OID = Buffer.from('0603551d0e', 'hex');

/** The DER of the parts every certificate of one issuing CA, policy and URL set shares; built once. */
interface FixedParts {
  issuerName: Buffer;
  extensionsBeforeSki: Buffer;
  extensionsAfterSki: Buffer;
}

const fixedPartsCache = new WeakMap<x509.X509Certificate, Map<string, FixedParts>>();
const keyObjectCache = new WeakMap<CryptoKey, KeyObject>();

/**
 * Encodes and signs an end-entity certificate directly in DER. The issuer name is the CA's subject byte for byte,
 * and the extensions are `leafExtensions` in the same order; only the subject key identifier differs per
 * certificate, so the rest is encoded once per CA. The TBSCertificate is byte-identical to what
 * @peculiar/x509's generator builds from the same input (a unit test holds it to that), at a fraction of the cost.
 */
export function encodeLeafCertificate(input: LeafCertificateInput): Buffer {
  const fixed = fixedPartsOf(input);
  const tbs = sequence(
    VERSION_3,
    encodeTlv(0x02, serialContent(input.serialHex)),
    SIGNATURE_ALGORITHMS[input.hash],
    fixed.issuerName,
    sequence(encodeTime(input.notBefore), encodeTime(input.notAfter)),
    Buffer.from(input.subject.toArrayBuffer()),
    Buffer.from(input.holderSpki),
    encodeTlv(0xa3, sequence(fixed.extensionsBeforeSki, subjectKeyIdentifier(input.holderSpki), fixed.extensionsAfterSki)),
  );
  return encodeLeafFromTbs(tbs, input.signingKey, input.hash);
}

/** Signs a TBSCertificate with the CA key and wraps it: Certificate ::= SEQUENCE { tbs, algorithm, signature }. */
export function encodeLeafFromTbs(tbs: Buffer, signingKey: CryptoKey, hash: LeafCertificateInput['hash']): Buffer {
  const signature = sign(NODE_HASH[hash], tbs, keyObjectOf(signingKey));
  return sequence(tbs, SIGNATURE_ALGORITHMS[hash], encodeTlv(0x03, Buffer.concat([Uint8Array.of(0), signature])));
}

function fixedPartsOf(input: LeafExtensionInput): FixedParts {
  let perCa = fixedPartsCache.get(input.issuingCa);
  if (!perCa) fixedPartsCache.set(input.issuingCa, (perCa = new Map()));
  const key = JSON.stringify([input.policyOid, input.urls]);
  let parts = perCa.get(key);
  if (!parts) {
    const built = leafExtensions(input);
    const extensions = built.map((e) => Buffer.from(e.rawData));
    const skiAt = built.findIndex((e) => e.type === id_ce_subjectKeyIdentifier);
    parts = {
      issuerName: Buffer.from(certificateParts(new Uint8Array(input.issuingCa.rawData)).subject),
      extensionsBeforeSki: Buffer.concat(extensions.slice(0, skiAt)),
      extensionsAfterSki: Buffer.concat(extensions.slice(skiAt + 1)),
    };
    perCa.set(key, parts);
  }
  return parts;
}

function keyObjectOf(key: CryptoKey): KeyObject {
  let object = keyObjectCache.get(key);
  if (!object) keyObjectCache.set(key, (object = toKeyObject(key)));
  return object;
}

function subjectKeyIdentifier(spki: Uint8Array): Buffer {
  const keyId = encodeTlv(0x04, createHash('sha1').update(subjectPublicKeyBits(spki)).digest());
  return sequence(SKI_OID, encodeTlv(0x04, keyId));
}

function sequence(...children: Uint8Array[]): Buffer {
  return encodeTlv(0x30, Buffer.concat(children));
}

/** INTEGER content of a canonical serial: a 0x00 sign byte when the top bit is set. */
function serialContent(serialHex: string): Buffer {
  const bytes = Buffer.from(serialHex, 'hex');
  return bytes[0] & 0x80 ? Buffer.concat([Uint8Array.of(0), bytes]) : bytes;
}

/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050; always whole seconds in UTC. */
function encodeTime(instant: Date): Buffer {
  const iso = instant.toISOString();
  const digits = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  return instant.getUTCFullYear() < 2050
    ? encodeTlv(0x17, Buffer.from(digits.slice(2), 'ascii'))
    : encodeTlv(0x18, Buffer.from(digits, 'ascii'));
}
