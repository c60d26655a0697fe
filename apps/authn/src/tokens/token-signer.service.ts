import { Inject, Injectable } from '@nestjs/common';
import type { Environment, Role } from '@paspoort/contracts';
import { SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { AUTHN_CLOCK, type Clock } from '../clock/clock';
import { AUTHN_CONFIG, type AuthnConfig } from '../config/authn.config';
import { TokenKeysService } from './token-keys.service';

export interface TokenClaims {
  /** `person:<personId>` or `system:<serial>`. */
  sub: string;
  env: Environment;
  roles: Role[];
  serial: string;
}

/** Signs DESIGN.md's tokens (ES256, `kid` header) with the current shared key. */
@Injectable()
export class TokenSigner {
  constructor(
    private readonly keys: TokenKeysService,
    @Inject(AUTHN_CONFIG) private readonly config: AuthnConfig,
    @Inject(AUTHN_CLOCK) private readonly clock: Clock,
  ) {}

  async sign(claims: TokenClaims): Promise<{ token: string; expiresAt: Date }> {
    const { kid, key } = await this.keys.currentSigningKey();
    const issuedAt = Math.floor(this.clock.now().getTime() / 1000);
    const expiresAt = new Date((issuedAt + this.config.tokenTtlSeconds) * 1000);
    const token = await new SignJWT({ env: claims.env, roles: claims.roles, serial: claims.serial })
      .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
      .setSubject(claims.sub)
      .setIssuedAt(issuedAt)
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .setJti(randomUUID())
      .sign(key);
    return { token, expiresAt };
  }
}
