/** Every TypeORM entity of the ip-registry schema. */
export const IP_REGISTRY_ENTITIES: Function[] = [];
