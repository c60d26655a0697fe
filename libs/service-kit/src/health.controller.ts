import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Registry } from 'prom-client';
import { METRICS_REGISTRY } from '@paspoort/messaging';
import { COMMON_CONFIG } from './tokens';
import { Public } from './public.decorator';
import type { CommonConfig } from './config';
import { ReadinessRegistry } from './readiness';

/** Liveness, readiness and Prometheus metrics of every service. */
@Public()
@ApiTags('health')
@Controller()
export class HealthController {
  constructor(
    private readonly readiness: ReadinessRegistry,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    @Inject(COMMON_CONFIG) private readonly config: CommonConfig,
  ) {}

  @Get('health')
  @ApiOperation({ summary: 'Liveness: the process answers' })
  health() {
    return { status: 'ok', service: this.config.service, instanceId: this.config.instanceId };
  }

  @Get('health/ready')
  @ApiOperation({ summary: 'Readiness: 200 when every check passes (database, Kafka, state views), else 503 NOT_READY' })
  async ready(@Res() response: Response): Promise<void> {
    const { ready, checks } = await this.readiness.evaluate();
    if (ready) {
      response.status(200).json({ status: 'ready', service: this.config.service, checks });
      return;
    }
    const failing = Object.keys(checks).filter((k) => !checks[k]);
    response.status(503).json({ error: { code: 'NOT_READY', message: `not ready: ${failing.join(', ')}` }, checks });
  }

  @Get('metrics')
  @ApiOperation({ summary: 'Prometheus metrics' })
  @ApiProduces('text/plain')
  async metrics(@Res() response: Response): Promise<void> {
    response.setHeader('Content-Type', this.registry.contentType);
    response.send(await this.registry.metrics());
  }
}
