import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { BLOCK_CAUSES, REVOCATION_REASONS, type BlockCause, type RevocationReason } from '@paspoort/contracts';
import { CurrentPrincipal, Principal, Roles } from '@paspoort/auth';
import { badRequest } from '@paspoort/service-kit';
import { CertificateQueries } from './certificate-queries.service';
import { certificateView, type CertificateView } from './certificate-view';
import { readIssuanceRequest, readSerial } from './issuance-request';
import { IssuanceService, type IssuanceResult } from './issuance.service';
import { LifecycleService } from './lifecycle.service';

/** Issuance, reads and the lifecycle of certificates (DESIGN.md, issuer HTTP contract). */
@Controller('certificates')
export class CertificatesController {
  constructor(
    private readonly issuance: IssuanceService,
    private readonly lifecycle: LifecycleService,
    private readonly queries: CertificateQueries,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('operator', 'org-admin:*')
  issue(@Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<IssuanceResult> {
    return this.issuance.issue(readIssuanceRequest(body), principal);
  }

  @Get()
  @Roles('operator', 'compliance-officer', 'org-admin:*')
  list(@Query() query: Record<string, unknown>, @CurrentPrincipal() principal: Principal) {
    return this.queries.list(query, principal);
  }

  @Get(':serial')
  @Roles('operator', 'compliance-officer', 'org-admin:*')
  get(@Param('serial') serial: string, @CurrentPrincipal() principal: Principal): Promise<CertificateView> {
    return this.queries.get(readSerial(serial), principal);
  }

  @Post(':serial/block')
  @HttpCode(200)
  @Roles('operator')
  async block(@Param('serial') serial: string, @Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<CertificateView> {
    const cause = member<BlockCause>(body, 'cause', BLOCK_CAUSES, 'BLOCK_CAUSE_INVALID');
    return certificateView(await this.lifecycle.block(readSerial(serial), cause, principal));
  }

  @Post(':serial/unblock')
  @HttpCode(200)
  @Roles('operator')
  async unblock(@Param('serial') serial: string, @CurrentPrincipal() principal: Principal): Promise<CertificateView> {
    return certificateView(await this.lifecycle.unblock(readSerial(serial), principal));
  }

  @Post(':serial/revoke')
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
