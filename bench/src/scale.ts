/** How big one run is: `full` (the README figures, under 5 minutes on 2 cores) or `tiny` (the smoke test). */
export interface Scale {
  name: 'tiny' | 'full';
  limitSeconds: number;
  inProcessSeconds: number;
  /** Certificates issued over HTTP (they are the access-check, login and revocation population too). */
  issuanceCount: number;
  issuanceConcurrency: number;
  accessSeconds: number;
  accessConcurrency: number;
  tailSeconds: number;
  loginPersons: number;
  loginSeconds: number;
  revocations: number;
  revocationConcurrency: number;
  auditEvents: number;
  auditSeconds: number;
  projectionStatuses: number;
  coldStartWithoutBroker: boolean;
  maxSecondsPerPhase: number;
}

export function scaleFrom(env: NodeJS.ProcessEnv = process.env): Scale {
  if (env.BENCH_SCALE === 'tiny') {
    return {
      name: 'tiny',
      limitSeconds: 0.3,
      inProcessSeconds: 0.3,
      issuanceCount: 40,
      issuanceConcurrency: 16,
      accessSeconds: 0.5,
      accessConcurrency: 32,
      tailSeconds: 0.5,
      loginPersons: 8,
      loginSeconds: 0.5,
      revocations: 6,
      revocationConcurrency: 3,
      auditEvents: 500,
      auditSeconds: 5,
      projectionStatuses: 2000,
      coldStartWithoutBroker: false,
      maxSecondsPerPhase: 10,
    };
  }
  return {
    name: 'full',
    limitSeconds: 2,
    inProcessSeconds: 2,
    issuanceCount: 1500,
    issuanceConcurrency: 16,
    accessSeconds: 6,
    accessConcurrency: 32,
    tailSeconds: 5,
    loginPersons: 240,
    loginSeconds: 5,
    revocations: 200,
    revocationConcurrency: 8,
    auditEvents: 30000,
    auditSeconds: 25,
    projectionStatuses: 100000,
    coldStartWithoutBroker: true,
    maxSecondsPerPhase: 20,
  };
}
