import { Logger } from '@nestjs/common';
import type { DataSource, QueryRunner } from 'typeorm';
import { ledgerLeaderLock } from './ledger.tokens';

/**
 * The ledger-writer role: a session advisory lock held on a dedicated connection. Only the holder ingests;
 * losing the connection loses the role, and a waiting instance takes it over.
 */
export class LedgerLeadership {
  private readonly logger = new Logger(LedgerLeadership.name);
  private runner?: QueryRunner;

  constructor(
    private readonly dataSource: DataSource,
    private readonly schema: string,
  ) {}

  get held(): boolean {
    return this.runner !== undefined;
  }

  /** Confirms the role (the lock connection still answers) or tries to take it; true while this instance leads. */
  async ensure(): Promise<boolean> {
    if (this.runner) {
      try {
        await this.runner.query('SELECT 1');
        return true;
      } catch {
        this.logger.warn('lost the ledger-writer lock connection');
        await this.release();
      }
    }
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }]: { locked: boolean }[] = await runner.query(`SELECT pg_try_advisory_lock(hashtext($1)) AS locked`, [
        ledgerLeaderLock(this.schema),
      ]);
      if (!locked) {
        await runner.release();
        return false;
      }
    } catch (error) {
      await runner.release().catch(() => undefined);
      throw error;
    }
    this.runner = runner;
    this.logger.log(`the ledger writer of ${this.schema} is active on this instance`);
    return true;
  }

  async release(): Promise<void> {
    const runner = this.runner;
    this.runner = undefined;
    if (!runner) return;
    await runner.query(`SELECT pg_advisory_unlock_all()`).catch(() => undefined);
    await runner.release().catch(() => undefined);
  }
}
