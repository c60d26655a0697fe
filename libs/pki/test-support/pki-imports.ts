/** The library under test, through its public entry point only. */
export * from '../src';
import { ensureCryptoProvider } from '../src/crypto-provider';

export function ensureCryptoProviderForTests(): void {
  ensureCryptoProvider();
}
