import { Logger } from '@nestjs/common';
import { parseStateValue, type StateValueBase } from '@paspoort/contracts';
import type { Admin, Consumer, EachMessagePayload } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import type { DeadLetterPublisher } from './dead-letter';
import { createKafka } from './kafka-factory';
import { contractTopic, topicName, type MessagingOptions } from './messaging-options';
import type { MessagingMetrics } from './messaging-metrics';

type Offsets = Map<string, bigint>; // "<topic>/<partition>" -> next offset to read / high-water mark

export type StateListener<T> = (topic: string, value: T, previous: T | undefined) => void;

export interface StateReaderDeps {
  metrics?: MessagingMetrics;
  deadLetters?: DeadLetterPublisher;
  now?: () => number;
}

/**
 * A full, current view of compacted state topics: a fresh consumer group per instance and start, read from the
 * beginning, the highest `revision` per key wins. Ready once it has reached the high-water marks fetched at
 * start; fresh while it has confirmed with the broker, within the limit, that it consumed up to the latest offsets.
 */
export class StateReader<T extends StateValueBase = StateValueBase> {
  private readonly log = new Logger(StateReader.name);
  private readonly views = new Map<string, Map<string, T>>();
  private readonly positions: Offsets = new Map();
  private readonly listeners: StateListener<T>[] = [];
  private readonly now: () => number;
  private startTargets?: Offsets;
  private pendingCheck?: { at: number; highs: Offsets };
  private consumer?: Consumer;
  private admin?: Admin;
  private timer?: NodeJS.Timeout;
  private checking = false;
  private lastConfirmedAt = 0;
  private isReady = false;

  constructor(
    private readonly options: MessagingOptions,
    private readonly topics: readonly string[],
    private readonly deps: StateReaderDeps = {},
  ) {
    this.now = deps.now ?? Date.now;
    for (const topic of topics) this.views.set(topic, new Map());
  }

  get ready(): boolean {
    return this.isReady;
  }

  /** Whether the view was confirmed current with the broker within `freshnessLimitMs`. */
  isFresh(): boolean {
    return this.isReady && this.now() - this.lastConfirmedAt <= this.options.freshnessLimitMs;
  }

  confirmationAgeMs(): number {
    return this.lastConfirmedAt === 0 ? Number.POSITIVE_INFINITY : this.now() - this.lastConfirmedAt;
  }

  get(topic: string, key: string): T | undefined {
    return this.views.get(topic)?.get(key);
  }

  values(topic: string): IterableIterator<T> {
    return (this.views.get(topic) ?? new Map<string, T>()).values();
  }

  size(topic: string): number {
    return this.views.get(topic)?.size ?? 0;
  }

  onChange(listener: StateListener<T>): void {
    this.listeners.push(listener);
  }

  async start(): Promise<void> {
    const kafka = createKafka(this.options, 'state');
    this.admin = kafka.admin();
    await this.admin.connect();
    this.startTargets = await this.fetchHighs();
    for (const [tp, high] of this.startTargets) if (!this.positions.has(tp)) this.positions.set(tp, high === 0n ? 0n : -1n);
    this.consumer = kafka.consumer({
      groupId: `paspoort-${this.options.service}-state-${this.options.instanceId}-${randomUUID()}`,
      sessionTimeout: 10000,
      heartbeatInterval: 1000,
      maxWaitTimeInMs: 200,
      allowAutoTopicCreation: false,
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.topics.map((t) => topicName(this.options, t)), fromBeginning: true });
    await this.consumer.run({ eachMessage: (payload) => this.apply(payload) });
    this.updateReadiness();
    const interval = Math.max(250, Math.min(2000, Math.floor(this.options.freshnessLimitMs / 4)));
    this.reportConfirmationAge();
    this.timer = setInterval(() => {
      this.reportConfirmationAge();
      void this.checkFreshness();
    }, interval);
  }

