import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import { ENVIRONMENTS, EVENT_TYPES } from '@paspoort/contracts';
import { MAX_LIMIT } from './ledger-filters';

/** The ledger filters of DESIGN.md as OpenAPI query parameters; `paged` adds `cursor` and `limit`. */
export function ApiLedgerFilters(paged = false): MethodDecorator & ClassDecorator {
  const optional = { required: false } as const;
  return applyDecorators(
    ApiQuery({ ...optional, name: 'type', enum: [...EVENT_TYPES] }),
    ApiQuery({ ...optional, name: 'personId', type: String }),
    ApiQuery({ ...optional, name: 'serial', type: String, description: 'lower-case hex, as openssl prints it' }),
    ApiQuery({ ...optional, name: 'organisationId', type: String }),
    ApiQuery({ ...optional, name: 'environment', enum: [...ENVIRONMENTS] }),
    ApiQuery({ ...optional, name: 'outcome', enum: ['success', 'refused'] }),
    ApiQuery({ ...optional, name: 'actor', type: String, description: 'person:<id>, system:<serial>, bootstrap or service:<name>' }),
    ApiQuery({ ...optional, name: 'from', type: String, format: 'date-time', description: 'occurredAt >= from' }),
    ApiQuery({ ...optional, name: 'to', type: String, format: 'date-time', description: 'occurredAt < to' }),
    ...(paged
      ? [
          ApiQuery({ ...optional, name: 'cursor', type: String, description: 'nextCursor of the previous page' }),
          ApiQuery({ ...optional, name: 'limit', type: Number, description: `1..${MAX_LIMIT}` }),
        ]
      : []),
  );
}
