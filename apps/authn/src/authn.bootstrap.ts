import type { ServiceBootOptions } from '@paspoort/service-kit';

/** How the authn service boots: used by main.ts and by the OpenAPI generator, so /docs and docs/openapi agree. */
export const AUTHN_BOOT: ServiceBootOptions = { title: 'Paspoort authn' };
