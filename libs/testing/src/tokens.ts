import { TOPICS, type Environment, type Role, type TokenKeyValue } from '@paspoort/contracts';
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { randomUUID } from 'node:crypto';
import type { TestPublisher } from './kafka';

/** A token-signing key made at test time, published as authn would publish it. */
export class TestTokenIssuer {
  private constructor(
    readonly kid: string,
    private readonly privateKey: KeyLike,
    readonly keyValue: TokenKeyValue,
  ) {}

  static async create(): Promise<TestTokenIssuer> {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const kid = `test-${randomUUID()}`;
    const jwk = await exportJWK(publicKey);
    const now = new Date().toISOString();
    const value: TokenKeyValue = {
      key: kid,
      revision: 1,
      updatedAt: now,
      kid,
      status: 'current',
      createdAt: now,
      jwk: { kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y!, kid, alg: 'ES256', use: 'sig' },
    };
    return new TestTokenIssuer(kid, privateKey, value);
  }

  async publish(publisher: TestPublisher): Promise<void> {
    await publisher.state(TOPICS.tokenKeys, this.keyValue);
  }

  async token(claims: { sub: string; env: Environment; roles: Role[]; serial?: string; expiresInSeconds?: number }): Promise<string> {
    const { expiresInSeconds = 600, ...rest } = claims;
    return new SignJWT({ ...rest })
      .setProtectedHeader({ alg: 'ES256', kid: this.kid, typ: 'JWT' })
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + expiresInSeconds)
      .sign(this.privateKey);
  }
}
