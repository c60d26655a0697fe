import type { CertificateStatusValue, TokenKeyValue } from '@paspoort/contracts';
import type { CommonConfig } from '@paspoort/service-kit';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { AuthStateView } from './auth-state';
import { Principal } from './principal';
import { TokenVerifier } from './token-verifier';

const BOOTSTRAP = 'bootstrap-token-of-at-least-32-characters';
const EXP = new Date('2026-11-29T12:00:00.000Z');
const seconds = (s: number) => new Date(EXP.getTime() + s * 1000);

/** A verifier over an in-memory state view: one token key, certificate statuses by serial, freshness by hand. */
function verifierWith(statuses: Record<string, CertificateStatusValue['status']>, fresh = true, key?: TokenKeyValue) {
  const state = {
    reader: { isFresh: () => fresh },
    tokenKey: (kid: string) => (key?.kid === kid ? key : undefined),
    certificateStatus: (serial: string) =>
      statuses[serial] ? ({ serial, status: statuses[serial] } as CertificateStatusValue) : undefined,
  } as unknown as AuthStateView;
  return new TokenVerifier(state, { bootstrapToken: BOOTSTRAP } as CommonConfig);
}

const person = (serial?: string) => new Principal('person:p-1', 'test', ['compliance-officer'], serial, false, EXP);

describe('TokenVerifier.recheck', () => {
  it.each([
    ['ok/active certificate before expiry', person('0c01'), { '0c01': 'active' }, true, seconds(-60)],
    ['ok/within the clock tolerance after exp', person('0c01'), { '0c01': 'active' }, true, seconds(4)],
    ['ok/a token without a certificate before expiry', person(), {}, true, seconds(-1)],
    ['ok/the bootstrap principal, even with a stale view', new Principal('bootstrap', '*', [], undefined, true), {}, false, seconds(1e6)],
  ] as const)('%s is still good', (_, principal, statuses, fresh, at) => {
    expect(verifierWith(statuses, fresh).recheck(principal, at)).toBeUndefined();
  });

  it.each([
    ['fail/expired (past the tolerance)', person('0c01'), { '0c01': 'active' }, true, seconds(5), 401, 'TOKEN_EXPIRED'],
    ['fail/expired wins over a blocked certificate', person('0c01'), { '0c01': 'blocked' }, true, seconds(60), 401, 'TOKEN_EXPIRED'],
    ['fail/certificate blocked since', person('0c01'), { '0c01': 'blocked' }, true, seconds(-60), 401, 'TOKEN_CERTIFICATE_BLOCKED'],
    ['fail/certificate revoked since', person('0c01'), { '0c01': 'revoked' }, true, seconds(-60), 401, 'TOKEN_CERTIFICATE_REVOKED'],
    ['fail/certificate unknown', person('0c09'), { '0c01': 'active' }, true, seconds(-60), 401, 'TOKEN_CERTIFICATE_UNKNOWN'],
    ['fail/status view stale', person('0c01'), { '0c01': 'active' }, false, seconds(-60), 503, 'STATUS_VIEW_STALE'],
  ] as const)('%s', (_, principal, statuses, fresh, at, status, code) => {
    expect(verifierWith(statuses, fresh).recheck(principal, at)).toMatchObject({ status, code, message: expect.any(String) });
  });
});

describe('TokenVerifier.recheck of the signing key', () => {
  const signedBy = (kid: string) => new Principal('person:p-1', 'test', ['operator'], '0c01', false, EXP, kid);
  const keyWith = (status: string) => ({ kid: 'k1', status, revision: 2 }) as unknown as TokenKeyValue;

  it.each([
    ['ok/the key is still current', 'current', undefined],
    ['ok/the key is previous (still published)', 'previous', undefined],
    ['fail/the key was retired since', 'retired', 'TOKEN_KEY_UNKNOWN'],
  ])('%s', (_, status, code) => {
    const refusal = verifierWith({ '0c01': 'active' }, true, keyWith(status)).recheck(signedBy('k1'), seconds(-60));
    expect(refusal?.code).toBe(code);
  });

  it('fail/a key no longer published at all', () => {
    expect(verifierWith({ '0c01': 'active' }, true, keyWith('current')).recheck(signedBy('k9'), seconds(-60))?.code).toBe(
      'TOKEN_KEY_UNKNOWN',
    );
  });
});

