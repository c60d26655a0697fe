import type { NestExpressApplication } from '@nestjs/platform-express';
import { sampleEvent, type EventEnvelope, type EventType } from '@paspoort/contracts';
import {
  serviceTestEnv,
  startTestService,
  testKafka,
  TestPublisher,
  TestTokenIssuer,
  uniqueTopicPrefix,
  withDatabase,
  createTestDatabase,
  eventually,
} from '@paspoort/testing';
import { EVENT_TOPIC, eventKey } from '@paspoort/contracts';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import { AuditModule } from '../src/audit.module';

/** One audit deployment under test: its own database, topic prefix, signing key and token issuer. */
export class AuditHarness {
  readonly signingSeed = randomBytes(32);
  readonly publisher: TestPublisher;
  readonly apps: NestExpressApplication[] = [];
  private producer?: Producer;

  private constructor(
    readonly databaseUrl: string,
    readonly prefix: string,
    readonly tokens: TestTokenIssuer,
    private readonly extraEnv: Record<string, string>,
  ) {
    this.publisher = new TestPublisher(prefix);
  }

  static async create(extraEnv: Record<string, string> = {}): Promise<AuditHarness> {
    const db = await createTestDatabase();
    const harness = new AuditHarness(db.url, uniqueTopicPrefix('aud'), await TestTokenIssuer.create(), extraEnv);
    await harness.publisher.ensureTopics();
    await harness.tokens.publish(harness.publisher);
    return harness;
  }

  env(): Record<string, string> {
    return serviceTestEnv(
      { databaseUrl: this.databaseUrl, topicPrefix: this.prefix },
      { PASPOORT_AUDIT_SIGNING_KEY: this.signingSeed.toString('base64'), PASPOORT_AUDIT_STREAM_POLL_MS: '100', ...this.extraEnv },
    );
  }

  async start(): Promise<NestExpressApplication> {
    const app = await startTestService(AuditModule, this.env());
    this.apps.push(app);
    return app;
  }

  async stop(app: NestExpressApplication): Promise<void> {
    this.apps.splice(this.apps.indexOf(app), 1);
    await app.close();
  }

  /** Publishes many events fast (batched sends), as the other services' relays would. */
  async publishMany(events: EventEnvelope[]): Promise<void> {
    this.producer ??= await (async () => {
      const p = testKafka().producer({ allowAutoTopicCreation: false });
      await p.connect();
      return p;
    })();
    for (let i = 0; i < events.length; i += 1000) {
      const chunk = events.slice(i, i + 1000);
      const byTopic = new Map<string, { key: string; value: string }[]>();
      for (const e of chunk) {
        const topic = `${this.prefix}${EVENT_TOPIC[e.type]}`;
        byTopic.set(topic, [...(byTopic.get(topic) ?? []), { key: eventKey(e), value: JSON.stringify(e) }]);
      }
      await this.producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
    }
  }

  sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
    return withDatabase(this.databaseUrl, async (c) => (await c.query(text, params)).rows as T[]);
  }

  async ledgerCount(): Promise<number> {
    const [row] = await this.sql<{ n: string }>(`SELECT count(*) AS n FROM audit.ledger`);
    return Number(row.n);
  }

  async waitForCount(n: number, timeoutMs = 30000): Promise<void> {
    await eventually(async () => (await this.ledgerCount()) >= n, { timeoutMs, intervalMs: 200 });
  }

  async close(): Promise<void> {
    for (const app of [...this.apps]) await this.stop(app);
    await this.producer?.disconnect();
    await this.publisher.close();
  }
}

/** A sample event of the type with a fresh id and the given refs and environment. */
export function sample<T extends EventType>(type: T, overrides: Partial<EventEnvelope<T>> = {}): EventEnvelope<T> {
  return sampleEvent(type, { id: randomUUID(), ...overrides });
}
