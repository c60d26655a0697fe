import { X509Certificate as NodeX509, generateKeyPairSync } from 'node:crypto';
import { ENVIRONMENTS } from '@paspoort/contracts';
import { buildIssuingCa, exportPrivateKeyPkcs8, generateCaKeyPair, importCaFromPem, issueCertificate, pkcs8ToPem } from '@paspoort/pki';
import { CA_NOT_BEFORE, makeCsr, makeHierarchy, OpensslWorkspace, pemOf, type TestHierarchy } from '../../test-support/pki-test-kit';

const AT_TIME = String(Date.parse('2025-01-01T00:00:00Z') / 1000);

describe('CA hierarchy', () => {
  let hierarchy: TestHierarchy;
  const ws = new OpensslWorkspace();

  beforeAll(async () => {
    hierarchy = await makeHierarchy();
    ws.write('root.pem', pemOf(hierarchy.root));
  });
  afterAll(() => ws.dispose());

  it('ok/root is self-signed CA with keyCertSign+cRLSign, SKI = AKI', () => {
    ws.write('r.pem', pemOf(hierarchy.root));
    expect(ws.run(['verify', '-attime', AT_TIME, '-CAfile', 'root.pem', 'r.pem'])).toContain('r.pem: OK');
    const text = ws.run(['x509', '-in', 'r.pem', '-noout', '-text']);
    expect(text).toMatch(/X509v3 Basic Constraints: critical\s+CA:TRUE\n/);
    expect(text).toMatch(/X509v3 Key Usage: critical\s+Certificate Sign, CRL Sign\n/);
    const ski = text.match(/Subject Key Identifier:\s+([0-9A-F:]+)/)?.[1];
    expect(text).toMatch(new RegExp(`Authority Key Identifier:\\s+(keyid:)?${ski}`));
    expect(text).toContain('Signature Algorithm: ecdsa-with-SHA256');
  });

  it.each(ENVIRONMENTS)('ok/issuing CA %s: pathLen 0, environment policies, verifies under root', (environment) => {
    const cert = hierarchy.issuing[environment].cert;
    ws.write('i.pem', pemOf(cert));
    expect(ws.run(['verify', '-attime', AT_TIME, '-CAfile', 'root.pem', 'i.pem'])).toContain('i.pem: OK');
    expect(new NodeX509(pemOf(cert)).verify(new NodeX509(pemOf(hierarchy.root)).publicKey)).toBe(true);
    const text = ws.run(['x509', '-in', 'i.pem', '-noout', '-text']);
    expect(text).toMatch(/X509v3 Basic Constraints: critical\s+CA:TRUE, pathlen:0/);
    expect(text).toMatch(/X509v3 Key Usage: critical\s+Certificate Sign, CRL Sign\n/);
    const index = ENVIRONMENTS.indexOf(environment) + 1;
    expect(text).toContain(`Policy: 2.999.1.1.${index}`);
    expect(text).toContain(`Policy: 2.999.1.2.${index}`);
    expect(text).toContain(`CN = Paspoort Issuing CA ${environment}`);
  });

  it('ok/P-384 hierarchy signs with SHA-384', async () => {
    const p384 = await makeHierarchy('P-384');
    ws.write('r384.pem', pemOf(p384.root));
    ws.write('i384.pem', pemOf(p384.issuing.production.cert));
    expect(ws.run(['verify', '-attime', AT_TIME, '-CAfile', 'r384.pem', 'i384.pem'])).toContain('OK');
    expect(ws.run(['x509', '-in', 'i384.pem', '-noout', '-text'])).toContain('Signature Algorithm: ecdsa-with-SHA384');
  });

  it('ok/issuing CA notAfter is clamped to the root', async () => {
    const keys = await generateCaKeyPair();
    const cert = await buildIssuingCa({
      environment: 'test',
      rootCert: hierarchy.root,
      rootKeys: hierarchy.rootKeys,
      keys,
      serial: '77',
      notBefore: CA_NOT_BEFORE,
      notAfter: new Date('2099-01-01T00:00:00Z'),
    });
    expect(cert.notAfter).toEqual(hierarchy.root.notAfter);
  });

  it('ok/importCaFromPem round-trips an issuing CA and checks its issuer', async () => {
    const ca = hierarchy.issuing.test;
    const keyPem = pkcs8ToPem(await exportPrivateKeyPkcs8(ca.keys.privateKey));
    const imported = await importCaFromPem(pemOf(ca.cert), keyPem, { issuer: hierarchy.root });
    expect(Buffer.from(imported.certificate.rawData).equals(Buffer.from(ca.cert.rawData))).toBe(true);
  });

  it('ok/an openssl-made CA (PrintableString country) imports and issues certificates that openssl verifies', async () => {
    ws.run([
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-384',
      '-nodes',
      '-keyout',
      'ext.key',
      '-subj',
      '/C=NL/O=Extern/CN=Extern CA',
      '-days',
      '3650',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
      '-out',
      'ext.pem',
    ]);
    const { readFileSync } = await import('node:fs');
    const ca = await importCaFromPem(readFileSync(ws.path('ext.pem'), 'utf8'), readFileSync(ws.path('ext.key'), 'utf8'));
    const issued = await issueCertificate({
      csr: (await makeCsr('p256')).pem,
      profile: 'system',
      environment: 'production',
      holder: { organisationId: '01234567', organisationName: 'Apotheek', systemName: 'kassa' },
      issuingCa: ca.certificate,
      issuingKeys: ca.keys,
      serial: '0102',
      notBefore: new Date(),
      validityDays: 30,
      publicUrl: 'https://pki.example.test',
    });
    ws.write('ext-leaf.pem', issued.pem);
    expect(ws.run(['verify', '-CAfile', 'ext.pem', 'ext-leaf.pem'])).toContain('ext-leaf.pem: OK');
    expect(ws.run(['x509', '-in', 'ext-leaf.pem', '-noout', '-text'])).toContain('Signature Algorithm: ecdsa-with-SHA384');
  });

  type ImportCase = { name: string; inputs: () => Promise<[string, string]>; code: string; issuer?: 'acceptance' };
  const issuingKeyPem = async (): Promise<string> => pkcs8ToPem(await exportPrivateKeyPkcs8(hierarchy.issuing.test.keys.privateKey));
  const failures: ImportCase[] = [
    {
      name: 'fail/key of another CA',
      inputs: async () => [pemOf(hierarchy.issuing.acceptance.cert), await issuingKeyPem()],
      code: 'CA_INVALID',
    },
    {
      name: 'fail/certificate garbage',
      inputs: async () => ['-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n', await issuingKeyPem()],
      code: 'CA_INVALID',
    },
    {
      name: 'fail/two certificates',
      inputs: async () => [pemOf(hierarchy.root) + pemOf(hierarchy.issuing.test.cert), await issuingKeyPem()],
      code: 'CA_INVALID',
    },
    {
      name: 'fail/RSA key',
      inputs: async () => [
        pemOf(hierarchy.issuing.test.cert),
        generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      ],
      code: 'CA_KEY_UNSUPPORTED',
    },
    {
      name: 'fail/signed by another issuer',
      inputs: async () => [pemOf(hierarchy.issuing.test.cert), await issuingKeyPem()],
      code: 'CA_INVALID',
      issuer: 'acceptance',
    },
    { name: 'fail/not a CA', inputs: async () => [await leafPem(), await issuingKeyPem()], code: 'CA_INVALID' },
  ];

  it.each(failures)('$name', async ({ inputs, code, issuer }) => {
    const [certPem, keyPem] = await inputs();
    const options = issuer ? { issuer: hierarchy.issuing[issuer].cert } : {};
    await expect(importCaFromPem(certPem, keyPem, options)).rejects.toMatchObject({ code });
  });

  async function leafPem(): Promise<string> {
    ws.run([
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      'leaf.key',
      '-subj',
      '/CN=leaf',
      '-addext',
      'basicConstraints=critical,CA:FALSE',
      '-out',
      'leaf.pem',
    ]);
    return (await import('node:fs')).readFileSync(ws.path('leaf.pem'), 'utf8');
  }
});
