import { Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Public } from '@paspoort/service-kit';
import type { Request, Response } from 'express';
import { knownEnvironment } from '../ca/ca.controller';
import { OcspService } from './ocsp.service';

/** Every OCSP answer is a 200 with an OCSP response, errors too (RFC 6960 `malformedRequest`, ...). */
const OCSP_RESPONSE = {
  description: 'an OCSP response, DER',
  content: { 'application/ocsp-response': { schema: { type: 'string' as const, format: 'binary' } } },
};

/** OCSP over HTTP (RFC 6960 appendix A): POST with a DER body, or GET with the base64 request in the path. */
@Public()
@ApiTags('ocsp')
@Controller('ocsp')
export class OcspController {
  constructor(private readonly ocsp: OcspService) {}

  @Post(':environment')
  @HttpCode(200)
  @ApiOperation({ summary: 'OCSP request as a DER body' })
  @ApiConsumes('application/ocsp-request')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiOkResponse(OCSP_RESPONSE)
  async post(@Param('environment') environment: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    const body: unknown = request.body;
    const der = Buffer.isBuffer(body) && request.is('application/ocsp-request') ? body : undefined;
    send(response, await this.ocsp.respond(knownEnvironment(environment), der));
  }

  @Get(':environment/*request')
  @ApiOperation({ summary: 'OCSP request, base64 in the path' })
  @ApiOkResponse(OCSP_RESPONSE)
  @ApiParam({ name: 'request', description: 'the DER OCSP request, base64 (standard alphabet), URL-encoded' })
  async get(@Param('environment') environment: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    const prefix = `/ocsp/${environment}/`;
    const encoded = request.path.startsWith(prefix) ? request.path.slice(prefix.length) : '';
    send(response, await this.ocsp.respond(knownEnvironment(environment), decodeGetRequest(encoded)));
  }
}

/** The path segment is base64 (standard alphabet, URL-encoded); anything undecodable is an empty (malformed) request. */
function decodeGetRequest(encoded: string): Buffer {
  try {
    const base64 = decodeURIComponent(encoded);
    return /^[A-Za-z0-9+/]+={0,2}$/.test(base64) ? Buffer.from(base64, 'base64') : Buffer.alloc(0);
  } catch {
    return Buffer.alloc(0);
  }
}

function send(response: Response, der: Buffer): void {
  response.status(200).type('application/ocsp-response').setHeader('Cache-Control', 'no-store');
  response.end(der);
}
