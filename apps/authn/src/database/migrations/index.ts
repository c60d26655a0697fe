import { MessagingTables1764400000000 } from './1764400000000-messaging-tables';
import { AuthnTables1764500000000 } from './1764500000000-authn-tables';

/** Every migration of the authn schema, in order. Append only; never edit a landed migration. */
export const AUTHN_MIGRATIONS = [MessagingTables1764400000000, AuthnTables1764500000000];
