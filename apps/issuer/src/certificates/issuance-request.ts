import { ENVIRONMENTS, isEnvironment, PROFILES, type CertificateProfile, type Environment } from '@paspoort/contracts';
import { MAX_CSR_BYTES, normalizeSerial, SerialInvalid } from '@paspoort/pki';
import { badRequest } from '@paspoort/service-kit';

/** `POST /certificates` after its shape was checked; the holder and CSR are checked by the CA core. */
export interface IssuanceRequest {
  csr: string;
  profile: CertificateProfile;
  environment: Environment;
  holder: unknown;
  renews?: string;
}

const FIELDS = new Set(['csr', 'profile', 'environment', 'holder', 'renews']);

/** Reads the body: each problem has its own code (nothing is stored for a refused request). */
export function readIssuanceRequest(body: unknown): IssuanceRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('BODY_REQUIRED', 'a JSON object body is required');
  const input = body as Record<string, unknown>;
  const unknownField = Object.keys(input).find((key) => !FIELDS.has(key));
  if (unknownField) throw badRequest('VALIDATION_FAILED', `body has an unknown property "${unknownField}"`);
  if (!isEnvironment(input.environment)) throw badRequest('ENVIRONMENT_UNKNOWN', `environment must be one of ${ENVIRONMENTS.join(', ')}`);
  if (typeof input.profile !== 'string' || !(PROFILES as readonly string[]).includes(input.profile)) {
    throw badRequest('PROFILE_UNKNOWN', `profile must be one of ${PROFILES.join(', ')}`);
  }
  if (typeof input.csr !== 'string' || input.csr.trim() === '') throw badRequest('CSR_REQUIRED', 'csr must be a PEM certificate request');
  if (Buffer.byteLength(input.csr, 'utf8') > MAX_CSR_BYTES) throw badRequest('CSR_TOO_LARGE', `csr must be at most ${MAX_CSR_BYTES} bytes`);
  return {
    csr: input.csr,
    profile: input.profile as CertificateProfile,
    environment: input.environment,
    holder: input.holder,
    renews: input.renews === undefined ? undefined : readSerial(input.renews, 'renews'),
  };
}

/** A serial from a path or body, canonicalised as `openssl x509 -noout -serial` prints it (lower case). */
export function readSerial(value: unknown, what = 'serial'): string {
  try {
    if (typeof value !== 'string') throw new SerialInvalid(`${what} must be a hexadecimal serial`);
    return normalizeSerial(value);
  } catch (error) {
    throw badRequest('SERIAL_INVALID', `${what}: ${(error as Error).message}`);
  }
}
