import 'reflect-metadata';
import { OCSPResponse } from '@peculiar/asn1-ocsp';
import { AsnConvert } from '@peculiar/asn1-schema';
import * as x509 from '@peculiar/x509';
import * as fc from 'fast-check';
import { Platform } from '../e2e/support/platform';
import { fuzzParameters, fuzzTimeout } from './support/fuzz-runs';
import { hostileBodies, oversizedBody, type HostileBody } from './support/hostile-bodies';
import { mutated, mutatedText } from './support/mutations';
import { makeCsr, makeOcspRequest } from './support/pki-material';
import { expectRefusedOrServed, RawHttp } from './support/raw-http';

/** OCSPResponseStatus values (RFC 6960 §4.2.1) an answer to a damaged request may carry. */
const OCSP_STATUS = { successful: 0, malformedRequest: 1, unauthorized: 6 } as const;

function ocspStatusOf(der: Buffer): number {
  return AsnConvert.parse(der, OCSPResponse).responseStatus;
}

describe('fuzz: hostile bodies at the HTTP edge get a 4xx with a code, never a 5xx', () => {
  let platform: Platform;
  const http = {} as Record<'authn' | 'issuer' | 'ip-registry', RawHttp>;
  let csrPem: string;
  let serial: string;
  let ocspRequest: Uint8Array;
  const send = (service: keyof typeof http, method: string, path: string, body: HostileBody) =>
    http[service].send(method, path, body.bytes, body.contentType);

  beforeAll(async () => {
    platform = await Platform.start({ services: ['issuer', 'authn', 'ip-registry'] });
    for (const service of ['authn', 'issuer', 'ip-registry'] as const) http[service] = await RawHttp.listen(platform.app(service));
    csrPem = (await makeCsr('P-256')).toString('pem');
    const holder = { organisationId: '12345678', organisationName: 'Apotheek', systemName: 'kassa' };
    const issued = await http.issuer.send(
      'POST',
      '/certificates',
      JSON.stringify({ csr: csrPem, profile: 'system', environment: 'test', holder }),
    );
    expect(issued.status).toBe(201);
    const { serial: s, certificatePem } = JSON.parse(issued.body.toString()) as { serial: string; certificatePem: string };
    serial = s;
    const chain = (await http.issuer.send('GET', '/ca/test/chain.pem', undefined)).body.toString();
    ocspRequest = makeOcspRequest(
      new x509.X509Certificate(chain.split(/(?<=-----END CERTIFICATE-----)/)[0]!.trim()),
      new x509.X509Certificate(certificatePem),
    );
  }, 120_000);

  afterAll(async () => platform?.close());

  it(
    'fail/authn POST /access/check: mutated, arbitrary, non-JSON and invalid UTF-8 bodies',
    async () => {
      const valid = { certificatePem: csrPem.replace(/CERTIFICATE REQUEST/g, 'CERTIFICATE'), sourceIp: '10.0.0.1', environment: 'test' };
      await fc.assert(
        fc.asyncProperty(hostileBodies(valid), async (body) =>
          expectRefusedOrServed(await send('authn', 'POST', '/access/check', body), [200], 'access/check'),
        ),
        fuzzParameters(),
      );
    },
    fuzzTimeout(20),
  );

  it(
    'fail/authn PUT /grants: mutated, arbitrary, non-JSON and invalid UTF-8 bodies',
    async () => {
      const valid = { subject: 'person:p-1', environment: 'test', role: 'compliance-officer' };
      await fc.assert(
        fc.asyncProperty(hostileBodies(valid), async (body) =>
          expectRefusedOrServed(await send('authn', 'PUT', '/grants', body), [200], 'PUT /grants'),
        ),
        fuzzParameters(),
      );
    },
    fuzzTimeout(20),
  );

  it(
    'fail/issuer POST /certificates: hostile bodies and mutated CSRs (PEM text and DER)',
    async () => {
      const valid = { csr: csrPem, profile: 'personal', environment: 'test', holder: { personId: 'p-9', name: 'Fuzz Person' } };
      const csrDer = Buffer.from(csrPem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
      const mutatedCsr = fc.oneof(
        mutatedText(csrPem),
        mutated(csrDer).map(
          (der) => `-----BEGIN CERTIFICATE REQUEST-----\n${Buffer.from(der).toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`,
        ),
      );
      const body = fc.oneof(
        hostileBodies(valid),
        mutatedCsr.map((csr) => ({ bytes: JSON.stringify({ ...valid, csr }), contentType: 'application/json' })),
      );
      await fc.assert(
        fc.asyncProperty(body, async (b) =>
          expectRefusedOrServed(await send('issuer', 'POST', '/certificates', b), [201], 'POST /certificates'),
        ),
        fuzzParameters(),
      );
    },
    fuzzTimeout(30),
  );

  it(
    'fail/ip-registry POST /certificates/{serial}/ip-registrations: hostile bodies and serials',
    async () => {
      const valid = { address: '192.0.2.0/28', validFrom: '2030-01-01T00:00:00.000Z', note: 'fuzz' };
      const path = fc.oneof(
        fc.constant(serial),
        fc.constantFrom('0', '00', 'x', '-1', 'ff'.repeat(21), '%00', '..%2f..', encodeURIComponent('::ffff:1.2.3.4')),
        fc.string({ maxLength: 50 }).map(encodeURIComponent),
      );
      await fc.assert(
        fc.asyncProperty(path, hostileBodies(valid), async (s, b) =>
          expectRefusedOrServed(await send('ip-registry', 'POST', `/certificates/${s}/ip-registrations`, b), [201], 'ip-registrations'),
        ),
        fuzzParameters(),
      );
    },
    fuzzTimeout(20),
  );

  it(
    'fail/issuer OCSP: arbitrary bytes are malformedRequest; a damaged request is answered with an OCSP status, never 5xx',
    async () => {
      expect(ocspStatusOf((await http.issuer.send('POST', '/ocsp/test', ocspRequest, 'application/ocsp-request')).body)).toBe(
        OCSP_STATUS.successful,
      );
      const input = fc.oneof(
        fc.uint8Array({ maxLength: 2000 }).map((bytes) => ({ bytes, arbitrary: true })),
        mutated(ocspRequest).map((bytes) => ({ bytes, arbitrary: false })),
      );
      await fc.assert(
        fc.asyncProperty(input, fc.boolean(), async ({ bytes, arbitrary }, viaGet) => {
          const answer = viaGet
            ? await http.issuer.send('GET', `/ocsp/test/${encodeURIComponent(Buffer.from(bytes).toString('base64'))}`, undefined)
            : await http.issuer.send('POST', '/ocsp/test', bytes, 'application/ocsp-request');
          if (answer.status === 200 && answer.contentType.startsWith('application/ocsp-response')) {
            const status = ocspStatusOf(answer.body);
            if (arbitrary) expect(status).toBe(OCSP_STATUS.malformedRequest);
            else expect(Object.values(OCSP_STATUS)).toContain(status);
          } else expectRefusedOrServed(answer, [], viaGet ? 'GET /ocsp' : 'POST /ocsp'); // e.g. a GET path too long: a 4xx with a code
        }),
        fuzzParameters(),
      );
    },
    fuzzTimeout(20),
  );

  it('fail/bodies over the limit are refused with 413 PAYLOAD_TOO_LARGE before parsing', async () => {
    const cases: Array<[keyof typeof http, string, string, string | Uint8Array, string]> = [
      [
        'authn',
        'POST',
        '/access/check',
        oversizedBody({ sourceIp: '10.0.0.1', environment: 'test' }, 'certificatePem'),
        'application/json',
      ],
      ['authn', 'PUT', '/grants', oversizedBody({ environment: 'test', role: 'operator' }, 'subject'), 'application/json'],
      ['issuer', 'POST', '/certificates', oversizedBody({ profile: 'system', environment: 'test' }, 'csr'), 'application/json'],
      ['ip-registry', 'POST', `/certificates/${serial}/ip-registrations`, oversizedBody({}, 'address'), 'application/json'],
      // An OCSP body over its limit gets an OCSP malformedRequest answer instead (apps/issuer/test/lifecycle.int-spec.ts).
    ];
    for (const [service, method, path, bytes, contentType] of cases) {
      const answer = await http[service].send(method, path, bytes, contentType);
      expect({ path, status: answer.status, code: (JSON.parse(answer.body.toString()) as { error: { code: string } }).error.code }).toEqual(
        {
          path,
          status: 413,
          code: 'PAYLOAD_TOO_LARGE',
        },
      );
    }
  });
});
