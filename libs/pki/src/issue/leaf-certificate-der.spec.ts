import { X509Certificate as NodeX509 } from 'node:crypto';
import type { CertificateProfile } from '@paspoort/contracts';
import { parseCsr } from '@paspoort/pki';
import { makeCsr, makeHierarchy, pemOf, type CsrKind, type TestHierarchy } from '../../test-support/pki-test-kit';
import { certificateParts } from '../asn1/certificate-parts';
import { subjectNameFor } from '../holder/holder-subject';
import type { HolderOf } from '../holder/holder';
import type { CaCurve } from '../keys/ca-key-pair';
import * as x509 from '../x509';
import { encodeLeafCertificate } from './leaf-certificate-der';
import { leafExtensions } from './leaf-extensions';
import { certificateUrls } from './public-urls';

const PERSON = { personId: 'p-1234', name: 'Anna de Vries', organisationId: '01234567', organisationName: 'Huisartsenpraktijk Zuid' };
const SYSTEM = { organisationId: '01234567', organisationName: 'Apotheek Noord', systemName: 'declaratie-module' };

/**
 * The hand-encoded certificate must be the certificate @peculiar/x509's generator builds from the same input: the
 * TBSCertificate byte for byte (the signatures differ, ECDSA is randomised), and a signature that verifies.
 */
describe('encodeLeafCertificate', () => {
  const hierarchies = new Map<CaCurve, TestHierarchy>();
  beforeAll(async () => {
    for (const curve of ['P-256', 'P-384'] as const) hierarchies.set(curve, await makeHierarchy(curve));
  });

  const cases: { name: string; ca: CaCurve; csr: CsrKind; profile: CertificateProfile; serial: string; notAfter: string }[] = [
    {
      name: 'ok/personal, P-256 CA, P-256 holder',
      ca: 'P-256',
      csr: 'p256',
      profile: 'personal',
      serial: '1f2e3d4c',
      notAfter: '2026-06-01T12:00:00Z',
    },
    {
      name: 'ok/system, P-384 CA, RSA holder',
      ca: 'P-384',
      csr: 'rsa2048',
      profile: 'system',
      serial: '7f' + '11'.repeat(15),
      notAfter: '2027-01-01T00:00:00Z',
    },
    {
      name: 'ok/serial with the top bit set (sign byte)',
      ca: 'P-256',
      csr: 'p384',
      profile: 'system',
      serial: '8f1e2d3c4b5a6978',
      notAfter: '2026-06-01T12:00:00Z',
    },
    {
      name: 'ok/notAfter from 2050 is GeneralizedTime',
      ca: 'P-256',
      csr: 'p256',
      profile: 'personal',
      serial: '0a0b',
      notAfter: '2050-01-01T00:00:01Z',
    },
  ];

  it.each(cases)('$name', async ({ ca: curve, csr: kind, profile, serial, notAfter }) => {
    const ca = hierarchies.get(curve)!.issuing.test;
    const csr = parseCsr((await makeCsr(kind)).pem);
    const holder = (profile === 'personal' ? PERSON : SYSTEM) as HolderOf[typeof profile];
    const hash = curve === 'P-384' ? 'SHA-384' : 'SHA-256';
    const common = {
      notBefore: new Date('2025-06-01T12:00:00Z'),
      notAfter: new Date(notAfter),
      holderSpki: csr.spki,
      issuingCa: ca.cert,
      policyOid: '2.999.1.1.1',
      urls: certificateUrls('https://pki.example.test/', 'test'),
    };
    const ours = encodeLeafCertificate({
      ...common,
      serialHex: serial,
      subject: subjectNameFor(profile, holder),
      signingKey: ca.keys.privateKey,
      hash,
    });
    const theirs = await x509.X509CertificateGenerator.create({
      serialNumber: serial,
      subject: subjectNameFor(profile, holder),
      issuer: new x509.Name(ca.cert.subjectName.toArrayBuffer()),
      notBefore: common.notBefore,
      notAfter: common.notAfter,
      publicKey: csr.spki as unknown as x509.PublicKey,
      signingKey: ca.keys.privateKey,
      signingAlgorithm: { name: 'ECDSA', hash },
      extensions: leafExtensions(common),
    });

    expect(Buffer.from(certificateParts(ours).tbs).toString('hex')).toBe(
      Buffer.from(certificateParts(new Uint8Array(theirs.rawData)).tbs).toString('hex'),
    );
    expect(new NodeX509(ours).verify(new NodeX509(pemOf(ca.cert)).publicKey)).toBe(true);
    expect(new x509.X509Certificate(ours).serialNumber).toBe(serial);
  });
});
