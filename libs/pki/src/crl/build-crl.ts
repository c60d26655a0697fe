import { CRL_REASON_CODES, type RevocationReason } from '@paspoort/contracts';
import * as x509 from '../x509';
import { encodeNonNegativeInteger } from '../asn1/der';
import { authorityKeyId } from '../ca/ca-extensions';
import { ensureCryptoProvider } from '../crypto-provider';
import { CrlInvalid, PkiError } from '../errors';
import { signingAlgorithmFor } from '../keys/ca-key-pair';
import { normalizeSerial } from '../serial/serial';
import { truncateToSeconds } from '../time';
import type { CryptoKeyPair } from '../keys/web-crypto-types';

/** id-ce-cRLNumber. */
const ID_CE_CRL_NUMBER = '2.5.29.20';
const MAX_CRL_NUMBER = 2n ** 159n - 1n;

/** One revoked or blocked certificate. A block is listed with reason `certificateHold` (code 6). */
export interface CrlEntry {
  serial: string | Uint8Array;
  revokedAt: Date;
  reason: RevocationReason | 'certificateHold';
}

/** Input of `buildCrl`. */
export interface BuildCrlParams {
  issuingCa: x509.X509Certificate;
  issuingKeys: Pick<CryptoKeyPair, 'privateKey'>;
  /** Monotonically increasing per CA (the caller persists it); non-negative, at most 20 octets. */
  crlNumber: bigint | number;
  thisUpdate: Date;
  nextUpdate: Date;
  entries: readonly CrlEntry[];
}

/**
 * A v2 CRL (RFC 5280 §5) signed by the issuing CA, as DER: cRLNumber and AKI extensions, one entry per serial
 * with a reasonCode entry extension. `unspecified` is written without a reasonCode, as §5.3.1 asks.
 * Throws `CrlInvalid` for duplicate or invalid serials, a bad CRL number or nextUpdate not after thisUpdate.
 */
export async function buildCrl(params: BuildCrlParams): Promise<Buffer> {
  ensureCryptoProvider();
  const crlNumber = checkedCrlNumber(params.crlNumber);
  if (params.nextUpdate <= params.thisUpdate) throw new CrlInvalid('nextUpdate must be after thisUpdate');
  const crl = await x509.X509CrlGenerator.create({
    issuer: new x509.Name(params.issuingCa.subjectName.toArrayBuffer()),
    thisUpdate: truncateToSeconds(params.thisUpdate),
    nextUpdate: truncateToSeconds(params.nextUpdate),
    signingKey: params.issuingKeys.privateKey,
    signingAlgorithm: signingAlgorithmFor(params.issuingKeys.privateKey),
    extensions: [
      new x509.AuthorityKeyIdentifierExtension(authorityKeyId(params.issuingCa)),
      new x509.Extension(ID_CE_CRL_NUMBER, false, encodeNonNegativeInteger(crlNumber)),
    ],
    entries: crlEntries(params.entries),
  });
  return Buffer.from(crl.rawData);
}

function crlEntries(entries: readonly CrlEntry[]): x509.X509CrlEntryParams[] {
  const seen = new Set<string>();
  return entries.map((entry) => {
    const serialNumber = checkedSerial(entry.serial);
    if (seen.has(serialNumber)) throw new CrlInvalid(`serial ${serialNumber} is listed twice`);
    seen.add(serialNumber);
    const reason = CRL_REASON_CODES[entry.reason];
    if (reason === undefined) throw new CrlInvalid(`unknown revocation reason ${String(entry.reason)}`);
    return { serialNumber, revocationDate: truncateToSeconds(entry.revokedAt), reason: reason === 0 ? undefined : reason };
  });
}

function checkedSerial(serial: string | Uint8Array): string {
  try {
    return normalizeSerial(serial);
  } catch (error) {
    throw new CrlInvalid((error as PkiError).message);
  }
}

function checkedCrlNumber(value: bigint | number): bigint {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) throw new CrlInvalid('CRL number must be an integer');
  const number = BigInt(value);
  if (number < 0n || number > MAX_CRL_NUMBER) throw new CrlInvalid('CRL number must be non-negative and at most 20 octets');
  return number;
}
