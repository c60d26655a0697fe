/** Every TypeORM entity of the issuer schema. */
export const ISSUER_ENTITIES: Function[] = [];
