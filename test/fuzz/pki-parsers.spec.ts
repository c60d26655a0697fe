import * as fc from 'fast-check';
import {
  describeCertificate,
  encodePem,
  parseCsr,
  parseOcspRequest,
  PkiError,
  readCertificate,
  verifyClientCertificate,
} from '@paspoort/pki';
import { expectOnly, fuzzParameters, fuzzTimeout } from './support/fuzz-runs';
import { mutated, mutatedText } from './support/mutations';
import { makePkiMaterial, type PkiMaterial } from './support/pki-material';

/** Codes each parser documents; anything else (or a plain Error) is a bug. */
const CSR_CODES = [
  'CSR_TOO_LARGE',
  'CSR_MALFORMED',
  'CSR_KEY_UNSUPPORTED',
  'CSR_KEY_TOO_WEAK',
  'CSR_SIGNATURE_ALGORITHM_UNSUPPORTED',
  'CSR_SIGNATURE_INVALID',
];
const CERTIFICATE_CODES = ['CERTIFICATE_MALFORMED'];
const DESCRIBE_CODES = ['CERTIFICATE_MALFORMED', 'CERTIFICATE_PROFILE_UNKNOWN'];
const OCSP_CODES = ['OCSP_MALFORMED'];

const pkiErrorWith = (codes: string[]) => (error: unknown) => error instanceof PkiError && codes.includes(error.code);

/** Bytes with no structure at all, and bytes that start like DER (a SEQUENCE header) to get past the first check. */
const arbitraryBytes = fc.oneof(
  fc.uint8Array({ maxLength: 2048 }),
  fc.uint8Array({ maxLength: 512 }).map((tail) => Uint8Array.from([0x30, 0x82, (tail.length >> 8) & 0xff, tail.length & 0xff, ...tail])),
  fc.uint8Array({ minLength: 16_000, maxLength: 17_000 }),
);
const arbitraryText = fc.oneof(fc.string({ maxLength: 512 }), fc.string({ unit: 'binary', maxLength: 512 }));

