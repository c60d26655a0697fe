import type { CertificateProfile } from '@paspoort/contracts';
import { HolderInvalid } from '../errors';

/** Holder of a personal certificate: one named person, optionally on behalf of an organisation. */
export interface PersonalHolder {
  personId: string;
  name: string;
  organisationId?: string;
  organisationName?: string;
}

/** Holder of a system certificate: an organisation's named system. */
export interface SystemHolder {
  organisationId: string;
  organisationName: string;
  systemName: string;
}

export type Holder = PersonalHolder | SystemHolder;

/** The holder type of each profile. */
export interface HolderOf {
  personal: PersonalHolder;
  system: SystemHolder;
}

type FieldKind = 'personId' | 'organisationId' | 'text';
type FieldSpec = Readonly<Record<string, { kind: FieldKind; required: boolean }>>;

const FIELDS: Readonly<Record<CertificateProfile, FieldSpec>> = {
  personal: {
    personId: { kind: 'personId', required: true },
    name: { kind: 'text', required: true },
    organisationId: { kind: 'organisationId', required: false },
    organisationName: { kind: 'text', required: false },
  },
  system: {
    organisationId: { kind: 'organisationId', required: true },
    organisationName: { kind: 'text', required: true },
    systemName: { kind: 'text', required: true },
  },
};

const PATTERNS: Readonly<Record<Exclude<FieldKind, 'text'>, RegExp>> = {
  personId: /^[A-Za-z0-9._-]{1,64}$/,
  organisationId: /^[A-Za-z0-9.-]{1,64}$/,
};
/** X.520 upper bound of commonName and organizationName. */
const MAX_TEXT = 64;
/** Control, format, surrogate, private-use and unassigned code points, and line/paragraph separators. */
const NOT_PRINTABLE = /[\p{C}\p{Zl}\p{Zp}]/u;

/**
 * Validates the holder of `profile` and returns it typed, with only its known fields.
 * Throws `HolderInvalid` (code `HOLDER_INVALID`, message naming the field) for a missing, empty, too long,
 * untrimmed or non-printable field, a field of the other profile, or an identifier outside its alphabet
 * (personId `[A-Za-z0-9._-]{1,64}`, organisationId `[A-Za-z0-9.-]{1,64}`; names at most 64 characters).
 */
export function validateHolder<P extends CertificateProfile>(profile: P, holder: unknown): HolderOf[P] {
  if (typeof holder !== 'object' || holder === null || Array.isArray(holder)) {
    throw new HolderInvalid('(root)', 'must be an object');
  }
  const spec = FIELDS[profile];
  const input = holder as Record<string, unknown>;
  const unknownField = Object.keys(input).find((key) => !(key in spec) && input[key] !== undefined);
  if (unknownField) throw new HolderInvalid(unknownField, `is not a field of a ${profile} holder`);
  const result: Record<string, string> = {};
  for (const [field, { kind, required }] of Object.entries(spec)) {
    const value = input[field];
    if (value === undefined && !required) continue;
    result[field] = validateField(field, kind, value);
  }
  return result as unknown as HolderOf[P];
}

function validateField(field: string, kind: FieldKind, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) throw new HolderInvalid(field, 'is required and must be a non-empty string');
  if (kind !== 'text') {
    if (!PATTERNS[kind].test(value)) throw new HolderInvalid(field, `must match ${PATTERNS[kind].source}`);
    return value;
  }
  if ([...value].length > MAX_TEXT) throw new HolderInvalid(field, `must be at most ${MAX_TEXT} characters`);
  if (NOT_PRINTABLE.test(value)) throw new HolderInvalid(field, 'contains control or non-printable characters');
  if (value.trim() !== value) throw new HolderInvalid(field, 'must not start or end with whitespace');
  return value;
}
