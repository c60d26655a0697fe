import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ENVIRONMENTS, isEnvironment, type Environment } from '@paspoort/contracts';
import { notFound, Public } from '@paspoort/service-kit';
import { CaHierarchy } from './ca-hierarchy';

/** Each environment's chain (issuing CA, then root) as PEM, for anyone who needs to verify its certificates. */
@Public()
@ApiTags('ca')
@Controller('ca')
export class CaController {
  constructor(private readonly hierarchy: CaHierarchy) {}

  @Get(':environment/chain.pem')
  @ApiOperation({ summary: "The environment's CA chain: issuing CA, then root" })
  @ApiOkResponse({ description: 'PEM certificates', content: { 'application/x-pem-file': { schema: { type: 'string' } } } })
  chain(@Param('environment') environment: string, @Res() response: Response): void {
    const pem = this.hierarchy.chainPem(knownEnvironment(environment));
    response.status(200).type('application/x-pem-file').send(pem);
  }
}

/** 404 ENVIRONMENT_UNKNOWN for a path that names no environment. */
export function knownEnvironment(value: string): Environment {
  if (!isEnvironment(value)) throw notFound('ENVIRONMENT_UNKNOWN', `environment must be one of ${ENVIRONMENTS.join(', ')}`);
  return value;
}
