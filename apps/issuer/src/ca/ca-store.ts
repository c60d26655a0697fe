import type { Environment } from '@paspoort/contracts';
import type { EntityManager } from 'typeorm';

export type CaName = 'root' | Environment;

/** A stored CA: certificate (public) and its private key, encrypted under the KEK (`v1.<iv>.<tag>.<ct>`). */
export interface StoredCa {
  name: CaName;
  pem: string;
  serial: string;
  encryptedPrivateKey: string;
  chainRevision: number;
}

interface StoredCaRow {
  name: CaName;
  pem: string;
  serial: string;
  encrypted_private_key: string;
  chain_revision: number;
}

/** The AES-GCM additional data of a CA's key: a ciphertext only decrypts for the CA it was written for. */
export function caKeyLabel(name: CaName): string {
  return `issuer.ca.${name}`;
}

export async function readStoredCas(manager: EntityManager): Promise<Map<CaName, StoredCa>> {
  const rows: StoredCaRow[] = await manager.query(
    `SELECT c.name, c.pem, c.serial, c.chain_revision, k.encrypted_private_key
       FROM issuer.ca_certificates c JOIN issuer.ca_keys k ON k.ca_name = c.name`,
  );
  return new Map(
    rows.map((row) => [
      row.name,
      {
        name: row.name,
        pem: row.pem,
        serial: row.serial,
        encryptedPrivateKey: row.encrypted_private_key,
        chainRevision: row.chain_revision,
      },
    ]),
  );
}

/** A CA certificate without its key, with the revision of the chain it heads and when it was stored. */
export interface CaCertificateRow {
  name: CaName;
  pem: string;
  chainRevision: number;
  createdAt: Date;
}

/** The CA certificates (no keys), read FOR SHARE: a chain change waits for the reader's transaction. */
export async function readCaCertificates(manager: EntityManager): Promise<Map<CaName, CaCertificateRow>> {
  const rows: CaCertificateRow[] = await manager.query(
    `SELECT name, pem, chain_revision AS "chainRevision", created_at AS "createdAt" FROM issuer.ca_certificates ORDER BY name FOR SHARE`,
  );
  return new Map(rows.map((row) => [row.name, row]));
}

export interface NewStoredCa {
  name: CaName;
  pem: string;
  serial: string;
  notBefore: Date;
  notAfter: Date;
  origin: 'generated' | 'imported';
  encryptedPrivateKey: string;
}

export async function insertStoredCa(manager: EntityManager, ca: NewStoredCa): Promise<void> {
  await manager.query(
    `INSERT INTO issuer.ca_certificates (name, kind, serial, pem, not_before, not_after, origin) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [ca.name, ca.name === 'root' ? 'root' : 'issuing', ca.serial, ca.pem, ca.notBefore, ca.notAfter, ca.origin],
  );
  await manager.query(`INSERT INTO issuer.ca_keys (ca_name, encrypted_private_key) VALUES ($1, $2)`, [ca.name, ca.encryptedPrivateKey]);
}

export async function setChainRevision(manager: EntityManager, environment: Environment, revision: number): Promise<void> {
  await manager.query(`UPDATE issuer.ca_certificates SET chain_revision = $2 WHERE name = $1`, [environment, revision]);
}
