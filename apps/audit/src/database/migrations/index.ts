import { MessagingTables1764400000000 } from './1764400000000-messaging-tables';
import { Ledger1764500000000 } from './1764500000000-ledger';

/** Every migration of the audit schema, in order. Append only; never edit a landed migration. */
export const AUDIT_MIGRATIONS = [MessagingTables1764400000000, Ledger1764500000000];
