import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { Public } from '@paspoort/service-kit';
import type { Request, Response } from 'express';
import { knownEnvironment } from '../ca/ca.controller';
import { OcspService } from './ocsp.service';

/** OCSP over HTTP (RFC 6960 appendix A): POST with a DER body, or GET with the base64 request in the path. */
@Public()
@Controller('ocsp')
export class OcspController {
  constructor(private readonly ocsp: OcspService) {}

  @Post(':environment')
  async post(@Param('environment') environment: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    const body: unknown = request.body;
    const der = Buffer.isBuffer(body) && request.is('application/ocsp-request') ? body : undefined;
    send(response, await this.ocsp.respond(knownEnvironment(environment), der));
  }

  @Get(':environment/*request')
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
