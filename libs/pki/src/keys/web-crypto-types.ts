import type { webcrypto } from 'node:crypto';

/** WebCrypto key types from node (the repo compiles without the DOM lib). */
export type CryptoKey = webcrypto.CryptoKey;
export type CryptoKeyPair = webcrypto.CryptoKeyPair;
export type WebCrypto = webcrypto.Crypto;
