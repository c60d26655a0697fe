import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { ENVIRONMENTS } from '@paspoort/contracts';
import { createMigratedDataSource } from '@paspoort/service-kit';
import { createTestDatabase, serviceTestEnv, uniqueTopicPrefix, withDatabase } from '@paspoort/testing';
import { initialiseCaHierarchy } from '../src/ca/ca-initialiser';
import { main as caInit } from '../src/cli/ca-init';
import { loadIssuerConfig } from '../src/config/issuer.config';
import { ISSUER_ENTITIES } from '../src/database/entities';
import { ISSUER_MIGRATIONS } from '../src/database/migrations';
import { Openssl, startIssuer, testKek } from './support/issuer-test-kit';

const caRows = (url: string) =>
  withDatabase(
    url,
    async (c) =>
      (await c.query(`SELECT name, serial, origin, pem FROM issuer.ca_certificates ORDER BY name`)).rows as {
        name: string;
        serial: string;
        origin: string;
        pem: string;
      }[],
  );

describe('issuer: CA hierarchy initialisation (real Postgres)', () => {
  it('ok/two instances initialising at once create one hierarchy and publish each chain once', async () => {
    const db = await createTestDatabase();
    const env = serviceTestEnv({ databaseUrl: db.url, topicPrefix: uniqueTopicPrefix('ca') }, { PASPOORT_CA_KEK: testKek() });
    const config = loadIssuerConfig(env);
    const open = () =>
      createMigratedDataSource({ url: db.url, schema: 'issuer', poolSize: 2, entities: ISSUER_ENTITIES, migrations: ISSUER_MIGRATIONS });
    const sources = await Promise.all([open(), open()]);
    try {
      const results = await Promise.all(sources.map((ds) => initialiseCaHierarchy(ds, config)));
      expect(results.map((r) => r.created.length).sort()).toEqual([0, 4]);
      expect((await caRows(db.url)).map((r) => r.name)).toEqual(['acceptance', 'production', 'root', 'test']);
      const chains = await withDatabase(
        db.url,
        async (c) => (await c.query(`SELECT message_key FROM issuer.outbox WHERE topic LIKE '%paspoort.ca.v1'`)).rows,
      );
      expect(chains.map((r: { message_key: string }) => r.message_key).sort()).toEqual([...ENVIRONMENTS].sort());
      expect((await initialiseCaHierarchy(sources[0], config)).created).toEqual([]);
      const keys = await withDatabase(
        db.url,
        async (c) => (await c.query(`SELECT encrypted_private_key FROM issuer.ca_keys`)).rows as { encrypted_private_key: string }[],
      );
      expect(keys.every((k) => k.encrypted_private_key.startsWith('v1.') && !k.encrypted_private_key.includes('PRIVATE KEY'))).toBe(true);
    } finally {
      await Promise.all(sources.map((ds) => ds.destroy()));
    }
  });

  it('fail/a wrong PASPOORT_CA_KEK stops the service with a clear message; the CLI says the same', async () => {
    const db = await createTestDatabase();
    const env = serviceTestEnv({ databaseUrl: db.url, topicPrefix: uniqueTopicPrefix('ca') }, { PASPOORT_CA_KEK: testKek() });
    expect(await caInit(env)).toBe(0);
    expect(await caInit(env)).toBe(0);
    const wrong = { ...env, PASPOORT_CA_KEK: testKek() };
    await expect(startIssuer(wrong)).rejects.toThrow(/PASPOORT_CA_KEK cannot decrypt the stored root CA key/);
    expect(await caInit(wrong)).toBe(1);
    expect(await caInit({ ...env, PASPOORT_CA_KEK: 'too-short' })).toBe(1);
  });

  it('ok/an existing hierarchy is imported from PEM files instead of generated', async () => {
    const openssl = new Openssl();
    const dir = mkdtempSync(join(tmpdir(), 'paspoort-ca-import-'));
    try {
      openssl.run([
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        join(dir, 'root.key'),
        '-out',
        join(dir, 'root.pem'),
        '-subj',
        '/O=Imported/CN=Imported Root',
        '-days',
        '3650',
        '-addext',
        'basicConstraints=critical,CA:TRUE',
        '-addext',
        'keyUsage=critical,keyCertSign,cRLSign',
      ]);
      openssl.run([
        'req',
        '-new',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        join(dir, 'test.key'),
        '-out',
        openssl.path('test.csr'),
        '-subj',
        '/O=Imported/CN=Imported Test CA',
      ]);
      writeFileSync(
        openssl.path('ext.cnf'),
        'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n',
      );
      openssl.run([
        'x509',
        '-req',
        '-in',
        openssl.path('test.csr'),
        '-CA',
        join(dir, 'root.pem'),
        '-CAkey',
        join(dir, 'root.key'),
        '-CAcreateserial',
        '-days',
        '1000',
        '-extfile',
        openssl.path('ext.cnf'),
        '-out',
        join(dir, 'test.pem'),
      ]);
      const db = await createTestDatabase();
      const env = serviceTestEnv(
        { databaseUrl: db.url, topicPrefix: uniqueTopicPrefix('ca') },
        { PASPOORT_CA_KEK: testKek(), PASPOORT_CA_IMPORT_DIR: dir },
      );
      expect(await caInit(env)).toBe(0);
      const rows = await caRows(db.url);
      expect(rows.map((r) => [r.name, r.origin])).toEqual([
        ['acceptance', 'generated'],
        ['production', 'generated'],
        ['root', 'imported'],
        ['test', 'imported'],
      ]);
      const root = new X509Certificate(rows.find((r) => r.name === 'root')!.pem);
      expect(root.subject).toContain('CN=Imported Root');
      expect(new X509Certificate(rows.find((r) => r.name === 'acceptance')!.pem).verify(root.publicKey)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      openssl.dispose();
    }
  });
});
