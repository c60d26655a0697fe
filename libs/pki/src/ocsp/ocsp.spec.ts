import { readFileSync } from 'node:fs';
import {
  buildOcspError,
  buildOcspResponse,
  certIdMatchesIssuer,
  ocspStatusFor,
  parseOcspRequest,
  type OcspCertStatus,
  type OcspErrorStatus,
} from '@paspoort/pki';
import { makeHierarchy, OpensslWorkspace, pemOf, type TestHierarchy } from '../../test-support/pki-test-kit';

const PRODUCED_AT = new Date('2025-07-01T10:00:00.250Z');
const NEXT_UPDATE = new Date('2025-07-01T11:00:00Z');
const AT_TIME = String(Date.parse('2025-07-01T10:30:00Z') / 1000);

describe('OCSP', () => {
  let hierarchy: TestHierarchy;
  const ws = new OpensslWorkspace();

  beforeAll(async () => {
    hierarchy = await makeHierarchy();
    ws.write('chain.pem', pemOf(hierarchy.root) + pemOf(hierarchy.issuing.test.cert));
    ws.write('issuing.pem', pemOf(hierarchy.issuing.test.cert));
  });
  afterAll(() => ws.dispose());

  function opensslRequest(serials: string[], digest: string[] = [], nonce = true): Buffer {
    const serialArgs = serials.flatMap((serial) => ['-serial', `0x${serial}`]);
    ws.run(['ocsp', '-issuer', 'issuing.pem', ...digest, ...serialArgs, ...(nonce ? [] : ['-no_nonce']), '-reqout', 'req.der']);
    return readFileSync(ws.path('req.der'));
  }

  function respondAndCheck(request: Buffer, statuses: OcspCertStatus[]): string {
    const parsed = parseOcspRequest(request);
    const ca = hierarchy.issuing.test;
    const results = parsed.certIds.map((certId, index) => ({ certId, status: statuses[index] }));
    const response = buildOcspResponse({
      responderCert: ca.cert,
      responderKeys: ca.keys,
      results,
      producedAt: PRODUCED_AT,
      thisUpdate: PRODUCED_AT,
      nextUpdate: NEXT_UPDATE,
      nonce: parsed.nonce,
    });
    ws.write('resp.der', response);
    return ws.runAll(['ocsp', '-reqin', 'req.der', '-respin', 'resp.der', '-CAfile', 'chain.pem', '-attime', AT_TIME, '-resp_text']);
  }

  const REVOKED_AT = new Date('2025-06-15T08:00:00Z');
  const cases: Array<{ name: string; digest: string[]; status: OcspCertStatus; expected: RegExp }> = [
    { name: 'ok/SHA-1 CertID, good', digest: [], status: { kind: 'good' }, expected: /Cert Status: good/ },
    { name: 'ok/SHA-1 CertID, unknown', digest: [], status: { kind: 'unknown' }, expected: /Cert Status: unknown/ },
    {
      name: 'ok/SHA-1 CertID, revoked keyCompromise',
      digest: [],
      status: { kind: 'revoked', revokedAt: REVOKED_AT, reason: 'keyCompromise' },
      expected: /Cert Status: revoked\s+Revocation Time: Jun 15 08:00:00 2025 GMT\s+Revocation Reason: keyCompromise \(0x1\)/,
    },
    {
      name: 'ok/SHA-1 CertID, blocked is certificateHold',
      digest: [],
      status: ocspStatusFor({ status: 'blocked', changedAt: REVOKED_AT.toISOString() }),
      expected: /Cert Status: revoked\s+Revocation Time: Jun 15 08:00:00 2025 GMT\s+Revocation Reason: certificateHold \(0x6\)/,
    },
    {
      name: 'ok/SHA-256 CertID, good',
      digest: ['-sha256'],
      status: { kind: 'good' },
      expected: /Hash Algorithm: sha256[\s\S]*Cert Status: good/,
    },
  ];

  it.each(cases)('$name', ({ digest, status, expected }) => {
    const request = opensslRequest(['7f1e2d3c4b5a69788796a5b4c3d2e1f0'], digest);
    const parsed = parseOcspRequest(request);
    expect(parsed.certIds).toHaveLength(1);
    expect(parsed.certIds[0]).toMatchObject({
      serial: '7f1e2d3c4b5a69788796a5b4c3d2e1f0',
      hashAlgorithm: digest.length ? 'sha256' : 'sha1',
    });
    expect(parsed.nonce).toBeDefined();
    expect(certIdMatchesIssuer(parsed.certIds[0], hierarchy.issuing.test.cert)).toBe(true);
    expect(certIdMatchesIssuer(parsed.certIds[0], hierarchy.issuing.acceptance.cert)).toBe(false);
    const output = respondAndCheck(request, [status]);
    expect(output).toContain('Response verify OK');
    expect(output).not.toMatch(/WARNING|Nonce Verify error/);
    expect(output).toMatch(/OCSP Nonce:/);
    expect(output).toMatch(expected);
    expect(output).toMatch(/This Update: Jul {2}1 10:00:00 2025 GMT\s+Next Update: Jul {2}1 11:00:00 2025 GMT/);
    expect(output).toMatch(/Produced At: Jul {2}1 10:00:00 2025 GMT/);
  });

  it('ok/several serials (one with the top bit set) and no nonce', () => {
    const request = opensslRequest(['01', '8f00', 'abcdef'], [], false);
    const parsed = parseOcspRequest(request);
    expect(parsed.certIds.map((id) => id.serial)).toEqual(['01', '8f00', 'abcdef']);
    expect(parsed.nonce).toBeUndefined();
    const output = respondAndCheck(request, [
      { kind: 'good' },
      { kind: 'unknown' },
      { kind: 'revoked', revokedAt: REVOKED_AT, reason: 'superseded' },
    ]);
    expect(output).toContain('Response verify OK');
    expect(output).toMatch(/Serial Number: 8F00\s+Cert Status: unknown/);
    expect(output).toMatch(/Revocation Reason: superseded \(0x4\)/);
  });

  it('fail/openssl refuses a response signed by another environment’s CA', () => {
    const request = opensslRequest(['01']);
    const parsed = parseOcspRequest(request);
    const wrong = hierarchy.issuing.acceptance;
    ws.write(
      'resp.der',
      buildOcspResponse({
        responderCert: wrong.cert,
        responderKeys: wrong.keys,
        results: [{ certId: parsed.certIds[0], status: { kind: 'good' } }],
        producedAt: PRODUCED_AT,
        thisUpdate: PRODUCED_AT,
        nonce: parsed.nonce,
      }),
    );
    ws.write('chain-all.pem', pemOf(hierarchy.root) + pemOf(hierarchy.issuing.test.cert) + pemOf(wrong.cert));
    const output = ws.runAll(['ocsp', '-reqin', 'req.der', '-respin', 'resp.der', '-CAfile', 'chain-all.pem', '-attime', AT_TIME]);
    expect(output).not.toContain('Response verify OK');
    expect(output).toMatch(/Response Verify Failure/i);
  });

  const errors: Array<[OcspErrorStatus, number]> = [
    ['malformedRequest', 1],
    ['internalError', 2],
    ['tryLater', 3],
    ['sigRequired', 5],
    ['unauthorized', 6],
  ];
  it.each(errors)('ok/error response %s', (status, code) => {
    ws.write('err.der', buildOcspError(status));
    expect(ws.runAll(['ocsp', '-respin', 'err.der', '-resp_text'])).toContain(`Responder Error: ${status.toLowerCase()} (${code})`);
  });

  const malformed: Array<{ name: string; input: () => Uint8Array }> = [
    { name: 'fail/empty', input: () => new Uint8Array(0) },
    { name: 'fail/garbage', input: () => Buffer.from('GET / HTTP/1.1\r\n') },
    { name: 'fail/truncated DER', input: () => opensslRequest(['01']).subarray(0, 40) },
    { name: 'fail/trailing bytes', input: () => Buffer.concat([opensslRequest(['01']), Buffer.from([0])]) },
    { name: 'fail/oversized', input: () => Buffer.alloc(9000, 0x30) },
    { name: 'fail/MD5 CertID', input: () => opensslRequest(['01'], ['-md5']) },
    { name: 'fail/17 CertIDs', input: () => opensslRequest(Array.from({ length: 17 }, (_, i) => (i + 16).toString(16))) },
    { name: 'fail/a certificate instead of a request', input: () => hierarchyDer() },
  ];
  function hierarchyDer(): Uint8Array {
    return new Uint8Array(hierarchy.root.rawData);
  }

  it.each(malformed)('$name', ({ input }) => {
    expect(() => parseOcspRequest(input())).toThrow(expect.objectContaining({ code: 'OCSP_MALFORMED' }));
  });

  const statusCases: Array<{ name: string; record: Parameters<typeof ocspStatusFor>[0]; expected: OcspCertStatus }> = [
    { name: 'ok/no record is unknown', record: undefined, expected: { kind: 'unknown' } },
    { name: 'ok/active is good', record: { status: 'active', changedAt: REVOKED_AT }, expected: { kind: 'good' } },
    {
      name: 'ok/blocked is certificateHold',
      record: { status: 'blocked', changedAt: REVOKED_AT },
      expected: { kind: 'revoked', revokedAt: REVOKED_AT, reason: 'certificateHold' },
    },
    {
      name: 'ok/revoked keeps its reason',
      record: { status: 'revoked', changedAt: REVOKED_AT.toISOString(), revocationReason: 'affiliationChanged' },
      expected: { kind: 'revoked', revokedAt: REVOKED_AT, reason: 'affiliationChanged' },
    },
    {
      name: 'ok/revoked without reason is unspecified',
      record: { status: 'revoked', changedAt: REVOKED_AT },
      expected: { kind: 'revoked', revokedAt: REVOKED_AT, reason: 'unspecified' },
    },
  ];
  it.each(statusCases)('ocspStatusFor $name', ({ record, expected }) => {
    expect(ocspStatusFor(record)).toEqual(expected);
  });
});
