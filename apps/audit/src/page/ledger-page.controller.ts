import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@paspoort/service-kit';
import { createHash } from 'node:crypto';
import { PAGE_BODY, PAGE_SCRIPT, PAGE_STYLE } from './ledger-page.html';

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const CSP = [
  "default-src 'none'",
  `script-src ${sha256(PAGE_SCRIPT)}`,
  `style-src ${sha256(PAGE_STYLE)}`,
  "connect-src 'self'",
  "img-src 'self' blob:",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');
const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer"><title>Paspoort audit</title><style>${PAGE_STYLE}</style></head>
<body>${PAGE_BODY}<script>${PAGE_SCRIPT}</script></body></html>`;

/**
 * The page for people. Public, because it holds no data: its script reads the bearer token from the URL fragment
 * (never sent to a server or logged), removes it from the address bar, and calls the API with it.
 */
@Public()
@ApiExcludeController()
@Controller()
export class LedgerPageController {
  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', CSP)
  @Header('Referrer-Policy', 'no-referrer')
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Cache-Control', 'no-store')
  page(): string {
    return PAGE;
  }
}
