import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { notFound, Public, unavailable } from '@paspoort/service-kit';
import type { Response } from 'express';
import { knownEnvironment } from '../ca/ca.controller';
import { CrlService } from './crl.service';

/** `GET /crl/{environment}.crl`: the latest CRL, DER. */
@Public()
@ApiTags('crl')
@Controller('crl')
export class CrlController {
  constructor(private readonly crls: CrlService) {}

  @Get(':file')
  @ApiOperation({ summary: "The environment's latest CRL" })
  @ApiParam({ name: 'file', description: '`{environment}.crl`', example: 'test.crl' })
  @ApiOkResponse({ description: 'the CRL, DER', content: { 'application/pkix-crl': { schema: { type: 'string', format: 'binary' } } } })
  async crl(@Param('file') file: string, @Res() response: Response): Promise<void> {
    const match = /^(.+)\.crl$/.exec(file);
    if (!match) throw notFound('ROUTE_NOT_FOUND', 'CRLs are at /crl/{environment}.crl');
    const der = await this.crls.latest(knownEnvironment(match[1]));
    if (!der) throw unavailable('CRL_NOT_READY', 'the CRL has not been generated yet');
    response.status(200).type('application/pkix-crl').setHeader('Cache-Control', 'no-cache');
    response.end(der);
  }
}