describe('fuzz: the PKI parsers refuse hostile input with a PkiError code, never anything else', () => {
  let m: PkiMaterial;
  beforeAll(async () => {
    m = await makePkiMaterial();
  }, 60_000);

  describe('parseCsr', () => {
    const csr = (input: string | Uint8Array) => expectOnly(() => parseCsr(input), pkiErrorWith(CSR_CODES));

    it('ok/the valid CSRs parse (the base the mutations start from)', () => {
      for (const request of Object.values(m.csrs)) expect(csr(request.toString('pem')).value).toBeDefined();
    });

    it('fail/arbitrary bytes and text', () => {
      fc.assert(
        fc.property(fc.oneof(arbitraryBytes, arbitraryText), (input) => void csr(input)),
        fuzzParameters(),
      );
    });

    it(
      'fail/mutated DER of valid P-256, P-384 and RSA-2048 CSRs (bit flips, truncation, insertion): refused or still valid',
      () => {
        const base = fc.constantFrom(...Object.values(m.csrs).map((r) => new Uint8Array(r.rawData)));
        fc.assert(
          fc.property(base.chain(mutated), (der) => {
            const outcome = csr(der);
            // A mutation that survives every check must have kept the key and its proof of possession intact.
            if (outcome.value)
              expect(
                Object.values(m.csrs).some((r) => Buffer.from(r.rawData).subarray(0, 64).equals(outcome.value!.der.subarray(0, 64))),
              ).toBe(true);
          }),
          fuzzParameters(),
        );
      },
      fuzzTimeout(5),
    );

    it('fail/mutated PEM armour and PEM of mutated DER', () => {
      const pem = m.csrs.p256.toString('pem');
      const der = new Uint8Array(m.csrs.p256.rawData);
      const input = fc.oneof(
        mutatedText(pem),
        mutated(der).map((d) => encodePem('CERTIFICATE REQUEST', d)),
      );
      fc.assert(
        fc.property(input, (text) => void csr(text)),
        fuzzParameters(),
      );
    });

    it('fail/a mutated CSR never passes the proof of possession with a changed signed part', () => {
      const der = new Uint8Array(m.csrs.p256.rawData);
      fc.assert(
        fc.property(mutated(der), (bytes) => {
          const outcome = csr(bytes);
          if (outcome.value) expect(Buffer.from(outcome.value.spki).equals(Buffer.from(m.csrs.p256.publicKey.rawData))).toBe(true);
        }),
        fuzzParameters(),
      );
    });
  });

  describe('readCertificate and describeCertificate', () => {
    const read = (input: string | Uint8Array) => expectOnly(() => readCertificate(input), pkiErrorWith(CERTIFICATE_CODES));
    const describeIt = (input: string | Uint8Array) => expectOnly(() => describeCertificate(input), pkiErrorWith(DESCRIBE_CODES));
    const bases = () => fc.constantFrom(m.personal.der, m.system.der, new Uint8Array(m.issuingCa.rawData), new Uint8Array(m.root.rawData));

    it('fail/arbitrary bytes and text', () => {
      fc.assert(
        fc.property(fc.oneof(arbitraryBytes, arbitraryText), (input) => {
          read(input);
          describeIt(input);
        }),
        fuzzParameters(),
      );
    });

    it('fail/mutated DER of issued and CA certificates', () => {
      fc.assert(
        fc.property(bases().chain(mutated), (der) => {
          read(der);
          describeIt(der);
        }),
        fuzzParameters(),
      );
    });

    it('fail/mutated PEM armour and PEM of mutated DER', () => {
      const input = fc.oneof(
        mutatedText(m.system.pem),
        bases()
          .chain(mutated)
          .map((d) => encodePem('CERTIFICATE', d)),
      );
      fc.assert(
        fc.property(input, (text) => {
          read(text);
          describeIt(text);
        }),
        fuzzParameters(),
      );
    });

    // Regression, found by this fuzzer: @peculiar/x509 decodes extensions lazily, so readCertificate used to accept a
    // certificate whose extension value is not what its OID says, and describeCertificate then threw a raw
    // AsnSchemaValidationError instead of CERTIFICATE_MALFORMED. readCertificate now decodes them up front.
    it('fail/regression: a certificate whose AuthorityInfoAccess value is not a SEQUENCE is CERTIFICATE_MALFORMED', () => {
      const der = Buffer.from(m.system.der);
      const aia = der.indexOf(Buffer.from([0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x01]));
      der[aia + 12] = 0x04; // the extnValue's inner SEQUENCE tag becomes an OCTET STRING; every length stays right
      expect(() => describeCertificate(der)).toThrow(expect.objectContaining({ code: 'CERTIFICATE_MALFORMED' }));
    });

    it('fail/many unterminated BEGIN lines are refused quickly (no quadratic PEM scan)', () => {
      const text = '-----BEGIN CERTIFICATE-----\n'.repeat(600) + 'A'.repeat(1000);
      expect(read(text).error).toBeDefined();
    });
  });

  describe('verifyClientCertificate', () => {
    const verdict = (input: Uint8Array) =>
      expectOnly(
        () => verifyClientCertificate(input, { issuingCa: m.issuingCa, rootCa: m.root, now: new Date() }),
        pkiErrorWith(CERTIFICATE_CODES),
      );

    it('ok/the issued certificates are accepted', () => {
      expect(verdict(m.personal.der).value).toMatchObject({ ok: true });
      expect(verdict(m.system.der).value).toMatchObject({ ok: true });
    });

    it('fail/a mutated certificate is refused or malformed; if accepted its signed part is unchanged', () => {
      fc.assert(
        fc.property(mutated(m.system.der), (der) => {
          const outcome = verdict(der);
          if (outcome.value?.ok) {
            const tbs = (d: Uint8Array) => Buffer.from(d).subarray(0, 4 + (d[2]! << 8) + d[3]!);
            expect(tbs(new Uint8Array(outcome.value.certificate.rawData)).subarray(4, 200).equals(tbs(m.system.der).subarray(4, 200))).toBe(
              true,
            );
          }
        }),
        fuzzParameters(),
      );
    });
  });

  describe('parseOcspRequest', () => {
    const ocsp = (input: Uint8Array) => expectOnly(() => parseOcspRequest(input), pkiErrorWith(OCSP_CODES));

    it('ok/the openssl-style request parses', () => {
      expect(ocsp(m.ocspRequest).value?.certIds).toHaveLength(1);
    });

    it('fail/arbitrary bytes', () => {
      fc.assert(
        fc.property(arbitraryBytes, (input) => void ocsp(input)),
        fuzzParameters(),
      );
    });

    it('fail/mutated requests (bit flips, truncation, insertion)', () => {
      fc.assert(
        fc.property(mutated(m.ocspRequest), (der) => void ocsp(der)),
        fuzzParameters(),
      );
    });
  });
});
