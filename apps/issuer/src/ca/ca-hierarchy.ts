import type { X509Certificate } from '@peculiar/x509';
import { ENVIRONMENTS, type CaChainValue, type Environment } from '@paspoort/contracts';
import type { CryptoKeyPair } from '@paspoort/pki';

/** One CA ready to sign: its certificate, PEM and (non-extractable) private key. */
export interface LoadedCa {
  certificate: X509Certificate;
  pem: string;
  keys: Pick<CryptoKeyPair, 'privateKey'>;
}

/**
 * The issuer's CA hierarchy in memory: the root and one issuing CA per environment, loaded and decrypted once at
 * start. The private keys are non-extractable WebCrypto keys; they never leave this object.
 */
export class CaHierarchy {
  constructor(
    readonly root: LoadedCa,
    private readonly issuing: ReadonlyMap<Environment, LoadedCa>,
  ) {
    for (const environment of ENVIRONMENTS) {
      if (!issuing.has(environment)) throw new Error(`the ${environment} issuing CA is missing`);
    }
  }

  issuingCa(environment: Environment): LoadedCa {
    return this.issuing.get(environment) as LoadedCa;
  }

  /** Issuing CA then root, PEM concatenated. */
  chainPem(environment: Environment): string {
    return chainPemOf(this.issuingCa(environment).pem, this.root.pem);
  }
}

export function chainPemOf(issuingPem: string, rootPem: string): string {
  return `${issuingPem.trimEnd()}\n${rootPem.trimEnd()}\n`;
}

/** The `paspoort.ca.v1` value of one environment. */
export function caChainValue(environment: Environment, issuingPem: string, rootPem: string, revision: number, at: Date): CaChainValue {
  return {
    key: environment,
    revision,
    updatedAt: at.toISOString(),
    environment,
    issuingCaPem: issuingPem,
    rootCaPem: rootPem,
    chainPem: chainPemOf(issuingPem, rootPem),
  };
}
