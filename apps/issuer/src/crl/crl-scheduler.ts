import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ENVIRONMENTS } from '@paspoort/contracts';
import { ISSUER_CONFIG, type IssuerConfig } from '../config/issuer.config';
import { CrlService } from './crl.service';

/**
 * Keeps every environment's CRL fresh: at start (so a CRL exists before the first status change) and then on a
 * timer that checks often enough to regenerate each CRL when half its validity has passed.
 */
@Injectable()
export class CrlScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('CrlScheduler');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly crls: CrlService,
    @Inject(ISSUER_CONFIG) private readonly config: IssuerConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.refreshAll();
    const intervalMs = Math.min((this.config.ca.crlValidityHours * 3600_000) / 8, 15 * 60_000);
    this.timer = setInterval(
      () => void this.refreshAll().catch((e: unknown) => this.logger.error(`CRL refresh failed: ${(e as Error).message}`)),
      intervalMs,
    );
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async refreshAll(): Promise<void> {
    for (const environment of ENVIRONMENTS) await this.crls.refreshIfDue(environment);
  }
}
