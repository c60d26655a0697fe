import { MessagingTables1764400000000 } from './1764400000000-messaging-tables';
import { IssuerTables1764500000000 } from './1764500000000-issuer-tables';

/** Every migration of the issuer schema, in order. Append only; never edit a landed migration. */
export const ISSUER_MIGRATIONS = [MessagingTables1764400000000, IssuerTables1764500000000];
