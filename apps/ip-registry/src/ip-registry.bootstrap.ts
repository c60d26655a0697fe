import type { ServiceBootOptions } from '@paspoort/service-kit';

/** How the ip-registry service boots: used by main.ts and by the OpenAPI generator, so /docs and docs/openapi agree. */
export const IP_REGISTRY_BOOT: ServiceBootOptions = { title: 'Paspoort IP registry' };
