import { ENVIRONMENTS, type CertificateStatusValue, type Environment } from '@paspoort/contracts';
import { compileRegistrations, type CompiledRegistrations } from '@paspoort/ip-rules';
import { readCertificate } from '@paspoort/pki';
import { decideAccess } from '../../../apps/authn/src/access/access-decision';
import { PresentedCertificates } from '../../../apps/authn/src/access/presented-certificates';
import type { AccessStateView, EnvironmentChain } from '../../../apps/authn/src/projections/access-state.view';
import { makeHolderRequest, type TestCa } from '@paspoort/testing';
import { systemHolder } from '../fixtures';
import { asyncRate, syncRate } from '../load';
import type { Results } from '../results';
import type { Scale } from '../scale';
import type { MachineLimits } from './limits';

/** Certificates per second through the pki lib alone: CSR parse + proof-of-possession check + build + sign, one at a time. */
export async function inProcessIssuance(results: Results, limits: MachineLimits, scale: Scale, ca: TestCa): Promise<void> {
  const requests = await Promise.all(Array.from({ length: 100 }, () => makeHolderRequest()));
  const rate = await asyncRate((i) => ca.issueFromCsr(requests[i % requests.length].csrPem, 'test', 'system', systemHolder(i)), {
    seconds: scale.inProcessSeconds,
    warmup: 30,
  });
  results.add('issuance, in-process (libs only, no HTTP, no DB)', rate, 'cert/s', limits.issuance, {
    concurrency: 1,
    csrCurve: 'P-256',
    caCurve: 'P-256',
    profile: 'system',
    library: '@paspoort/pki (@peculiar/x509 on webcrypto)',
  });
}

/** A stand-in for authn's projection: the chains, statuses and compiled registrations the decision reads. */
function projectionOf(ca: TestCa, statuses: Map<string, CertificateStatusValue>, registrations: Map<string, CompiledRegistrations>) {
  const chains = new Map<Environment, EnvironmentChain>();
  for (const environment of ENVIRONMENTS) {
    chains.set(environment, { revision: 1, issuingCa: readCertificate(ca.issuingCa(environment).cert), rootCa: readCertificate(ca.root) });
  }
  return {
    chain: (environment: Environment) => chains.get(environment),
    status: (serial: string) => statuses.get(serial),
    ipRegistrations: (serial: string) => registrations.get(serial) ?? compileRegistrations([]),
  };
}

/**
 * Access decisions per second in one process, as authn's AccessService makes them: PEM → fingerprint → parsed
 * certificate (cached by fingerprint) → chain check (remembered per chain revision) → status → IP registrations.
 * Also without the cache (every decision parses the certificate and verifies its signature), for contrast.
 */
export async function inProcessDecisions(results: Results, limits: MachineLimits, scale: Scale, ca: TestCa): Promise<void> {
  const count = 64;
  const requests = await Promise.all(Array.from({ length: count }, () => makeHolderRequest()));
  const issued = await Promise.all(requests.map((r, i) => ca.issueFromCsr(r.csrPem, 'test', 'system', systemHolder(i))));
  const now = new Date();
  const statuses = new Map<string, CertificateStatusValue>();
  const registrations = new Map<string, CompiledRegistrations>();
  issued.forEach((c, i) => {
    statuses.set(c.serial, {
      key: c.serial,
      revision: 1,
      updatedAt: now.toISOString(),
      serial: c.serial,
      environment: 'test',
      profile: 'system',
      status: 'active',
      changedAt: now.toISOString(),
      notAfter: c.notAfter.toISOString(),
      fingerprintSha256: c.fingerprintSha256,
      organisationId: systemHolder(i).organisationId,
    });
    registrations.set(
      c.serial,
      compileRegistrations([{ id: `r${i}`, address: `10.${i}.0.0/24`, validFrom: '2020-01-01T00:00:00Z', validUntil: null }]),
    );
  });
  const view = projectionOf(ca, statuses, registrations);
  const enforcedFrom = new Date('2020-01-01T00:00:00Z');
  const pems = issued.map((c) => c.pem);
  let allowed = 0;
  const decide = (certificates: PresentedCertificates, i: number) => {
    const presented = certificates.fromPem(pems[i % count]);
    const facts = presented.facts!;
    const chain = view.chain('test')!;
    const outcome = decideAccess({
      channel: 'system',
      environment: 'test',
      certificate: facts,
      issuedBy: certificates.issuedBy(presented, 'test', view as unknown as AccessStateView),
      issuingCa: { notBefore: chain.issuingCa.notBefore, notAfter: chain.issuingCa.notAfter },
      status: view.status(facts.serial),
      fresh: true,
      ip: { sourceIp: `10.${i % count}.0.7`, registrations: view.ipRegistrations(facts.serial), enforcedFrom },
      now: new Date(),
    });
    if (outcome.decision === 'allow') allowed++;
  };
  const cached = new PresentedCertificates();
  const rate = syncRate((i) => decide(cached, i), { seconds: scale.inProcessSeconds, warmup: 2000, batch: 100 });
  if (allowed === 0) throw new Error('in-process decisions: nothing was allowed; the fixture is wrong');
  results.add('access decisions, in-process (fingerprint cache warm)', rate, 'decision/s', limits.verify, {
    certificates: count,
    ipRegistrationsPerCertificate: 1,
    enforced: true,
    note: 'includes PEM decoding and SHA-256 of the DER per decision',
  });
  const uncachedRate = syncRate((i) => decide(new PresentedCertificates(), i), { seconds: scale.inProcessSeconds, warmup: 50, batch: 10 });
  results.add('access decisions, in-process (no cache: parse + chain verify each time)', uncachedRate, 'decision/s', limits.verify, {
    certificates: count,
  });
}
