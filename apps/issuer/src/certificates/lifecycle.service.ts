import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { TOPICS, type BlockCause, type Environment, type RevocationReason } from '@paspoort/contracts';
import { OutboxWriter } from '@paspoort/messaging';
import type { Clock } from '@paspoort/pki';
import { notFound } from '@paspoort/service-kit';
import type { Principal } from '@paspoort/auth';
import type { DataSource, EntityManager } from 'typeorm';
import { ISSUER_CLOCK } from '../clock/issuer-clock';
import { CrlService } from '../crl/crl.service';
import { CertificateRepository } from './certificate.repository';
import { certificateStatusValue, statusChangedEvent } from './certificate-messages';
import type { CertificateRecord, StatusChange } from './certificate-record';
import { blockTransition, revokeTransition, unblockTransition } from './status-transitions';

type Transition = (record: CertificateRecord, at: Date) => StatusChange;

/**
 * Block, unblock and revoke. Each change commits in one transaction with its `certificate.*` event, the new
 * status value and the environment's regenerated CRL, so events, state, CRL and OCSP always agree.
 */
@Injectable()
export class LifecycleService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(ISSUER_CLOCK) private readonly clock: Clock,
    private readonly certificates: CertificateRepository,
    private readonly outbox: OutboxWriter,
    private readonly crls: CrlService,
  ) {}

  block(serial: string, cause: BlockCause, principal: Principal): Promise<CertificateRecord> {
    return this.change(serial, principal, (r, at) => blockTransition(r, cause, at));
  }

  unblock(serial: string, principal: Principal): Promise<CertificateRecord> {
    return this.change(serial, principal, (r, at) => unblockTransition(r, at));
  }

  revoke(serial: string, reason: RevocationReason, principal: Principal): Promise<CertificateRecord> {
    return this.change(serial, principal, (r, at) => revokeTransition(r, reason, at));
  }

  /**
   * Blocks every active personal certificate of a person in an environment inside the caller's transaction
   * (automatic block on repeated locks). Returns the blocked serials.
   */
  async blockPersonInTransaction(
    manager: EntityManager,
    environment: Environment,
    personId: string,
    cause: BlockCause,
    actor: string,
  ): Promise<string[]> {
    await this.crls.lockEnvironment(manager, environment);
    const active = await this.certificates.activePersonal(manager, environment, personId);
    for (const record of active) await this.apply(manager, record, blockTransition(record, cause, this.clock.now()), actor);
    if (active.length > 0) await this.crls.regenerate(manager, environment);
    return active.map((r) => r.serial);
  }

  private async change(serial: string, principal: Principal, transition: Transition): Promise<CertificateRecord> {
    return this.dataSource.transaction(async (manager) => {
      const found = await this.certificates.find(manager, serial);
      if (!found) throw notFound('CERTIFICATE_UNKNOWN', `no certificate with serial ${serial}`);
      principal.assertEnvironment(found.environment);
      await this.crls.lockEnvironment(manager, found.environment);
      const current = (await this.certificates.find(manager, serial, true)) as CertificateRecord;
      const updated = await this.apply(manager, current, transition(current, this.clock.now()), principal.actor);
      await this.crls.regenerate(manager, found.environment);
      return updated;
    });
  }

  private async apply(manager: EntityManager, current: CertificateRecord, change: StatusChange, actor: string): Promise<CertificateRecord> {
    const updated = await this.certificates.applyStatus(manager, current.serial, change);
    await this.outbox.publishEventWithState(
      manager,
      statusChangedEvent(updated, actor, current.blockCause),
      TOPICS.certificateStatus,
      certificateStatusValue(updated),
    );
    return updated;
  }
}
