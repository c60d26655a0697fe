import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { TOPICS, type TokenKeyValue } from '@paspoort/contracts';
import { OutboxWriter } from '@paspoort/messaging';
import { decryptPrivateKey, encryptPrivateKey } from '@paspoort/pki';
import { exportJWK, exportPKCS8, generateKeyPair, importPKCS8, type KeyLike } from 'jose';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { AUTHN_CLOCK, type Clock } from '../clock/clock';
import { AUTHN_CONFIG, type AuthnConfig } from '../config/authn.config';

type PublicJwk = TokenKeyValue['jwk'];
/** A token_keys row without its private key. */
export interface TokenKeyRow {
  kid: string;
  status: TokenKeyValue['status'];
  revision: number;
  public_jwk: PublicJwk;
  created_at: Date;
}

const LOCK = 'paspoort:authn:token-keys';

/**
 * The ES256 token-signing keys shared by all authn instances: created on first start under an advisory lock,
 * stored encrypted, published (public half only) on `paspoort.token-keys.v1`. Rotation keeps the previous key
 * published so tokens it signed stay valid until they expire.
 */
@Injectable()
export class TokenKeysService implements OnApplicationBootstrap {
  private signingKey?: { kid: string; key: KeyLike };

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    @Inject(AUTHN_CONFIG) private readonly config: AuthnConfig,
    @Inject(AUTHN_CLOCK) private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [LOCK]);
      const current = await m.query(`SELECT kid FROM "authn".token_keys WHERE status = 'current'`);
      if (current.length === 0) await this.createCurrentKey(m);
    });
  }

  /** A new current key; the current one becomes previous, an older previous one is retired. Returns the new kid. */
  async rotate(): Promise<string> {
    return this.dataSource.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [LOCK]);
      for (const [from, to] of [
        ['previous', 'retired'],
        ['current', 'previous'],
      ] as const) {
        // UPDATE … RETURNING answers [rows, count] through TypeORM's postgres driver.
        const [rows] = (await m.query(
          `UPDATE "authn".token_keys SET status = $2, revision = revision + 1 WHERE status = $1 RETURNING kid, status, revision, public_jwk, created_at`,
          [from, to],
        )) as [TokenKeyRow[], number];
        for (const row of rows) await this.publish(m, row);
      }
      return this.createCurrentKey(m);
    });
  }

  /** The published keys, current first (JWKS). */
  async publishedKeys(): Promise<PublicJwk[]> {
    const rows: TokenKeyRow[] = await this.dataSource.query(
      `SELECT public_jwk FROM "authn".token_keys WHERE status IN ('current', 'previous') ORDER BY status = 'current' DESC, created_at DESC`,
    );
    return rows.map((r) => r.public_jwk);
  }

  /** The current private key (decrypted once per kid; another instance's rotation is seen on the next call). */
  async currentSigningKey(): Promise<{ kid: string; key: KeyLike }> {
    const [row] = (await this.dataSource.query(`SELECT kid, private_key_encrypted FROM "authn".token_keys WHERE status = 'current'`)) as {
      kid: string;
      private_key_encrypted: string;
    }[];
    if (!row) throw new Error('no current token-signing key');
    if (this.signingKey?.kid === row.kid) return this.signingKey;
    const pkcs8 = decryptPrivateKey(row.private_key_encrypted, this.config.tokenKek, `token-key:${row.kid}`);
    const key = await importPKCS8(pkcs8ToPem(pkcs8), 'ES256');
    this.signingKey = { kid: row.kid, key };
    return this.signingKey;
  }

  private async createCurrentKey(m: EntityManager): Promise<string> {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const kid = randomUUID();
    const exported = await exportJWK(publicKey);
    const jwk: PublicJwk = { kty: 'EC', crv: 'P-256', x: exported.x!, y: exported.y!, kid, alg: 'ES256', use: 'sig' };
    const pkcs8 = pemToDer(await exportPKCS8(privateKey));
    const encrypted = encryptPrivateKey(pkcs8, this.config.tokenKek, `token-key:${kid}`);
    const now = this.clock.now();
    await m.query(
      `INSERT INTO "authn".token_keys (kid, status, revision, public_jwk, private_key_encrypted, created_at) VALUES ($1, 'current', 1, $2, $3, $4)`,
      [kid, JSON.stringify(jwk), encrypted, now],
    );
    await this.publish(m, { kid, status: 'current', revision: 1, public_jwk: jwk, created_at: now });
    return kid;
  }

  private async publish(m: EntityManager, row: TokenKeyRow): Promise<void> {
    await this.outbox.publishState(m, TOPICS.tokenKeys, tokenKeyValue(row, this.clock.now()));
  }
}

/** The `paspoort.token-keys.v1` value of a key (public half only), changed at `at`. */
export function tokenKeyValue(row: TokenKeyRow, at: Date): TokenKeyValue {
  return {
    key: row.kid,
    revision: row.revision,
    updatedAt: at.toISOString(),
    kid: row.kid,
    jwk: row.public_jwk,
    status: row.status,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

function pemToDer(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
}

function pkcs8ToPem(der: Buffer): string {
  return `-----BEGIN PRIVATE KEY-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END PRIVATE KEY-----\n`;
}
