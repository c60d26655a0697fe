import { Inject, Injectable } from '@nestjs/common';
import { buildEvent, TOPICS, type Environment, type IpRegistrationStateValue } from '@paspoort/contracts';
import { OutboxWriter } from '@paspoort/messaging';
import type { EntityManager } from 'typeorm';
import { IPREGISTRY_CLOCK, type Clock } from '../clock/clock';
import { IpRegistrationRepository, type IpRegistrationRecord, type NewIpRegistration } from './ip-registration.repository';
import { registrationStateView } from './ip-registration.view';

/** The certificate whose registrations change (environment and organisation travel in its state value). */
export interface RegistrationOwner {
  serial: string;
  environment: Environment;
  organisationId: string | null;
}

/**
 * Every change of a certificate's registrations goes through here, inside the caller's transaction: the rows,
 * one event per added or ended registration, and the certificate's full new state value with the next revision.
 */
@Injectable()
export class RegistrationWriter {
  constructor(
    private readonly registrations: IpRegistrationRepository,
    private readonly outbox: OutboxWriter,
    @Inject(IPREGISTRY_CLOCK) private readonly clock: Clock,
  ) {}

  /** Runs `change` holding the serial's lock (see nextRevision), then publishes the new state value. */
  async change<T>(m: EntityManager, owner: RegistrationOwner, change: () => Promise<T>): Promise<T> {
    const revision = await this.registrations.nextRevision(m, owner.serial);
    const result = await change();
    await this.publishState(m, owner, revision);
    return result;
  }

  async add(m: EntityManager, r: NewIpRegistration, actor: string): Promise<void> {
    await this.registrations.insert(m, r);
    await this.outbox.publishEvent(
      m,
      buildEvent({
        type: 'ip-registration.added',
        source: 'ip-registry',
        environment: r.environment,
        subject: r.serial,
        actor,
        refs: refs(r),
        occurredAt: this.clock.now(),
        data: {
          registrationId: r.id,
          serial: r.serial,
          address: r.address,
          validFrom: r.validFrom.toISOString(),
          validUntil: r.validUntil?.toISOString() ?? null,
          note: r.note,
          registeredBy: r.registeredBy,
          inheritedFrom: r.inheritedFrom,
        },
      }),
    );
  }

  async end(m: EntityManager, r: IpRegistrationRecord, at: Date, actor: string): Promise<void> {
    await this.registrations.end(m, r.id, at);
    await this.outbox.publishEvent(
      m,
      buildEvent({
        type: 'ip-registration.ended',
        source: 'ip-registry',
        environment: r.environment,
        subject: r.serial,
        actor,
        refs: refs(r),
        occurredAt: at,
        data: { registrationId: r.id, serial: r.serial, address: r.address, endedAt: at.toISOString() },
      }),
    );
  }

  private async publishState(m: EntityManager, owner: RegistrationOwner, revision: number): Promise<void> {
    const now = this.clock.now();
    const active = await this.registrations.active(m, owner.serial, now);
    await this.outbox.publishState(m, TOPICS.ipRegistrationState, registrationStateValue(owner, revision, active, now));
  }
}

/** A certificate's `paspoort.ip-registration-state.v1` value: its current and future registrations at `at`. */
export function registrationStateValue(
  owner: RegistrationOwner,
  revision: number,
  active: IpRegistrationRecord[],
  at: Date,
): IpRegistrationStateValue {
  const value: IpRegistrationStateValue = {
    key: owner.serial,
    revision,
    updatedAt: at.toISOString(),
    kind: 'registrations',
    serial: owner.serial,
    environment: owner.environment,
    registrations: active.map(registrationStateView),
  };
  if (owner.organisationId) value.organisationId = owner.organisationId;
  return value;
}

function refs(r: { serial: string; organisationId: string | null }) {
  return { serial: r.serial, organisationId: r.organisationId ?? undefined };
}
