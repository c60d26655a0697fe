import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { MESSAGING_OPTIONS, type MessagingOptions } from '@paspoort/messaging';
import { unavailable } from '@paspoort/service-kit';
import type { DataSource } from 'typeorm';
import { LedgerSigner } from '../ledger/ledger-signer';
import type { Checkpoint, VerifyReport } from './chain-walk';
import { readPublishedCheckpoints } from './checkpoint-topic';
import { verifyLedger } from './verify-ledger';

/** Verifies the ledger against the checkpoints in the database and those published on the checkpoint topic. */
@Injectable()
export class LedgerVerifyService {
  private readonly logger = new Logger(LedgerVerifyService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    private readonly signer: LedgerSigner,
  ) {}

  async verify(): Promise<VerifyReport> {
    let published: Checkpoint[];
    try {
      published = await readPublishedCheckpoints(this.options);
    } catch (error) {
      this.logger.warn(`cannot read the checkpoint topic: ${(error as Error).message}`);
      throw unavailable('CHECKPOINTS_UNAVAILABLE', 'the published checkpoints cannot be read now; try again shortly');
    }
    const report = await verifyLedger(this.dataSource, {
      schema: this.options.schema,
      signer: this.signer,
      externalCheckpoints: published,
    });
    if (!report.ok) this.logger.error(`ledger verification failed at ${report.firstBrokenSequence}: ${report.problem}`);
    return report;
  }
}
