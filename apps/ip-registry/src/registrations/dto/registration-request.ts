import { badRequest, bodyValidator } from '@paspoort/service-kit';

/** `POST /certificates/{serial}/ip-registrations`, after validation (instants parsed). */
export interface RegistrationRequest {
  address: string;
  validFrom?: Date;
  validUntil?: Date | null;
  note?: string | null;
}

interface RegistrationBody {
  address: string;
  validFrom?: string;
  validUntil?: string | null;
  note?: string | null;
}

const instant = { type: 'string', format: 'date-time', maxLength: 40 };
const validBody = bodyValidator<RegistrationBody>(
  {
    type: 'object',
    required: ['address'],
    additionalProperties: false,
    properties: {
      address: { type: 'string', minLength: 1, maxLength: 128 },
      validFrom: instant,
      validUntil: { anyOf: [instant, { type: 'null' }] },
      note: { anyOf: [{ type: 'string', maxLength: 512 }, { type: 'null' }] },
    },
  },
  'IP_REGISTRATION_INVALID',
);

/** @throws DomainError 400 BODY_REQUIRED, IP_REGISTRATION_INVALID */
export function registrationRequest(body: unknown): RegistrationRequest {
  const b = validBody(body);
  return {
    address: b.address,
    validFrom: b.validFrom === undefined ? undefined : parseInstant(b.validFrom, 'validFrom'),
    validUntil: b.validUntil === undefined || b.validUntil === null ? b.validUntil : parseInstant(b.validUntil, 'validUntil'),
    note: b.note,
  };
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/i;

/** An ISO-8601 instant with a time zone (the schema checked the form; this rejects what Date cannot hold). */
export function parseInstant(text: string, field: string, code = 'IP_REGISTRATION_INVALID'): Date {
  const ms = ISO_INSTANT.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(ms)) throw badRequest(code, `${field} is not a valid ISO-8601 instant`);
  return new Date(ms);
}

/** `cursor` and `limit` of a list. `afterSeq` is the position the cursor encodes ('0' = from the start). */
export interface PageRequest {
  afterSeq: string;
  limit: number;
}

/** @throws DomainError 400 LIMIT_INVALID, CURSOR_INVALID */
export function pageRequest(cursor: string | undefined, limit: string | undefined): PageRequest {
  const size = limit === undefined ? 100 : Number(limit);
  if (!Number.isInteger(size) || size < 1 || size > 500) throw badRequest('LIMIT_INVALID', 'limit must be an integer in 1..500');
  if (cursor === undefined) return { afterSeq: '0', limit: size };
  const seq = /^[A-Za-z0-9_-]{1,32}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  if (!/^[1-9][0-9]{0,17}$/.test(seq)) throw badRequest('CURSOR_INVALID', 'cursor is not one this API returned');
  return { afterSeq: seq, limit: size };
}
