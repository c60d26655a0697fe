import { Logger } from '@nestjs/common';
import type { X509Certificate } from '@peculiar/x509';
import { ENVIRONMENTS, TOPICS, type Environment } from '@paspoort/contracts';
import { OutboxWriter } from '@paspoort/messaging';
import {
  certificateUrls,
  decryptPrivateKey,
  encryptPrivateKey,
  exportPrivateKeyPkcs8,
  importCaKeyPair,
  KeyDecryptionFailed,
  readCertificate,
  systemClock,
  type Clock,
  type CryptoKeyPair,
} from '@paspoort/pki';
import { messagingOptionsFrom } from '@paspoort/service-kit';
import type { DataSource, EntityManager } from 'typeorm';
import type { IssuerConfig } from '../config/issuer.config';
import { CaHierarchy, caChainValue, type LoadedCa } from './ca-hierarchy';
import { generateIssuingCa, generateRootCa, importIssuingCa, importRootCa, serialOf, type FreshCa } from './ca-sources';
import { caKeyLabel, insertStoredCa, readStoredCas, setChainRevision, type CaName, type StoredCa } from './ca-store';

/** What one initialisation did: the CAs it created (generated or imported); empty when all existed. */
export interface CaInitialisation {
  created: CaName[];
}

const INIT_LOCK = 'paspoort:issuer:ca-init';
const logger = new Logger('CaInitialisation');

/**
 * Creates the missing parts of the CA hierarchy (root, then one issuing CA per environment), generated or imported
 * from `PASPOORT_CA_IMPORT_DIR`, and publishes each new environment's chain on `paspoort.ca.v1` through the outbox.
 * Idempotent and safe when several instances run it at once: it works under a transaction-scoped advisory lock.
 */
export async function initialiseCaHierarchy(
  dataSource: DataSource,
  config: IssuerConfig,
  clock: Clock = systemClock,
): Promise<CaInitialisation> {
  const outbox = new OutboxWriter(messagingOptionsFrom(config.common), dataSource);
  return dataSource.transaction(async (manager) => {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [INIT_LOCK]);
    const stored = await readStoredCas(manager);
    const created: CaName[] = [];
    const root = await ensureRoot(manager, stored, config, clock, created);
    for (const environment of ENVIRONMENTS) {
      if (stored.has(environment)) continue;
      const issuing = await makeIssuingCa(environment, root, config, clock);
      await store(manager, environment, issuing, config.ca.kek);
      await outbox.publishState(
        manager,
        TOPICS.ca,
        caChainValue(environment, pemOf(issuing.certificate), pemOf(root.certificate), 1, clock.now()),
      );
      await setChainRevision(manager, environment, 1);
      created.push(environment);
    }
    if (created.length > 0) logger.log(`CA hierarchy initialised: created ${created.join(', ')}`);
    return { created };
  });
}

/**
 * Loads and decrypts the whole hierarchy. A key that does not decrypt (wrong `PASPOORT_CA_KEK`, tampering) stops
 * the service with a message that says so; the message never contains key material.
 */
export async function loadCaHierarchy(dataSource: DataSource, config: IssuerConfig): Promise<CaHierarchy> {
  const stored = await readStoredCas(dataSource.manager);
  const load = async (name: CaName): Promise<LoadedCa> => {
    const ca = stored.get(name);
    if (!ca) throw new Error(`the ${name} CA does not exist: run the CA initialisation (npm run ca:init)`);
    return { certificate: readCertificate(ca.pem), pem: ca.pem, keys: await decryptCaKey(ca, config.ca.kek) };
  };
  const issuing = new Map<Environment, LoadedCa>();
  for (const environment of ENVIRONMENTS) issuing.set(environment, await load(environment));
  return new CaHierarchy(await load('root'), issuing);
}

async function ensureRoot(manager: EntityManager, stored: Map<CaName, StoredCa>, config: IssuerConfig, clock: Clock, created: CaName[]) {
  const existing = stored.get('root');
  if (existing) return { certificate: readCertificate(existing.pem), keys: await decryptCaKey(existing, config.ca.kek) };
  const root = config.ca.importDir ? await importRootCa(config.ca.importDir) : await generateRootCa(config.ca.curve, clock.now());
  await store(manager, 'root', root, config.ca.kek);
  created.push('root');
  return root;
}

async function makeIssuingCa(
  environment: Environment,
  root: { certificate: X509Certificate; keys: Pick<CryptoKeyPair, 'privateKey'> },
  config: IssuerConfig,
  clock: Clock,
): Promise<FreshCa> {
  const imported = config.ca.importDir ? await importIssuingCa(config.ca.importDir, environment, root.certificate) : undefined;
  if (imported) return imported;
  const cpsUri = config.ca.cpsUri ?? certificateUrls(config.ca.publicUrl, environment).cps;
  return generateIssuingCa(environment, root, { curve: config.ca.curve, now: clock.now(), policyOids: config.ca.policyOids, cpsUri });
}

async function store(manager: EntityManager, name: CaName, ca: FreshCa, kek: Buffer): Promise<void> {
  const pkcs8 = await exportPrivateKeyPkcs8(ca.keys.privateKey);
  try {
    await insertStoredCa(manager, {
      name,
      pem: pemOf(ca.certificate),
      serial: serialOf(ca.certificate),
      notBefore: ca.certificate.notBefore,
      notAfter: ca.certificate.notAfter,
      origin: ca.origin,
      encryptedPrivateKey: encryptPrivateKey(pkcs8, kek, caKeyLabel(name)),
    });
  } finally {
    pkcs8.fill(0);
  }
}

async function decryptCaKey(ca: StoredCa, kek: Buffer): Promise<Pick<CryptoKeyPair, 'privateKey'>> {
  let pkcs8: Buffer;
  try {
    pkcs8 = decryptPrivateKey(ca.encryptedPrivateKey, kek, caKeyLabel(ca.name));
  } catch (error) {
    if (error instanceof KeyDecryptionFailed) {
      throw new Error(
        `PASPOORT_CA_KEK cannot decrypt the stored ${ca.name} CA key: wrong key-encryption key, or the stored key was altered`,
      );
    }
    throw error;
  }
  try {
    return { privateKey: (await importCaKeyPair(pkcs8, false)).privateKey };
  } finally {
    pkcs8.fill(0);
  }
}

function pemOf(certificate: X509Certificate): string {
  return `${certificate.toString('pem')}\n`;
}
