import type { Type } from '@nestjs/common';
import { previewOpenApiDocument, type ServiceBootOptions } from '@paspoort/service-kit';
import { AUDIT_BOOT } from '../../apps/audit/src/audit.bootstrap';
import { AuditModule } from '../../apps/audit/src/audit.module';
import { AUTHN_BOOT } from '../../apps/authn/src/authn.bootstrap';
import { AuthnModule } from '../../apps/authn/src/authn.module';
import { IP_REGISTRY_BOOT } from '../../apps/ip-registry/src/ip-registry.bootstrap';
import { IpRegistryModule } from '../../apps/ip-registry/src/ip-registry.module';
import { ISSUER_BOOT } from '../../apps/issuer/src/issuer.bootstrap';
import { IssuerModule } from '../../apps/issuer/src/issuer.module';

/** Each service with the module and boot options its main.ts starts, so the files match what it serves at /docs. */
const SERVICES: Record<string, { module: Type<unknown>; boot: ServiceBootOptions }> = {
  issuer: { module: IssuerModule, boot: ISSUER_BOOT },
  authn: { module: AuthnModule, boot: AUTHN_BOOT },
  'ip-registry': { module: IpRegistryModule, boot: IP_REGISTRY_BOOT },
  audit: { module: AuditModule, boot: AUDIT_BOOT },
};

/** The generated files, one per service (paths relative to the repo root). */
export const OPENAPI_FILES = Object.keys(SERVICES).map(openApiFile);

/**
 * Every service's OpenAPI document (path relative to the repo root → text): keys sorted at every level so the
 * files do not change with the order controllers are registered in, two-space JSON with a trailing newline.
 * Needs neither Postgres nor Kafka; committed and checked for drift (npm run openapi:generate).
 */
export async function renderOpenApiFiles(): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const [service, { module, boot }] of Object.entries(SERVICES)) {
    const document = await previewOpenApiDocument(module, boot);
    files[openApiFile(service)] = `${JSON.stringify(sortKeys(document), null, 2)}\n`;
  }
  return files;
}

function openApiFile(service: string): string {
  return `docs/openapi/${service}.json`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([key, item]) => [key, sortKeys(item)]));
}
