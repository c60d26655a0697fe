import { buildCrl, encodePem, issueCertificate, type BuildCrlParams } from '@paspoort/pki';
import { makeCsr, makeHierarchy, OpensslWorkspace, pemOf, type TestHierarchy } from '../../test-support/pki-test-kit';

const THIS_UPDATE = new Date('2025-07-01T10:00:00.500Z');
const NEXT_UPDATE = new Date('2025-07-02T10:00:00Z');
const AT_TIME = String(Date.parse('2025-07-01T12:00:00Z') / 1000);

describe('buildCrl', () => {
  let hierarchy: TestHierarchy;
  const ws = new OpensslWorkspace();

  beforeAll(async () => {
    hierarchy = await makeHierarchy();
    ws.write('chain.pem', pemOf(hierarchy.root) + pemOf(hierarchy.issuing.test.cert));
    ws.write('root.pem', pemOf(hierarchy.root));
    ws.write('issuing.pem', pemOf(hierarchy.issuing.test.cert));
  });
  afterAll(() => ws.dispose());

  function params(entries: BuildCrlParams['entries'], crlNumber: BuildCrlParams['crlNumber'] = 5): BuildCrlParams {
    const ca = hierarchy.issuing.test;
    return { issuingCa: ca.cert, issuingKeys: ca.keys, crlNumber, thisUpdate: THIS_UPDATE, nextUpdate: NEXT_UPDATE, entries };
  }

  it('ok/entries with reasons and certificateHold, verified by openssl', async () => {
    const der = await buildCrl(
      params(
        [
          { serial: '0a1b2c', revokedAt: new Date('2025-06-01T00:00:00Z'), reason: 'keyCompromise' },
          { serial: '8f00ff', revokedAt: new Date('2025-06-02T00:00:00Z'), reason: 'certificateHold' },
          { serial: '7777', revokedAt: new Date('2025-06-03T00:00:00Z'), reason: 'unspecified' },
          { serial: '01', revokedAt: new Date('2025-06-04T00:00:00Z'), reason: 'privilegeWithdrawn' },
        ],
        12345678901234567890n,
      ),
    );
    ws.write('crl.der', der);
    const text = ws.run(['crl', '-inform', 'DER', '-in', 'crl.der', '-noout', '-text']);
    expect(text).toMatch(/Version 2/);
    expect(text).toMatch(/Issuer: CN = Paspoort Issuing CA test, O = Paspoort|Issuer: O = Paspoort, CN = Paspoort Issuing CA test/);
    expect(text).toMatch(/Last Update: Jul {2}1 10:00:00 2025 GMT\s+Next Update: Jul {2}2 10:00:00 2025 GMT/);
    expect(text).toMatch(/X509v3 CRL Number: \s+12345678901234567890/);
    expect(text).toMatch(/X509v3 Authority Key Identifier:/);
    expect(text).toMatch(
      /Serial Number: 0A1B2C\s+Revocation Date: Jun {2}1 00:00:00 2025 GMT\s+CRL entry extensions:\s+X509v3 CRL Reason Code:\s+Key Compromise/,
    );
    expect(text).toMatch(
      /Serial Number: 8F00FF\s+Revocation Date: Jun {2}2 00:00:00 2025 GMT\s+CRL entry extensions:\s+X509v3 CRL Reason Code:\s+Certificate Hold/,
    );
    expect(text).toMatch(/Serial Number: 7777\s+Revocation Date: Jun {2}3 00:00:00 2025 GMT\s+Serial Number: 01/);
    expect(text).toMatch(/X509v3 CRL Reason Code:\s+Privilege Withdrawn/);
    expect(ws.runAll(['crl', '-inform', 'DER', '-in', 'crl.der', '-noout', '-CAfile', 'chain.pem'])).toContain('verify OK');
  });

  it('ok/empty CRL', async () => {
    ws.write('empty.der', await buildCrl(params([], 0)));
    const text = ws.run(['crl', '-inform', 'DER', '-in', 'empty.der', '-noout', '-text']);
    expect(text).toContain('No Revoked Certificates.');
    expect(text).toMatch(/X509v3 CRL Number: \s+0\n/);
  });

  it('ok/openssl verify -crl_check refuses the revoked certificate and accepts another', async () => {
    const ca = hierarchy.issuing.test;
    const issue = async (serial: string) =>
      issueCertificate({
        csr: (await makeCsr('p256')).pem,
        profile: 'personal',
        environment: 'test',
        holder: { personId: 'p1', name: 'P One' },
        issuingCa: ca.cert,
        issuingKeys: ca.keys,
        serial,
        notBefore: new Date('2025-01-01T00:00:00Z'),
        validityDays: 365,
        publicUrl: 'https://pki.example.test',
      });
    const revoked = await issue('9abcdef0123456789abcdef012345678');
    const fine = await issue('1abcdef0123456789abcdef012345678');
    const crl = await buildCrl(
      params([{ serial: revoked.serial, revokedAt: new Date('2025-06-01T00:00:00Z'), reason: 'certificateHold' }]),
    );
    ws.write('crl.pem', encodePem('X509 CRL', crl));
    ws.write('revoked.pem', revoked.pem);
    ws.write('fine.pem', fine.pem);
    const verify = (leaf: string) =>
      ws.runAll([
        'verify',
        '-attime',
        AT_TIME,
        '-crl_check',
        '-CAfile',
        'root.pem',
        '-untrusted',
        'issuing.pem',
        '-CRLfile',
        'crl.pem',
        leaf,
      ]);
    expect(() =>
      ws.run([
        'verify',
        '-attime',
        AT_TIME,
        '-crl_check',
        '-CAfile',
        'root.pem',
        '-untrusted',
        'issuing.pem',
        '-CRLfile',
        'crl.pem',
        'revoked.pem',
      ]),
    ).toThrow(/certificate revoked/);
    expect(verify('fine.pem')).toContain('fine.pem: OK');
  });

  const failures: Array<{ name: string; change: Partial<BuildCrlParams>; code: string }> = [
    { name: 'fail/duplicate serial', change: { entries: [entry('0a'), entry('0a')] }, code: 'CRL_INVALID' },
    { name: 'fail/duplicate serial in another spelling', change: { entries: [entry('0a'), entry('0x0A')] }, code: 'CRL_INVALID' },
    { name: 'fail/invalid serial', change: { entries: [entry('zz')] }, code: 'CRL_INVALID' },
    { name: 'fail/unknown reason', change: { entries: [{ ...entry('0b'), reason: 'removeFromCRL' as never }] }, code: 'CRL_INVALID' },
    { name: 'fail/negative CRL number', change: { crlNumber: -1 }, code: 'CRL_INVALID' },
    { name: 'fail/fractional CRL number', change: { crlNumber: 1.5 }, code: 'CRL_INVALID' },
    { name: 'fail/CRL number over 20 octets', change: { crlNumber: 2n ** 160n }, code: 'CRL_INVALID' },
    { name: 'fail/nextUpdate not after thisUpdate', change: { nextUpdate: THIS_UPDATE }, code: 'CRL_INVALID' },
  ];

  it.each(failures)('$name', async ({ change, code }) => {
    await expect(buildCrl({ ...params([]), ...change })).rejects.toMatchObject({ code });
  });
});

function entry(serial: string): BuildCrlParams['entries'][number] {
  return { serial, revokedAt: new Date('2025-06-01T00:00:00Z'), reason: 'superseded' };
}
