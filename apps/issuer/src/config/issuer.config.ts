import { ENVIRONMENTS, PROFILES, type CertificateProfile, type Environment } from '@paspoort/contracts';
import { CA_CURVES, certificateUrls, DEFAULT_POLICY_OIDS, PkiError, type CaCurve, type PolicyOidTable } from '@paspoort/pki';
import { EnvReader, readCommonConfig, type CommonConfig } from '@paspoort/service-kit';

/** The issuer's certificate-authority settings. */
export interface CaSettings {
  /** AES-256-GCM key-encryption key of the CA private keys at rest (`PASPOORT_CA_KEK`). Secret. */
  kek: Buffer;
  curve: CaCurve;
  /** Base of the CRL, OCSP, CA-issuers and CPS URLs written into certificates. */
  publicUrl: string;
  cpsUri?: string;
  policyOids: PolicyOidTable;
  validityDays: Record<CertificateProfile, number>;
  crlValidityHours: number;
  /** A directory with root.pem/root.key and <environment>.pem/.key to import instead of generating. */
  importDir?: string;
}

/** `person.locked` → automatic block. */
export interface AutoBlockSettings {
  locks: number;
  windowHours: number;
}

/** The issuer service's whole configuration, read and validated once at boot (the only place that reads env). */
export interface IssuerConfig {
  common: CommonConfig;
  ca: CaSettings;
  autoBlock: AutoBlockSettings;
}

export const ISSUER_CONFIG = Symbol('ISSUER_CONFIG');

const OID_PATTERN = /^[0-2](\.(0|[1-9][0-9]*))+$/;

export function loadIssuerConfig(env: NodeJS.ProcessEnv = process.env): IssuerConfig {
  const r = new EnvReader(env);
  const common = readCommonConfig(r, 'issuer');
  const ca = readCaSettings(r);
  const autoBlock = {
    locks: r.int('PASPOORT_AUTO_BLOCK_LOCKS', 3, 1, 1000),
    windowHours: r.int('PASPOORT_AUTO_BLOCK_WINDOW_HOURS', 24, 1, 24 * 365),
  };
  r.done();
  return { common, ca, autoBlock };
}

function readCaSettings(r: EnvReader): CaSettings {
  const kek = r.key32('PASPOORT_CA_KEK', true) ?? Buffer.alloc(0);
  const curve = r.string('PASPOORT_CA_CURVE', 'P-256');
  r.check((CA_CURVES as readonly string[]).includes(curve), `PASPOORT_CA_CURVE must be one of ${CA_CURVES.join(', ')}`);
  const publicUrl = r.string('PASPOORT_ISSUER_PUBLIC_URL', 'http://127.0.0.1:3001').replace(/\/+$/, '');
  const cpsUri = r.optional('PASPOORT_CPS_URI');
  checkUrls(r, publicUrl, cpsUri);
  return {
    kek,
    curve: curve as CaCurve,
    publicUrl,
    cpsUri,
    policyOids: readPolicyOids(r),
    validityDays: {
      personal: r.int('PASPOORT_PERSONAL_VALIDITY_DAYS', 365, 1, 3650),
      system: r.int('PASPOORT_SYSTEM_VALIDITY_DAYS', 730, 1, 3650),
    },
    crlValidityHours: r.int('PASPOORT_CRL_VALIDITY_HOURS', 24, 1, 24 * 31),
    importDir: r.optional('PASPOORT_CA_IMPORT_DIR'),
  };
}

function checkUrls(r: EnvReader, publicUrl: string, cpsUri: string | undefined): void {
  try {
    certificateUrls(publicUrl, 'test');
    if (cpsUri) certificateUrls(cpsUri, 'test');
  } catch (error) {
    r.check(false, `PASPOORT_ISSUER_PUBLIC_URL / PASPOORT_CPS_URI: ${(error as PkiError).message}`);
  }
}

/** `PASPOORT_POLICY_OID_<PROFILE>_<ENVIRONMENT>` replaces one placeholder OID under the documentation arc 2.999. */
function readPolicyOids(r: EnvReader): PolicyOidTable {
  const table = {} as Record<CertificateProfile, Record<Environment, string>>;
  for (const profile of PROFILES) {
    table[profile] = { ...DEFAULT_POLICY_OIDS[profile] };
    for (const environment of ENVIRONMENTS) {
      const name = `PASPOORT_POLICY_OID_${profile.toUpperCase()}_${environment.toUpperCase()}`;
      const oid = r.optional(name);
      if (oid === undefined) continue;
      r.check(OID_PATTERN.test(oid), `${name} must be a dotted OID (got "${oid.slice(0, 40)}")`);
      table[profile][environment] = oid;
    }
  }
  const all = PROFILES.flatMap((profile) => ENVIRONMENTS.map((environment) => table[profile][environment]));
  r.check(new Set(all).size === all.length, 'every profile and environment needs its own policy OID');
  return table;
}
