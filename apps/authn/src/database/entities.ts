/** Every TypeORM entity of the authn schema. */
export const AUTHN_ENTITIES: Function[] = [];