  /** Resolves once the view has reached the offsets that existed at start. */
  async waitUntilReady(timeoutMs = 60000): Promise<void> {
    const until = this.now() + timeoutMs;
    while (!this.isReady) {
      if (this.now() > until) throw new Error(`state view of ${this.topics.join(', ')} not ready after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /**
   * Waits until the view holds everything the broker had at the moment of the call (read-your-writes for a
   * value just published elsewhere). Resolves false when that does not happen within the timeout.
   */
  async syncToLatest(timeoutMs = 3000): Promise<boolean> {
    const until = this.now() + timeoutMs;
    try {
      const highs = await this.fetchHighs();
      while (!this.reached(highs)) {
        if (this.now() > until) return false;
        await new Promise((r) => setTimeout(r, 20));
      }
      return true;
    } catch {
      return false;
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.consumer?.disconnect().catch(() => undefined);
    await this.admin?.disconnect().catch(() => undefined);
  }

  private async apply({ topic, partition, message }: EachMessagePayload): Promise<void> {
    const contract = contractTopic(this.options, topic);
    this.positions.set(`${contract}/${partition}`, BigInt(message.offset) + 1n);
    try {
      const value = parseStateValue<T>(contract, message.value ?? '');
      const view = this.views.get(contract);
      const previous = view?.get(value.key);
      if (view && (!previous || value.revision > previous.revision)) {
        view.set(value.key, value);
        for (const listener of this.listeners) listener(contract, value, previous);
      }
    } catch (error) {
      await this.deps.deadLetters?.send({
        topic,
        partition,
        offset: message.offset,
        key: message.key,
        value: message.value,
        reason: (error as Error).message,
        consumer: `${this.options.service}-state-reader`,
      });
    }
    this.updateReadiness();
  }

  private updateReadiness(): void {
    if (!this.isReady && this.startTargets && this.reached(this.startTargets)) {
      this.isReady = true;
      this.lastConfirmedAt = this.now();
    }
    if (this.pendingCheck && this.reached(this.pendingCheck.highs)) {
      this.lastConfirmedAt = Math.max(this.lastConfirmedAt, this.pendingCheck.at);
      this.pendingCheck = undefined;
    }
  }

  private reached(targets: Offsets): boolean {
    for (const [tp, high] of targets) {
      if (high === 0n) continue;
      if ((this.positions.get(tp) ?? -1n) < high) return false;
    }
    return true;
  }

  private async checkFreshness(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      const at = this.now();
      const highs = await this.fetchHighs();
      let lag = 0n;
      for (const [tp, high] of highs) {
        const position = this.positions.get(tp) ?? 0n;
        if (position < high) lag += high - (position < 0n ? 0n : position);
      }
      this.deps.metrics?.stateLag.set({ topic: this.topics.join(',') }, Number(lag));
      if (!this.pendingCheck || at - this.pendingCheck.at > this.options.freshnessLimitMs) this.pendingCheck = { at, highs };
      this.updateReadiness();
    } catch (error) {
      this.log.debug(`freshness check failed: ${(error as Error).message}`);
    } finally {
      this.reportConfirmationAge();
      this.checking = false;
    }
  }

  /** Set on every tick, not only after a check: a check can hang for seconds while the broker is away. */
  private reportConfirmationAge(): void {
    this.deps.metrics?.stateConfirmationAge.set({ topic: this.topics.join(',') }, this.confirmationAgeMs() / 1000);
  }

  private async fetchHighs(): Promise<Offsets> {
    const highs: Offsets = new Map();
    for (const topic of this.topics) {
      const offsets = await this.fetchTopicOffsets(topicName(this.options, topic));
      for (const o of offsets) {
        const high = BigInt(o.high);
        highs.set(`${topic}/${o.partition}`, high === BigInt(o.low) ? 0n : high);
      }
    }
    return highs;
  }

  /** Retries what the broker calls retriable (a partition whose leader is still being elected) for up to 10 s. */
  private async fetchTopicOffsets(topic: string) {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.admin!.fetchTopicOffsets(topic);
      } catch (error) {
        if (!(error as { retriable?: boolean }).retriable || attempt >= 20) throw error;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }
}
