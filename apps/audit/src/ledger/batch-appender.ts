import { Logger } from '@nestjs/common';
import { ContractViolation, EVENT_TOPIC, parseEvent } from '@paspoort/contracts';
import { isTransientError, type DeadLetterPublisher } from '@paspoort/messaging';
import type { KafkaMessage } from 'kafkajs';
import type { ReceivedEvent } from './ledger-row';
import type { AppendResult, LedgerWriter } from './ledger-writer';

const MAX_BUG_ATTEMPTS = 3;

export interface BatchSource {
  /** Physical topic (with the deployment prefix) and the contract topic it stands for. */
  topic: string;
  contractTopic: string;
  partition: number;
}

/** Ledger appends that never block a partition: poison goes to the DLQ, transient failures wait and retry. */
export class BatchAppender {
  private readonly logger = new Logger(BatchAppender.name);
  pausedSince?: number;

  constructor(
    private readonly writer: LedgerWriter,
    private readonly deadLetters: DeadLetterPublisher,
    private readonly isRunning: () => boolean,
  ) {}

  /** Appends the valid events of these messages in one transaction; returns undefined when stopped first. */
  async appendMessages(source: BatchSource, messages: KafkaMessage[], heartbeat: () => Promise<void>): Promise<AppendResult | undefined> {
    const accepted: ReceivedEvent[] = [];
    for (const message of messages) {
      const raw = message.value?.toString('utf8') ?? '';
      try {
        const event = parseEvent(raw);
        if (EVENT_TOPIC[event.type] !== source.contractTopic)
          throw new ContractViolation(`${event.type} does not belong on ${source.contractTopic}`);
        accepted.push({ topic: source.contractTopic, raw, event });
      } catch (error) {
        await this.deadLetter(source, message, (error as Error).message);
      }
    }
    if (accepted.length === 0) return { appended: 0, head: await this.withRetry(() => this.writer.head(), heartbeat) };
    try {
      return await this.withRetry(() => this.writer.append(accepted), heartbeat);
    } catch (error) {
      if (!this.isRunning()) return undefined;
      this.logger.error(`append failed for a whole batch (${(error as Error).message}); retrying event by event`);
      return this.appendOneByOne(source, messages, accepted, heartbeat);
    }
  }

  /** Retries transient failures until they pass (or the consumer stops); a bug is retried a few times, then thrown. */
  private async withRetry<T>(action: () => Promise<T>, heartbeat: () => Promise<void>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await action();
        this.resume();
        return result;
      } catch (error) {
        const transient = isTransientError(error);
        if (!this.isRunning() || (!transient && attempt >= MAX_BUG_ATTEMPTS)) throw error;
        this.pausedSince ??= Date.now();
        if (attempt === 1 || attempt % 10 === 0) this.logger.warn(`ledger append paused (attempt ${attempt}): ${(error as Error).message}`);
        await new Promise((r) => setTimeout(r, Math.min(200 * 2 ** Math.min(attempt, 5), 5000)));
        await heartbeat().catch(() => undefined);
      }
    }
  }

  private async appendOneByOne(
    source: BatchSource,
    messages: KafkaMessage[],
    accepted: ReceivedEvent[],
    heartbeat: () => Promise<void>,
  ): Promise<AppendResult | undefined> {
    let result: AppendResult | undefined;
    for (const received of accepted) {
      try {
        const one = await this.withRetry(() => this.writer.append([received]), heartbeat);
        result = { appended: (result?.appended ?? 0) + one.appended, head: one.head };
      } catch (error) {
        if (!this.isRunning()) return undefined;
        const message = messages.find((m) => m.value?.toString('utf8') === received.raw);
        if (message) await this.deadLetter(source, message, `ledger append failed: ${(error as Error).message}`);
      }
    }
    return result ?? { appended: 0, head: await this.withRetry(() => this.writer.head(), heartbeat) };
  }

  private resume(): void {
    if (this.pausedSince === undefined) return;
    this.logger.log(`ledger append resumed after ${Date.now() - this.pausedSince} ms`);
    this.pausedSince = undefined;
  }

  private deadLetter(source: BatchSource, message: KafkaMessage, reason: string): Promise<void> {
    return this.deadLetters.send({
      topic: source.topic,
      partition: source.partition,
      offset: message.offset,
      key: message.key,
      value: message.value,
      reason,
      consumer: 'audit-ledger',
    });
  }
}
