import { Inject, Injectable } from '@nestjs/common';
import { ENVIRONMENTS, ROLE_PATTERN, type Environment, type Role } from '@paspoort/contracts';
import { AuthRefusal, COMMON_CONFIG, unavailable, type CommonConfig, type DomainError } from '@paspoort/service-kit';
import { decodeProtectedHeader, importJWK, jwtVerify, type KeyLike } from 'jose';
import { createHash, timingSafeEqual } from 'node:crypto';
import { AuthStateView } from './auth-state';
import { Principal } from './principal';

const roleRe = new RegExp(ROLE_PATTERN);
const SUBJECT_RE = /^(person:[A-Za-z0-9._-]{1,64}|system:[0-9a-f]{2,40})$/;
/** Skew allowed between authn's clock and ours when judging `exp`, at verification and at every re-check. */
const CLOCK_TOLERANCE_SECONDS = 5;
/** Verified tokens remembered (a gateway sends the same token with every call until it expires). */
const VERIFIED_CACHE_SIZE = 10_000;

/** A token whose signature and claims verified, and the key revision that verified it. */
interface VerifiedToken {
  principal: Principal;
  kid: string;
  keyRevision: number;
}

/** Verifies bearer tokens: authn's ES256 JWTs (keys from the token-keys topic) and the bootstrap token. */
@Injectable()
export class TokenVerifier {
  private readonly keys = new Map<string, { revision: number; key: KeyLike | Uint8Array }>();
  /** By SHA-256 of the token; an entry counts only while its key is still published unchanged and `exp` holds. */
  private readonly verified = new Map<string, VerifiedToken>();
  private readonly bootstrapDigest?: Buffer;

  constructor(
    private readonly state: AuthStateView,
    @Inject(COMMON_CONFIG) config: CommonConfig,
  ) {
    if (config.bootstrapToken) this.bootstrapDigest = digest(config.bootstrapToken);
  }

  /** `authenticate`, then refuses a token whose certificate is not active (see `assertCertificateActive`). */
  async verify(token: string): Promise<Principal> {
    const principal = await this.authenticate(token);
    this.assertCertificateActive(principal);
    return principal;
  }

