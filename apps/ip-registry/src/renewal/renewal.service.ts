import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EventEnvelope } from '@paspoort/contracts';
import { Inbox } from '@paspoort/messaging';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { IPREGISTRY_CLOCK, type Clock } from '../clock/clock';
import { IpRegistrationRepository, type IpRegistrationRecord } from '../registrations/ip-registration.repository';
import { validitiesOverlap } from '../registrations/registration-rules';
import { RegistrationWriter, type RegistrationOwner } from '../registrations/registration-writer';

const CONSUMER = 'ip-registry-renewal';
const ACTOR = 'service:ip-registry';

/**
 * A renewed system certificate inherits the current and future registrations of the one it renews, as new
 * registrations (new ids, `inheritedFrom` naming the original), so enforcement never locks out a renewed system.
 * Needs no status value of the new certificate: the issued event carries its environment and organisation. A copy
 * that would duplicate a registration the new certificate already has (same address, overlapping validity) is skipped.
 */
@Injectable()
export class RenewalService {
  private readonly log = new Logger(RenewalService.name);

  constructor(
    private readonly inbox: Inbox,
    private readonly registrations: IpRegistrationRepository,
    private readonly writer: RegistrationWriter,
    @Inject(IPREGISTRY_CLOCK) private readonly clock: Clock,
  ) {}

  /** Idempotent by event id: a redelivered issued event copies nothing twice. */
  async onCertificateIssued(event: EventEnvelope<'certificate.issued'>): Promise<void> {
    const { data } = event;
    if (!data.renews || data.profile !== 'system' || event.environment === null) return;
    const owner: RegistrationOwner = { serial: data.serial, environment: event.environment, organisationId: data.organisationId ?? null };
    await this.inbox.processOnce(CONSUMER, event.id, (m) => this.inherit(m, data.renews!, owner));
  }

  private async inherit(m: EntityManager, renewed: string, owner: RegistrationOwner): Promise<void> {
    const now = this.clock.now();
    const inherited = (await this.registrations.active(m, renewed, now)).filter((r) => r.environment === owner.environment);
    if (inherited.length === 0) return;
    const count = await this.writer.change(m, owner, async () => {
      const done = await this.registrations.inheritedBy(m, owner.serial);
      const own = await this.registrations.active(m, owner.serial, now);
      const copies = inherited
        .filter((r) => !done.has(r.id))
        .map((r) => copyFor(r, owner, now))
        .filter((copy) => !own.some((r) => r.address === copy.address && validitiesOverlap(r, copy)));
      for (const copy of copies) await this.writer.add(m, copy, ACTOR);
      return copies.length;
    });
    this.log.log(`certificate ${owner.serial} inherited ${count} IP registration(s) from ${renewed}`);
  }
}

function copyFor(original: IpRegistrationRecord, owner: RegistrationOwner, now: Date): IpRegistrationRecord {
  return {
    ...original,
    ...owner,
    id: randomUUID(),
    seq: '',
    validFrom: original.validFrom.getTime() > now.getTime() ? original.validFrom : now,
    endedAt: null,
    inheritedFrom: original.id,
    createdAt: now,
  };
}
