import { Controller, Get, Param, Res } from '@nestjs/common';
import { notFound, Public, unavailable } from '@paspoort/service-kit';
import type { Response } from 'express';
import { knownEnvironment } from '../ca/ca.controller';
import { CrlService } from './crl.service';

/** `GET /crl/{environment}.crl`: the latest CRL, DER. */
@Public()
@Controller('crl')
export class CrlController {
  constructor(private readonly crls: CrlService) {}

  @Get(':file')
  async crl(@Param('file') file: string, @Res() response: Response): Promise<void> {
    const match = /^(.+)\.crl$/.exec(file);
    if (!match) throw notFound('ROUTE_NOT_FOUND', 'CRLs are at /crl/{environment}.crl');
    const der = await this.crls.latest(knownEnvironment(match[1]));
    if (!der) throw unavailable('CRL_NOT_READY', 'the CRL has not been generated yet');
    response.status(200).type('application/pkix-crl').setHeader('Cache-Control', 'no-cache');
    response.end(der);
  }
}
