import type { ServiceBootOptions } from '@paspoort/service-kit';

/** How the audit service boots: used by main.ts and by the OpenAPI generator, so /docs and docs/openapi agree. */
export const AUDIT_BOOT: ServiceBootOptions = { title: 'Paspoort audit' };
