import type { AccessWarning, IpDenyReason, IpRegistrationView } from '@paspoort/contracts';
import { echo, IpRuleError, IpRuleInputInvalid, type IpRuleErrorCode } from './errors';
import { parseAddressBits, wordMask, type IpBits, type IpKind } from './ip-bits';
import { MAX_IP_INPUT_LENGTH, parseRangeBits } from './ip-range';

/**
 * The IP part of an access decision. `reason` is set exactly when `decision` is `deny`; `warnings` is empty on a
 * deny and on an allow by a valid registration, and holds one `<REASON>_MONITOR_ONLY` on an allow before enforcement.
 * `matchedRegistrationId` is set exactly when a valid registration allowed the source.
 */
export interface IpAccessDecision {
  decision: 'allow' | 'deny';
  reason?: IpDenyReason;
  warnings: AccessWarning[];
  matchedRegistrationId?: string;
}

export interface IpAccessRequest {
  sourceIp: string;
  now: Date;
  /** The environment's enforcement instant; null = never enforced (monitor only). */
  enforcedFrom: Date | null;
}

/** A registration that could not be compiled (bad address or instant in the view); it never allows anything. */
export interface SkippedRegistration {
  id: string;
  code: IpRuleErrorCode | 'IP_REGISTRATION_INSTANT_INVALID';
}

/** Registrations parsed once; `decide` is then allocation-light and safe to call per request. Immutable. */
export interface CompiledRegistrations {
  readonly size: number;
  readonly skipped: readonly SkippedRegistration[];
  decide(request: IpAccessRequest): IpAccessDecision;
}

interface CompiledRegistration {
  id: string;
  kind: IpKind;
  /** Network address and prefix mask as words, precomputed so a match is a few integer operations. */
  words: readonly number[];
  masks: readonly number[];
  prefixLength: number;
  fromMs: number;
  /** Exclusive; Infinity when open-ended. */
  untilMs: number;
}

const MONITOR_ONLY: Readonly<Record<IpDenyReason, AccessWarning>> = {
  IP_NOT_REGISTERED: 'IP_NOT_REGISTERED_MONITOR_ONLY',
  IP_REGISTRATION_NOT_YET_VALID: 'IP_REGISTRATION_NOT_YET_VALID_MONITOR_ONLY',
  IP_REGISTRATION_EXPIRED: 'IP_REGISTRATION_EXPIRED_MONITOR_ONLY',
};

/**
 * Parses a certificate's registrations once. A view whose address or instants do not parse is skipped (listed in
 * `skipped`, so the caller can log it) rather than failing the whole set: it can only ever fail to allow.
 * Registrations are tried most specific first, so `matchedRegistrationId` names the narrowest valid match.
 */
export function compileRegistrations(views: readonly IpRegistrationView[]): CompiledRegistrations {
  const compiled: CompiledRegistration[] = [];
  const skipped: SkippedRegistration[] = [];
  for (const view of views) {
    const result = compileOne(view);
    if ('code' in result) skipped.push(result);
    else compiled.push(result);
  }
  compiled.sort((a, b) => b.prefixLength - a.prefixLength);
  const frozen = Object.freeze(compiled);
  return Object.freeze({
    size: frozen.length,
    skipped: Object.freeze(skipped),
    decide: (request: IpAccessRequest) => decide(frozen, request),
  });
}

/**
 * Decides whether `sourceIp` may use a system certificate with these registrations, at `now`.
 * Valid means validFrom <= now < validUntil (validUntil exclusive, null = open-ended); enforced means
 * enforcedFrom != null and enforcedFrom <= now. Without a valid match the reason is, in order of precedence,
 * IP_REGISTRATION_NOT_YET_VALID (a match starts later), IP_REGISTRATION_EXPIRED (a match has ended), IP_NOT_REGISTERED;
 * it denies when enforced and otherwise allows with `<REASON>_MONITOR_ONLY`.
 * A `sourceIp` that is not a single address (garbage, a CIDR, a zone id) is denied IP_NOT_REGISTERED even before
 * enforcement: it is not a client that monitoring could later register.
 * For repeated decisions over the same registrations, compile once with compileRegistrations.
 * @throws IpRuleInputInvalid when `now` or `enforcedFrom` is an invalid Date
 */
export function decideIpAccess(input: IpAccessRequest & { registrations: readonly IpRegistrationView[] }): IpAccessDecision {
  return compileRegistrations(input.registrations).decide(input);
}

function decide(registrations: readonly CompiledRegistration[], request: IpAccessRequest): IpAccessDecision {
  const nowMs = instantMs(request.now, 'now');
  const enforcedFromMs = request.enforcedFrom === null ? null : instantMs(request.enforcedFrom, 'enforcedFrom');
  const source = parseSource(request.sourceIp);
  if (source === null) return { decision: 'deny', reason: 'IP_NOT_REGISTERED', warnings: [] };
  let startsLater = false;
  let ended = false;
  for (const registration of registrations) {
    if (registration.kind !== source.kind || !matches(registration, source.words)) continue;
    if (nowMs < registration.fromMs) startsLater = true;
    else if (nowMs >= registration.untilMs) ended = true;
    else return { decision: 'allow', warnings: [], matchedRegistrationId: registration.id };
  }
  const reason: IpDenyReason = startsLater ? 'IP_REGISTRATION_NOT_YET_VALID' : ended ? 'IP_REGISTRATION_EXPIRED' : 'IP_NOT_REGISTERED';
  if (enforcedFromMs !== null && nowMs >= enforcedFromMs) return { decision: 'deny', reason, warnings: [] };
  return { decision: 'allow', warnings: [MONITOR_ONLY[reason]] };
}

function compileOne(view: IpRegistrationView): CompiledRegistration | SkippedRegistration {
  const fromMs = Date.parse(view.validFrom);
  const untilMs = view.validUntil === null ? Infinity : Date.parse(view.validUntil);
  if (Number.isNaN(fromMs) || Number.isNaN(untilMs)) return { id: view.id, code: 'IP_REGISTRATION_INSTANT_INVALID' };
  try {
    const { range, bits } = parseRangeBits(view.address);
    const masks = bits.words.map((_, i) => wordMask(range.prefixLength, i));
    return {
      id: view.id,
      kind: bits.kind,
      words: bits.words,
      masks,
      prefixLength: range.prefixLength,
      fromMs,
      untilMs,
    };
  } catch (error: unknown) {
    if (error instanceof IpRuleError) return { id: view.id, code: error.code };
    throw error;
  }
}

function matches(registration: CompiledRegistration, source: readonly number[]): boolean {
  const { words, masks } = registration;
  for (let i = 0; i < words.length; i++) if (((words[i]! ^ source[i]!) & masks[i]!) !== 0) return false;
  return true;
}

function parseSource(sourceIp: unknown): IpBits | null {
  return typeof sourceIp === 'string' && sourceIp.length <= MAX_IP_INPUT_LENGTH ? parseAddressBits(sourceIp) : null;
}

function instantMs(value: Date, name: string): number {
  const ms = value instanceof Date ? value.getTime() : NaN;
  if (Number.isNaN(ms)) throw new IpRuleInputInvalid(`${name} must be a valid Date, got ${echo(value)}`);
  return ms;
}
