import { webcrypto } from 'node:crypto';
import * as x509 from './x509';
import type { WebCrypto } from './keys/web-crypto-types';

let installed = false;

/**
 * Installs node's WebCrypto as the @peculiar/x509 provider (idempotent). Every builder in this library calls
 * it, so consumers never need to.
 */
export function ensureCryptoProvider(): WebCrypto {
  if (!installed) {
    x509.cryptoProvider.set(webcrypto as unknown as WebCrypto);
    installed = true;
  }
  return webcrypto as unknown as WebCrypto;
}
