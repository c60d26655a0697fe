import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { TOPICS } from '@paspoort/contracts';
import { StateTopicRestorer, type StateTopicSource } from '@paspoort/messaging';
import { AUTHN_CLOCK, systemClock, type Clock } from '../clock/clock';
import { tokenKeyValue, type TokenKeyRow } from './token-keys.service';

/**
 * Every token key's `paspoort.token-keys.v1` value (current, previous and retired, as rotation left them). The table
 * keeps no instant of a key's last status change, so a restored value's `updatedAt` is the moment of re-publication.
 */
export function tokenKeysSource(clock: Clock = systemClock): StateTopicSource {
  return {
    topic: TOPICS.tokenKeys,
    countKeys: async (m) => ((await m.query(`SELECT count(*)::int AS n FROM "authn".token_keys`)) as { n: number }[])[0].n,
    currentValues: async (m, afterKey, limit) => {
      const rows: TokenKeyRow[] = await m.query(
        `SELECT kid, status, revision, public_jwk, created_at FROM "authn".token_keys WHERE kid > $1 ORDER BY kid LIMIT $2 FOR SHARE`,
        [afterKey ?? '', limit],
      );
      const now = clock.now();
      return rows.map((row) => tokenKeyValue(row, now));
    },
  };
}

/** Hands authn's state topic to the restorer the outbox relay runs. */
@Injectable()
export class TokenKeysStateSource implements OnModuleInit {
  constructor(
    private readonly restorer: StateTopicRestorer,
    @Inject(AUTHN_CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.restorer.register(tokenKeysSource(this.clock));
  }
}
