import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  BLOCK_CAUSES,
  CERTIFICATE_STATUSES,
  ENVIRONMENTS,
  PROFILES,
  REVOCATION_REASONS,
  type BlockCause,
  type RevocationReason,
} from '@paspoort/contracts';
import { CurrentPrincipal, Principal, Roles } from '@paspoort/auth';
import { badRequest } from '@paspoort/service-kit';
import { CertificateQueries } from './certificate-queries.service';
import { certificateView, type CertificateView } from './certificate-view';
import { readIssuanceRequest, readSerial } from './issuance-request';
import { IssuanceService, type IssuanceResult } from './issuance.service';
import { LifecycleService } from './lifecycle.service';

/** Issuance, reads and the lifecycle of certificates (DESIGN.md, issuer HTTP contract). */
@ApiTags('certificates')
@ApiBearerAuth()
@Controller('certificates')
export class CertificatesController {
  constructor(
    private readonly issuance: IssuanceService,
    private readonly lifecycle: LifecycleService,
    private readonly queries: CertificateQueries,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Issue a personal or system certificate from a CSR' })
  @Roles('operator', 'org-admin:*')
  issue(@Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<IssuanceResult> {
    return this.issuance.issue(readIssuanceRequest(body), principal);
  }

  @Get()
  @ApiOperation({ summary: 'List certificates (filters personId, organisationId, status, profile, environment)' })
  @ApiQuery({ name: 'personId', required: false, type: String })
  @ApiQuery({ name: 'organisationId', required: false, type: String })
  @ApiQuery({ name: 'status', required: false, enum: [...CERTIFICATE_STATUSES] })
  @ApiQuery({ name: 'profile', required: false, enum: [...PROFILES] })
  @ApiQuery({ name: 'environment', required: false, enum: [...ENVIRONMENTS] })
  @ApiQuery({ name: 'cursor', required: false, type: String, description: 'nextCursor of the previous page' })
  @ApiQuery({ name: 'limit', required: false, type: Number })
  @Roles('operator', 'compliance-officer', 'org-admin:*')
  list(@Query() query: Record<string, unknown>, @CurrentPrincipal() principal: Principal) {
    return this.queries.list(query, principal);
  }

  @Get(':serial')
  @ApiOperation({ summary: 'One certificate and its status' })
  @Roles('operator', 'compliance-officer', 'org-admin:*')
  get(@Param('serial') serial: string, @CurrentPrincipal() principal: Principal): Promise<CertificateView> {
    return this.queries.get(readSerial(serial), principal);
  }

  @Post(':serial/block')
  @ApiOperation({ summary: 'Block (suspend) a certificate, with a cause' })
  @HttpCode(200)
  @Roles('operator')
  async block(@Param('serial') serial: string, @Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<CertificateView> {
    const cause = member<BlockCause>(body, 'cause', BLOCK_CAUSES, 'BLOCK_CAUSE_INVALID');
    return certificateView(await this.lifecycle.block(readSerial(serial), cause, principal));
  }

  @Post(':serial/unblock')
  @ApiOperation({ summary: 'Lift the block of a certificate' })
  @HttpCode(200)
  @Roles('operator')
  async unblock(@Param('serial') serial: string, @CurrentPrincipal() principal: Principal): Promise<CertificateView> {
    return certificateView(await this.lifecycle.unblock(readSerial(serial), principal));
  }

  @Post(':serial/revoke')
  @ApiOperation({ summary: 'Revoke a certificate for good, with an RFC 5280 reason' })
  @HttpCode(200)
  @Roles('operator')
  async revoke(@Param('serial') serial: string, @Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<CertificateView> {
    const reason = member<RevocationReason>(body, 'reason', REVOCATION_REASONS, 'REVOCATION_REASON_INVALID');
    return certificateView(await this.lifecycle.revoke(readSerial(serial), reason, principal));
  }
}

function member<T extends string>(body: unknown, field: string, allowed: readonly T[], code: string): T {
  const value = (body as Record<string, unknown> | undefined)?.[field];
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw badRequest(code, `${field} must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}