describe('TokenVerifier.verify', () => {
  it('ok/the principal carries the token expiry; the bootstrap principal has none', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const jwk = await exportJWK(publicKey);
    const key = { kid: 'k1', status: 'current', jwk: { ...jwk, kid: 'k1', alg: 'ES256', use: 'sig' } } as unknown as TokenKeyValue;
    const exp = Math.floor(Date.now() / 1000) + 600;
    const token = await new SignJWT({ sub: 'person:p-1', env: 'test', roles: ['operator'], serial: '0c01' })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setExpirationTime(exp)
      .sign(privateKey);
    const verifier = verifierWith({ '0c01': 'active' }, true, key);
    expect((await verifier.verify(token)).expiresAt).toEqual(new Date(exp * 1000));
    expect((await verifier.verify(BOOTSTRAP)).expiresAt).toBeUndefined();
  });
});

describe('TokenVerifier: a verified token is remembered, never beyond what a full check would allow', () => {
  const now = Date.now();
  afterEach(() => jest.useRealTimers());

  async function world() {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    const key = { kid: 'k1', status: 'current', revision: 1, jwk } as unknown as TokenKeyValue & { status: string; revision: number };
    const statuses: Record<string, CertificateStatusValue['status']> = { '0c01': 'active' };
    const state = {
      reader: { isFresh: () => true },
      tokenKey: (kid: string) => (kid === key.kid ? key : undefined),
      certificateStatus: (serial: string) =>
        statuses[serial] ? ({ serial, status: statuses[serial] } as CertificateStatusValue) : undefined,
    } as unknown as AuthStateView;
    const token = await new SignJWT({ sub: 'person:p-1', env: 'test', roles: ['operator'], serial: '0c01' })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setExpirationTime(Math.floor(now / 1000) + 60)
      .sign(privateKey);
    const verifier = new TokenVerifier(state, { bootstrapToken: BOOTSTRAP } as CommonConfig);
    expect((await verifier.verify(token)).subject).toBe('person:p-1');
    return { verifier, token, key, statuses };
  }

  it('ok/the same token verifies again from memory', async () => {
    const { verifier, token } = await world();
    expect(await verifier.verify(token)).toBe(await verifier.verify(token));
  });

  it('fail/a remembered token of a certificate blocked since is refused', async () => {
    const { verifier, token, statuses } = await world();
    statuses['0c01'] = 'blocked';
    await expect(verifier.verify(token)).rejects.toMatchObject({ code: 'TOKEN_CERTIFICATE_BLOCKED' });
  });

  it('fail/a remembered token whose key was retired since is refused', async () => {
    const { verifier, token, key } = await world();
    key.status = 'retired';
    key.revision = 2;
    await expect(verifier.verify(token)).rejects.toMatchObject({ code: 'TOKEN_KEY_UNKNOWN' });
  });

  it('fail/a remembered token whose kid was re-published with another key is verified again (and fails)', async () => {
    const { verifier, token, key } = await world();
    const other = await generateKeyPair('ES256');
    key.jwk = { ...(await exportJWK(other.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' } as never;
    key.revision = 2;
    await expect(verifier.verify(token)).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
  });

  it('fail/a remembered token past its expiry (and the tolerance) is refused TOKEN_EXPIRED', async () => {
    const { verifier, token } = await world();
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'setInterval', 'queueMicrotask'], now: now + 66_000 });
    await expect(verifier.verify(token)).rejects.toMatchObject({ code: 'TOKEN_EXPIRED' });
  });
});
