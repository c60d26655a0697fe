import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Module } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { buildEvent, TOPICS, type EventEnvelope, type Environment } from '@paspoort/contracts';
import { AuthModule, CurrentPrincipal, Principal, Roles } from '@paspoort/auth';
import { EventConsumer, Inbox, OutboxWriter, messagingTablesDdl } from '@paspoort/messaging';
import { EnvReader, PlatformModule, Public, readCommonConfig } from '@paspoort/service-kit';
import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';

/** A minimal service for the messaging and auth tests: writes changes with outbox events, consumes them back. */
class RelayTestTables1764400000000 implements MigrationInterface {
  name = 'RelayTestTables1764400000000';
  async up(q: QueryRunner): Promise<void> {
    for (const sql of messagingTablesDdl('audit')) await q.query(sql);
    await q.query(`CREATE TABLE audit.changes (id serial PRIMARY KEY, person_id text NOT NULL, n int NOT NULL)`);
    await q.query(`CREATE TABLE audit.effects (id serial PRIMARY KEY, event_id uuid NOT NULL, person_id text NOT NULL, n int NOT NULL)`);
  }
  async down(): Promise<void> {}
}

const CONFIG = Symbol('RELAY_TEST_CONFIG');

@EventConsumer()
class EffectConsumer {
  constructor(private readonly inbox: Inbox) {}

  @EventPattern(TOPICS.logins)
  async onLogin(@Payload() event: EventEnvelope<'grant.changed'>): Promise<void> {
    await this.inbox.processOnce('effects', event.id, async (m) => {
      await m.query(`INSERT INTO audit.effects (event_id, person_id, n) VALUES ($1, $2, $3)`, [
        event.id,
        event.refs.personId,
        Number(event.data.role.slice(4)),
      ]);
    });
  }
}

@Controller()
class ChangesController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
  ) {}

  @Public()
  @Post('changes')
  @HttpCode(201)
  async change(@Body() body: { personId: string; n: number; rollback?: boolean }): Promise<{ ok: true }> {
    await this.dataSource.transaction(async (m) => {
      await m.query(`INSERT INTO audit.changes (person_id, n) VALUES ($1, $2)`, [body.personId, body.n]);
      await this.outbox.publishEvent(m, resetEvent(body.personId, body.n));
      if (body.rollback) throw new Error('rolled back on purpose');
    });
    return { ok: true };
  }

  @Public()
  @Get('effects')
  async effects(): Promise<{ person_id: string; n: number; event_id: string }[]> {
    return this.dataSource.query(`SELECT person_id, n, event_id FROM audit.effects ORDER BY id`);
  }

  @Roles('operator')
  @Get('operator-only/:environment')
  operatorOnly(@CurrentPrincipal() principal: Principal, @Param('environment') environment: string) {
    principal.assertEnvironment(environment);
    return { subject: principal.subject };
  }
}

/** A numbered event keyed by person (grant.changed carries the sequence number in its role field). */
export function resetEvent(personId: string, n: number, environment: Environment = 'test'): EventEnvelope<'grant.changed'> {
  return buildEvent({
    type: 'grant.changed',
    source: 'authn',
    environment,
    subject: `person:${personId}`,
    actor: 'bootstrap',
    refs: { personId },
    data: { subject: `person:${personId}`, role: `seq-${n}`, change: 'granted' },
  });
}

@Module({
  imports: [
    PlatformModule.forService({
      configToken: CONFIG,
      loadConfig: () => {
        const r = new EnvReader(process.env);
        const common = readCommonConfig(r, 'audit');
        r.done();
        return { common };
      },
      entities: [],
      migrations: [RelayTestTables1764400000000],
    }),
    AuthModule,
  ],
  controllers: [ChangesController, EffectConsumer],
})
export class RelayTestModule {}
export { CONFIG as RELAY_TEST_CONFIG, Inject };
