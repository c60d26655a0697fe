/** Every TypeORM entity of the audit schema. */
export const AUDIT_ENTITIES: Function[] = [];
