import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EventEnvelope } from '@paspoort/contracts';
import type { EntityManager } from 'typeorm';
import { LifecycleService } from '../certificates/lifecycle.service';
import { ISSUER_CONFIG, type IssuerConfig } from '../config/issuer.config';

export const AUTO_BLOCK_ACTOR = 'service:issuer';

/**
 * Misuse protection: every `person.locked` is recorded at the instant it happened (the event's occurredAt); when
 * a person has reached the threshold of locks within the window in one environment, all of that person's active
 * personal certificates there are blocked with cause `suspected-misuse`. The counted locks are then spent, so an
 * operator's unblock is not undone by the same locks again.
 */
@Injectable()
export class AutoBlockService {
  private readonly logger = new Logger('AutoBlock');

  constructor(
    @Inject(ISSUER_CONFIG) private readonly config: IssuerConfig,
    private readonly lifecycle: LifecycleService,
  ) {}

  /** Runs inside the inbox transaction of the event. Returns the serials it blocked. */
  async recordLock(manager: EntityManager, event: EventEnvelope<'person.locked'>): Promise<string[]> {
    const environment = event.environment;
    if (environment === null) return [];
    const personId = event.data.personId;
    const lockedAt = new Date(event.occurredAt);
    await manager.query(
      `INSERT INTO issuer.person_locks (event_id, person_id, environment, locked_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [event.id, personId, environment, lockedAt],
    );
    const windowStart = new Date(lockedAt.getTime() - this.config.autoBlock.windowHours * 3600_000);
    const [{ locks }]: { locks: number }[] = await manager.query(
      `SELECT count(*)::int AS locks FROM issuer.person_locks
        WHERE person_id = $1 AND environment = $2 AND NOT spent AND locked_at > $3 AND locked_at <= $4`,
      [personId, environment, windowStart, lockedAt],
    );
    if (locks < this.config.autoBlock.locks) return [];
    await manager.query(
      `UPDATE issuer.person_locks SET spent = true WHERE person_id = $1 AND environment = $2 AND NOT spent AND locked_at <= $3`,
      [personId, environment, lockedAt],
    );
    const blocked = await this.lifecycle.blockPersonInTransaction(manager, environment, personId, 'suspected-misuse', AUTO_BLOCK_ACTOR);
    this.logger.log(`person ${personId} locked ${locks} times in ${environment}: blocked ${blocked.length} certificate(s)`);
    return blocked;
  }
}
