import * as fc from 'fast-check';
import { bodyValidator, clientAddress, DomainError } from '@paspoort/service-kit';
import { expectOnly, fuzzParameters } from './support/fuzz-runs';
import { hostileJson, mutatedJson } from './support/json-mutations';

const TRUSTED = ['10.0.0.0/8', 'fd00::/8'];

/** X-Forwarded-For as an attacker writes it: real addresses, trusted-looking ones, mapped forms, junk and lists. */
const hop = fc.oneof(
  fc.ipV4(),
  fc.ipV6(),
  fc.ipV4Extended(),
  fc.ipV4().map((v4) => `::ffff:${v4}`),
  fc.constantFrom(
    '10.0.0.1',
    '10.1',
    '0x0a000001',
    '012.0.0.1',
    '::ffff:10.0.0.1',
    'fd00::1',
    'fe80::1%eth0',
    'unknown',
    '',
    ' ',
    '127.0.0.1',
  ),
  fc.string({ maxLength: 30 }),
);
const forwardedFor = fc.oneof(
  fc.array(hop, { maxLength: 6 }).map((hops) => hops.join(', ')),
  fc.array(
    fc.array(hop, { maxLength: 3 }).map((hops) => hops.join(',')),
    { maxLength: 3 },
  ),
  fc.string({ maxLength: 200 }),
  fc.constant(undefined),
);
const untrustedPeer = fc.oneof(
  fc.ipV4().filter((a) => !a.startsWith('10.')),
  fc.ipV6().filter((a) => !/^fd/i.test(a)),
  fc.constantFrom('11.0.0.1', '::ffff:11.0.0.1', '9.255.255.255', 'fe00::1'),
);

describe('fuzz: a client cannot choose its own source address', () => {
  it('ok/from an untrusted peer any X-Forwarded-For is ignored: the answer is the peer', () => {
    fc.assert(
      fc.property(untrustedPeer, forwardedFor, (peer, xff) => {
        const alone = clientAddress(peer, undefined, TRUSTED);
        expect(clientAddress(peer, xff, TRUSTED)).toBe(alone);
        expect(clientAddress(peer, xff, [])).toBe(alone);
      }),
      fuzzParameters(),
    );
  });

  it('ok/behind a trusted proxy the answer is the peer or an address the header names, never a trusted proxy or junk', () => {
    const trustedPeer = fc.constantFrom('10.0.0.5', '::ffff:10.0.0.5', 'fd00::5');
    fc.assert(
      fc.property(trustedPeer, forwardedFor, (peer, xff) => {
        const answer = expectOnly(
          () => clientAddress(peer, xff, TRUSTED),
          () => false,
        ).value!;
        const self = clientAddress(peer, undefined, TRUSTED);
        if (answer === self) return;
        expect(clientAddress(answer, undefined, TRUSTED)).toBe(answer); // canonical and a real address
        expect(clientAddress(answer, '1.2.3.4', TRUSTED)).toBe(answer); // not itself a trusted proxy
      }),
      fuzzParameters(),
    );
  });
});

describe('fuzz: bodyValidator refuses any body with a 400 DomainError and a code', () => {
  const validate = bodyValidator<{ subject: string; environment: string }>({
    type: 'object',
    required: ['subject', 'environment'],
    additionalProperties: false,
    properties: {
      subject: { type: 'string', maxLength: 64, pattern: '^person:[a-z0-9-]{1,32}$' },
      environment: { enum: ['test', 'acceptance', 'production'] },
    },
  });
  const valid = { subject: 'person:p-1', environment: 'test' };

  it('fail/arbitrary and mutated bodies: the valid body back, or a 400 with a code', () => {
    fc.assert(
      fc.property(fc.oneof(hostileJson, mutatedJson(valid), fc.constant(undefined)), (body) => {
        const outcome = expectOnly(
          () => validate(body),
          (e) => e instanceof DomainError && e.status === 400 && /^[A-Z_]+$/.test(e.code),
        );
        if (outcome.value) expect(Object.keys(outcome.value).sort()).toEqual(['environment', 'subject']);
      }),
      fuzzParameters(),
    );
  });
});
