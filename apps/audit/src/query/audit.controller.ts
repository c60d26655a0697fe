import { Controller, Get, Headers, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles, TokenVerifier } from '@paspoort/auth';
import { badRequest } from '@paspoort/service-kit';
import type { Request, Response } from 'express';
import { AUDIT_CONFIG, type AuditConfig } from '../config/audit.config';
import { AUDIT_CLOCK, type Clock } from '../ledger/ledger.tokens';
import { LedgerVerifyService } from '../verify/ledger-verify.service';
import type { VerifyReport } from '../verify/chain-walk';
import { csvHeader, csvLine, ndjsonLine, toItem, type LedgerItem } from './entry-format';
import { LedgerAccessService } from './ledger-access.service';
import { streamLedger } from './ledger-export';
import { encodeCursor, parseLedgerQuery } from './ledger-filters';
import { LedgerReader } from './ledger-reader';
import { ApiLedgerFilters } from './ledger-filters.openapi';
import { streamLive } from './ledger-stream';

type QueryString = Record<string, unknown>;

const textOf = (type: string, description: string) => ({ description, content: { [type]: { schema: { type: 'string' as const } } } });

/** The ledger for compliance officers and operators: query, export, live stream, verification. */
@ApiTags('audit')
@ApiBearerAuth()
@Roles('compliance-officer', 'operator')
@Controller('audit')
export class AuditController {
  constructor(
    private readonly reader: LedgerReader,
    private readonly access: LedgerAccessService,
    private readonly verifier: LedgerVerifyService,
    private readonly tokens: TokenVerifier,
    @Inject(AUDIT_CONFIG) private readonly config: AuditConfig,
    @Inject(AUDIT_CLOCK) private readonly clock: Clock,
  ) {}

  @Get('events')
  @ApiOperation({ summary: 'Ledger events, newest first, filtered and paged' })
  @ApiLedgerFilters(true)
  async events(
    @CurrentPrincipal() principal: Principal,
    @Query() query: QueryString,
  ): Promise<{ items: LedgerItem[]; nextCursor: string | null }> {
    const { filters, before, limit } = parseLedgerQuery(query, true);
    const scoped = this.access.scope(principal, filters);
    await this.access.recordRead(principal, '/audit/events', { kind: 'query', format: 'json', filters: scoped });
    const rows = await this.reader.newest(scoped, limit + 1, before);
    const items = rows.slice(0, limit).map(toItem);
    return { items, nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1].sequence) : null };
  }

  @Get('events.ndjson')
  @ApiOperation({ summary: 'Export the filtered ledger as NDJSON' })
  @ApiLedgerFilters()
  @ApiOkResponse(textOf('application/x-ndjson', 'one ledger item per line, oldest first'))
  async ndjson(@CurrentPrincipal() principal: Principal, @Query() query: QueryString, @Res() response: Response): Promise<void> {
    const scoped = this.access.scope(principal, parseLedgerQuery(query, false).filters);
    await this.access.recordRead(principal, '/audit/events.ndjson', { kind: 'export', format: 'ndjson', filters: scoped });
    response.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
    response.setHeader('Content-Disposition', 'attachment; filename="audit-events.ndjson"');
    await streamLedger(this.reader, scoped, response, ndjsonLine);
  }

  @Get('events.csv')
  @ApiOperation({ summary: 'Export the filtered ledger as CSV' })
  @ApiLedgerFilters()
  @ApiOkResponse(textOf('text/csv', 'a header line, then one ledger item per line, oldest first'))
  async csv(@CurrentPrincipal() principal: Principal, @Query() query: QueryString, @Res() response: Response): Promise<void> {
    const scoped = this.access.scope(principal, parseLedgerQuery(query, false).filters);
    await this.access.recordRead(principal, '/audit/events.csv', { kind: 'export', format: 'csv', filters: scoped });
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', 'attachment; filename="audit-events.csv"');
    response.write(csvHeader());
    await streamLedger(this.reader, scoped, response, csvLine);
  }

  @Get('stream')
  @ApiOperation({ summary: 'New ledger events, live (Server-Sent Events); ends with an end event once the token lapses' })
  @ApiLedgerFilters()
  @ApiOkResponse(textOf('text/event-stream', 'ledger items as events with the sequence as id'))
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description: 'resume after this ledger sequence (the id of the last event received); without it the stream starts at the head',
    schema: { type: 'string', pattern: '^(0|[1-9]\\d{0,15})$' },
  })
  async stream(
    @CurrentPrincipal() principal: Principal,
    @Query() query: QueryString,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const scoped = this.access.scope(principal, parseLedgerQuery(query, false).filters);
    const from = lastEventId === undefined ? await this.reader.headSequence() : resumePoint(lastEventId);
    await this.access.recordRead(principal, request.path, { kind: 'stream', format: 'sse', filters: scoped });
    const standing = () => this.tokens.recheck(principal, this.clock.now());
    await streamLive(this.reader, scoped, response, from, this.config.ledger.streamPollMs, standing);
  }

  @Get('verify')
  @ApiOperation({ summary: "Verify the ledger's hash chain" })
  async verify(@CurrentPrincipal() principal: Principal): Promise<VerifyReport> {
    await this.access.recordRead(principal, '/audit/verify', { kind: 'verify', filters: {} });
    return this.verifier.verify();
  }
}

function resumePoint(lastEventId: string): number {
  if (!/^(0|[1-9]\d{0,15})$/.test(lastEventId.trim()))
    throw badRequest('INVALID_LAST_EVENT_ID', 'Last-Event-ID must be a ledger sequence number');
  return Number(lastEventId.trim());
}
