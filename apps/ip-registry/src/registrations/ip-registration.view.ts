import type { Environment, IpRegistrationView } from '@paspoort/contracts';
import type { IpKind } from '@paspoort/ip-rules';
import type { IpRegistrationRecord } from './ip-registration.repository';

/** Where a registration stands at an instant: `ended` by a DELETE, `expired` past its validUntil. */
export type RegistrationState = 'current' | 'future' | 'ended' | 'expired';

/** A registration as the HTTP API returns it. */
export interface IpRegistrationResource {
  id: string;
  serial: string;
  environment: Environment;
  organisationId: string | null;
  address: string;
  kind: IpKind;
  prefixLength: number;
  validFrom: string;
  validUntil: string | null;
  endedAt: string | null;
  note: string | null;
  registeredBy: string;
  inheritedFrom: string | null;
  createdAt: string;
  state: RegistrationState;
}

export function registrationState(r: IpRegistrationRecord, now: Date): RegistrationState {
  if (r.endedAt) return 'ended';
  if (r.validUntil && r.validUntil.getTime() <= now.getTime()) return 'expired';
  return r.validFrom.getTime() > now.getTime() ? 'future' : 'current';
}

export function registrationResource(r: IpRegistrationRecord, now: Date): IpRegistrationResource {
  return {
    id: r.id,
    serial: r.serial,
    environment: r.environment,
    organisationId: r.organisationId,
    address: r.address,
    kind: r.kind,
    prefixLength: r.prefixLength,
    validFrom: r.validFrom.toISOString(),
    validUntil: r.validUntil?.toISOString() ?? null,
    endedAt: r.endedAt?.toISOString() ?? null,
    note: r.note,
    registeredBy: r.registeredBy,
    inheritedFrom: r.inheritedFrom,
    createdAt: r.createdAt.toISOString(),
    state: registrationState(r, now),
  };
}

/** What authn needs of a registration to decide (the state topic's view). */
export function registrationStateView(r: IpRegistrationRecord): IpRegistrationView {
  return { id: r.id, address: r.address, validFrom: r.validFrom.toISOString(), validUntil: r.validUntil?.toISOString() ?? null };
}
