import { ENVIRONMENTS, PROFILES, type CertificateProfile, type Environment } from '@paspoort/contracts';

/** Certificate policy OID of every profile in every environment. Configuration: an operator supplies its own. */
export type PolicyOidTable = Readonly<Record<CertificateProfile, Readonly<Record<Environment, string>>>>;

/**
 * PLACEHOLDER policy OIDs under the ITU-T documentation arc 2.999 (`2.999.1.<profile>.<environment>`, profile
 * personal=1 system=2, environment test=1 acceptance=2 production=3). They identify Paspoort's profiles in
 * development and tests only; a real deployment replaces them with OIDs from its own registered arc.
 */
export const DEFAULT_POLICY_OIDS: PolicyOidTable = {
  personal: { test: '2.999.1.1.1', acceptance: '2.999.1.1.2', production: '2.999.1.1.3' },
  system: { test: '2.999.1.2.1', acceptance: '2.999.1.2.2', production: '2.999.1.2.3' },
};

/** The profile and environment a policy OID stands for in `table`, or undefined. */
export function lookupPolicyOid(
  oid: string,
  table: PolicyOidTable = DEFAULT_POLICY_OIDS,
): { profile: CertificateProfile; environment: Environment } | undefined {
  for (const profile of PROFILES) {
    const environment = ENVIRONMENTS.find((env) => table[profile][env] === oid);
    if (environment) return { profile, environment };
  }
  return undefined;
}

/** The policy OIDs an environment's issuing CA asserts: one per profile. */
export function policyOidsOfEnvironment(environment: Environment, table: PolicyOidTable = DEFAULT_POLICY_OIDS): string[] {
  return PROFILES.map((profile) => table[profile][environment]);
}
