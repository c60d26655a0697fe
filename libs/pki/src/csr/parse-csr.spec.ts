import { readFileSync } from 'node:fs';
import { AsnConvert } from '@peculiar/asn1-schema';
import { CertificationRequest } from '@peculiar/asn1-csr';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { encodePem, MAX_CSR_BYTES, parseCsr } from '@paspoort/pki';
import * as x509 from '../x509';
import { makeCsr, OpensslWorkspace, type CsrKind } from '../../test-support/pki-test-kit';

describe('parseCsr', () => {
  const ws = new OpensslWorkspace();
  afterAll(() => ws.dispose());

  const okKinds: Array<{ name: string; kind: CsrKind; key: object; algorithm: string }> = [
    { name: 'ok/ECDSA P-256', kind: 'p256', key: { type: 'ec', curve: 'P-256' }, algorithm: 'ecdsa-with-SHA256' },
    { name: 'ok/ECDSA P-384', kind: 'p384', key: { type: 'ec', curve: 'P-384' }, algorithm: 'ecdsa-with-SHA384' },
    { name: 'ok/RSA-2048', kind: 'rsa2048', key: { type: 'rsa', bits: 2048 }, algorithm: 'sha256WithRSAEncryption' },
  ];

  it.each(okKinds)('$name (PEM, DER and PEM bytes)', async ({ kind, key, algorithm }) => {
    const csr = await makeCsr(kind);
    for (const input of [csr.pem, csr.der, Buffer.from(csr.pem)]) {
      const parsed = parseCsr(input);
      expect(parsed).toMatchObject({ key, signatureAlgorithm: algorithm, requestedSubject: 'CN=ignored, O=Evil Corp' });
      expect(parsed.der.equals(csr.der)).toBe(true);
    }
  });

  it('ok/openssl-made CSR with explanatory text and NEW CERTIFICATE REQUEST label', () => {
    ws.run([
      'req',
      '-new',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      'k.pem',
      '-subj',
      '/CN=whatever',
      '-out',
      'r.pem',
    ]);
    const pem = readFileSync(ws.path('r.pem'), 'utf8');
    expect(parseCsr(pem).key).toEqual({ type: 'ec', curve: 'P-256' });
    const relabelled = `Subject: whatever\n${pem.replace(/CERTIFICATE REQUEST/g, 'NEW CERTIFICATE REQUEST')}`;
    expect(parseCsr(relabelled).requestedSubject).toBe('CN=whatever');
  });

  type Mutation = (csr: { pem: string; der: Buffer }) => string | Uint8Array | Promise<string | Uint8Array>;
  const failures: Array<{ name: string; kind?: CsrKind; input: Mutation; code: string }> = [
    { name: 'fail/garbage text', input: () => 'hello, I am a CSR', code: 'CSR_MALFORMED' },
    { name: 'fail/empty string', input: () => '', code: 'CSR_MALFORMED' },
    { name: 'fail/empty bytes', input: () => new Uint8Array(0), code: 'CSR_MALFORMED' },
    { name: 'fail/random bytes', input: () => Buffer.from('3003020101ffff', 'hex'), code: 'CSR_MALFORMED' },
    { name: 'fail/truncated DER', input: ({ der }) => der.subarray(0, der.length - 10), code: 'CSR_MALFORMED' },
    { name: 'fail/trailing bytes after DER', input: ({ der }) => Buffer.concat([der, Buffer.from([0, 0])]), code: 'CSR_MALFORMED' },
    { name: 'fail/non-minimal DER length', input: ({ der }) => nonMinimalLength(der), code: 'CSR_MALFORMED' },
    { name: 'fail/two PEM blocks', input: ({ pem }) => pem + pem, code: 'CSR_MALFORMED' },
    { name: 'fail/PEM of a certificate label', input: ({ der }) => encodePem('CERTIFICATE', der), code: 'CSR_MALFORMED' },
    { name: 'fail/PEM with broken base64', input: ({ pem }) => pem.replace(/\n[A-Za-z0-9+/]{10}/, '\n!!!!!!!!!!'), code: 'CSR_MALFORMED' },
    {
      name: 'fail/PEM with mismatched END label',
      input: ({ pem }) => pem.replace('END CERTIFICATE REQUEST', 'END CERTIFICATE'),
      code: 'CSR_MALFORMED',
    },
    {
      name: 'fail/a PEM certificate request in a DER body',
      input: () => encodePem('CERTIFICATE REQUEST', Buffer.from('not asn1')),
      code: 'CSR_MALFORMED',
    },
    { name: 'fail/oversized PEM', input: ({ pem }) => pem + ' '.repeat(MAX_CSR_BYTES), code: 'CSR_TOO_LARGE' },
    { name: 'fail/oversized DER', input: () => Buffer.alloc(MAX_CSR_BYTES + 1, 0x30), code: 'CSR_TOO_LARGE' },
    { name: 'fail/tampered signature', input: ({ der }) => flipLastByte(der), code: 'CSR_SIGNATURE_INVALID' },
    { name: 'fail/tampered subject', input: ({ der }) => flipInSubject(der), code: 'CSR_SIGNATURE_INVALID' },
    { name: 'fail/RSA-1024 key', kind: 'rsa1024', input: ({ pem }) => pem, code: 'CSR_KEY_TOO_WEAK' },
    { name: 'fail/Ed25519 key', kind: 'ed25519', input: ({ pem }) => pem, code: 'CSR_KEY_UNSUPPORTED' },
    { name: 'fail/P-521 key', kind: 'p521', input: ({ pem }) => pem, code: 'CSR_KEY_UNSUPPORTED' },
    {
      name: 'fail/ECDSA signature with SHA-1',
      input: () => csrSignedWith({ name: 'ECDSA', hash: 'SHA-1' }),
      code: 'CSR_SIGNATURE_ALGORITHM_UNSUPPORTED',
    },
    {
      name: 'fail/ECDSA algorithm on an RSA key',
      kind: 'rsa2048',
      input: ({ der }) => withSignatureOid(der, '1.2.840.10045.4.3.2'),
      code: 'CSR_SIGNATURE_INVALID',
    },
    {
      name: 'fail/unknown signature algorithm OID',
      input: ({ der }) => withSignatureOid(der, '1.2.3.4'),
      code: 'CSR_SIGNATURE_ALGORITHM_UNSUPPORTED',
    },
  ];

  it.each(failures)('$name', async ({ kind, input, code }) => {
    const csr = await makeCsr(kind ?? 'p256');
    const bad = await input(csr);
    expect(() => parseCsr(bad)).toThrow(expect.objectContaining({ code }));
  });
});

function flipLastByte(der: Buffer): Buffer {
  const copy = Buffer.from(der);
  copy[copy.length - 1] ^= 0x01;
  return copy;
}

function flipInSubject(der: Buffer): Buffer {
  const at = der.indexOf(Buffer.from('Evil Corp'));
  const copy = Buffer.from(der);
  copy[at] = 'D'.charCodeAt(0);
  return copy;
}

function nonMinimalLength(der: Buffer): Buffer {
  expect(der[1]).toBe(0x81);
  return Buffer.concat([Buffer.from([0x30, 0x82, 0x00]), der.subarray(2)]);
}

function withSignatureOid(der: Buffer, oid: string): Buffer {
  const request = AsnConvert.parse(der, CertificationRequest);
  request.signatureAlgorithm = new AlgorithmIdentifier({ algorithm: oid });
  request.certificationRequestInfoRaw = undefined;
  return Buffer.from(AsnConvert.serialize(request));
}

async function csrSignedWith(signingAlgorithm: object): Promise<Uint8Array> {
  const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: 'CN=x', keys, signingAlgorithm: signingAlgorithm as never });
  return new Uint8Array(csr.rawData);
}