  /**
   * Who the token names, once its signature, key, expiry and claims check out; the certificate's status is not
   * judged yet, so a refusal for a blocked or revoked certificate can still say whose token it was.
   */
  async authenticate(token: string): Promise<Principal> {
    if (this.isBootstrap(token)) return new Principal('bootstrap', '*', [], undefined, true);
    const id = digest(token).toString('base64');
    const remembered = this.verified.get(id);
    if (remembered && this.stillVerified(id, remembered)) return remembered.principal;
    const kid = this.kidOf(token);
    const key = await this.keyFor(kid);
    let claims: Record<string, unknown>;
    try {
      ({ payload: claims } = await jwtVerify(token, key, {
        algorithms: ['ES256'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp', 'sub', 'env'],
      }));
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_JWT_EXPIRED') throw tokenExpired();
      throw new AuthRefusal(401, 'TOKEN_INVALID', 'the token does not verify');
    }
    const principal = toPrincipal(claims, kid);
    this.remember(id, { principal, kid, keyRevision: this.keys.get(kid)!.revision });
    return principal;
  }

  /** Throws the refusal every service gives a token of a blocked, revoked or unknown certificate. */
  assertCertificateActive(principal: Principal): void {
    const refusal = this.certificateRefusal(principal.serial);
    if (refusal) throw refusal;
  }

  /**
   * Judges an already verified principal again at `at`, for work that outlives the request (a live stream):
   * undefined while it may still act, else the refusal a new request would get now — `TOKEN_EXPIRED`,
   * `TOKEN_KEY_UNKNOWN` (its signing key retired since), `TOKEN_CERTIFICATE_BLOCKED`, `TOKEN_CERTIFICATE_REVOKED`, `TOKEN_CERTIFICATE_UNKNOWN` (401), or
   * `STATUS_VIEW_STALE` (503) while the status view cannot tell. The bootstrap principal never lapses.
   */
  recheck(principal: Principal, at: Date): DomainError | undefined {
    if (principal.bootstrap) return undefined;
    if (principal.expiresAt && at.getTime() >= principal.expiresAt.getTime() + CLOCK_TOLERANCE_SECONDS * 1000) return tokenExpired();
    if (principal.keyId && !this.keyStillPublished(principal.keyId)) return keyUnknown();
    return this.certificateRefusal(principal.serial);
  }

  /** A remembered token still holds while its key is published at the same revision and it has not expired. */
  private stillVerified(id: string, remembered: VerifiedToken): boolean {
    const published = this.state.tokenKey(remembered.kid);
    const expiresAt = remembered.principal.expiresAt?.getTime() ?? 0;
    const holds =
      published !== undefined &&
      published.status !== 'retired' &&
      published.revision === remembered.keyRevision &&
      Date.now() < expiresAt + CLOCK_TOLERANCE_SECONDS * 1000;
    if (!holds) this.verified.delete(id);
    return holds;
  }

  private keyStillPublished(kid: string): boolean {
    const published = this.state.tokenKey(kid);
    return published !== undefined && published.status !== 'retired';
  }

  private remember(id: string, verified: VerifiedToken): void {
    if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(id, verified);
  }

  private isBootstrap(token: string): boolean {
    return this.bootstrapDigest !== undefined && timingSafeEqual(digest(token), this.bootstrapDigest);
  }

  private kidOf(token: string): string {
    try {
      const header = decodeProtectedHeader(token);
      if (header.alg !== 'ES256' || typeof header.kid !== 'string') throw new Error('alg/kid');
      return header.kid;
    } catch {
      throw new AuthRefusal(401, 'TOKEN_INVALID', 'the bearer value is not an ES256 token with a kid');
    }
  }

  private async keyFor(kid: string): Promise<KeyLike | Uint8Array> {
    const published = this.state.tokenKey(kid);
    if (!published || published.status === 'retired') throw keyUnknown();
    const cached = this.keys.get(kid);
    if (cached && cached.revision === published.revision) return cached.key;
    const key = await importJWK(published.jwk, 'ES256');
    this.keys.set(kid, { revision: published.revision, key });
    return key;
  }

  /** A token of a blocked, revoked or unknown certificate is refused by every service. */
  private certificateRefusal(serial: string | undefined): DomainError | undefined {
    if (!serial) return undefined;
    if (!this.state.reader.isFresh())
      return unavailable('STATUS_VIEW_STALE', 'the certificate status view is not current; try again shortly');
    const status = this.state.certificateStatus(serial);
    if (!status) return new AuthRefusal(401, 'TOKEN_CERTIFICATE_UNKNOWN', 'the certificate of this token is unknown');
    if (status.status === 'blocked') return new AuthRefusal(401, 'TOKEN_CERTIFICATE_BLOCKED', 'the certificate of this token is blocked');
    if (status.status === 'revoked') return new AuthRefusal(401, 'TOKEN_CERTIFICATE_REVOKED', 'the certificate of this token is revoked');
    return undefined;
  }
}

function toPrincipal(claims: Record<string, unknown>, kid: string): Principal {
  const { sub, env, roles, serial, exp } = claims;
  const valid =
    typeof sub === 'string' &&
    SUBJECT_RE.test(sub) &&
    typeof env === 'string' &&
    (ENVIRONMENTS as readonly string[]).includes(env) &&
    Array.isArray(roles) &&
    roles.every((r) => typeof r === 'string' && roleRe.test(r)) &&
    (serial === undefined || (typeof serial === 'string' && /^[0-9a-f]{2,40}$/.test(serial)));
  if (!valid) throw new AuthRefusal(401, 'TOKEN_INVALID', 'the token claims are malformed');
  // jwtVerify has checked that `exp` is a number.
  const expiresAt = new Date((exp as number) * 1000);
  return new Principal(sub as string, env as Environment, roles as Role[], serial as string | undefined, false, expiresAt, kid);
}

function keyUnknown(): AuthRefusal {
  return new AuthRefusal(401, 'TOKEN_KEY_UNKNOWN', 'the token was signed with an unknown or retired key');
}

function tokenExpired(): AuthRefusal {
  return new AuthRefusal(401, 'TOKEN_EXPIRED', 'the token has expired');
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
