import { MessagingTables1764400000000 } from './1764400000000-messaging-tables';
import { IpRegistrations1764400000100 } from './1764400000100-ip-registrations';

/** Every migration of the ip-registry schema, in order. Append only; never edit a landed migration. */
export const IP_REGISTRY_MIGRATIONS = [MessagingTables1764400000000, IpRegistrations1764400000100];
