import { Body, Controller, Delete, Get, HttpCode, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@paspoort/auth';
import { ENVIRONMENTS, ROLE_PATTERN, type Environment, type Role } from '@paspoort/contracts';
import { badRequest, bodyValidator } from '@paspoort/service-kit';
import { GrantsService, type Grant } from './grants.service';

interface GrantBody {
  subject: string;
  environment: Environment;
  role: Role;
}

/** `person:<personId>` or `system:<organisationId>/<systemName>` (a system grant survives renewal). */
export const GRANT_SUBJECT_PATTERN = '^(person:[A-Za-z0-9._-]{1,64}|system:[A-Za-z0-9.-]{1,64}/[^/\\u0000-\\u001f]{1,64})$';

const validGrant = bodyValidator<GrantBody>(
  {
    type: 'object',
    required: ['subject', 'environment', 'role'],
    additionalProperties: false,
    properties: {
      subject: { type: 'string', pattern: GRANT_SUBJECT_PATTERN },
      environment: { enum: [...ENVIRONMENTS] },
      role: { type: 'string', pattern: ROLE_PATTERN },
    },
  },
  'GRANT_INVALID',
);

/** Grants per environment, managed by operators of that environment. */
@ApiTags('grants')
@ApiBearerAuth()
@Controller('grants')
@Roles('operator')
export class GrantsController {
  constructor(private readonly grants: GrantsService) {}

  @Get()
  @ApiOperation({ summary: "List an environment's grants" })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query('environment') environment?: string,
    @Query('cursor') cursor?: string,
    @Query('limit') limit?: string,
  ): Promise<{ items: Grant[]; nextCursor: string | null }> {
    if (!environment || !(ENVIRONMENTS as readonly string[]).includes(environment))
      throw badRequest('ENVIRONMENT_INVALID', 'environment must be test, acceptance or production');
    principal.assertEnvironment(environment);
    const size = limit === undefined ? 100 : Number(limit);
    if (!Number.isInteger(size) || size < 1 || size > 500) throw badRequest('LIMIT_INVALID', 'limit must be an integer in 1..500');
    if (cursor !== undefined && !/^[A-Za-z0-9_-]{1,512}$/.test(cursor))
      throw badRequest('CURSOR_INVALID', 'cursor is not one this API returned');
    return this.grants.list(environment as Environment, cursor, size);
  }

  @Put()
  @ApiOperation({ summary: 'Grant a role to a person or system in an environment' })
  async grant(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<Grant> {
    const g = validGrant(body);
    principal.assertEnvironment(g.environment);
    return this.grants.grant(g.environment, g.subject, g.role, principal);
  }

  @Delete()
  @ApiOperation({ summary: 'Withdraw a grant' })
  @HttpCode(204)
  async withdraw(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<void> {
    const g = validGrant(body);
    principal.assertEnvironment(g.environment);
    await this.grants.withdraw(g.environment, g.subject, g.role, principal);
  }
}
