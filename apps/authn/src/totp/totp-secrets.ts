import type { Environment } from '@paspoort/contracts';
import { decryptPrivateKey, encryptPrivateKey } from '@paspoort/pki';

/**
 * TOTP secrets at rest: AES-256-GCM under PASPOORT_TOTP_KEK, bound to the enrollment's environment and person so a
 * ciphertext copied to another row does not decrypt.
 */
export class TotpSecrets {
  constructor(private readonly kek: Buffer) {}

  seal(secret: string, environment: Environment, personId: string): string {
    return encryptPrivateKey(Buffer.from(secret, 'ascii'), this.kek, label(environment, personId));
  }

  open(sealed: string, environment: Environment, personId: string): string {
    return decryptPrivateKey(sealed, this.kek, label(environment, personId)).toString('ascii');
  }
}

function label(environment: Environment, personId: string): string {
  return `totp:${environment}:${personId}`;
}
