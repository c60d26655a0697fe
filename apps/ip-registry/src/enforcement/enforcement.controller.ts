import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@paspoort/auth';
import { ENVIRONMENTS, isEnvironment, type Environment } from '@paspoort/contracts';
import { badRequest, bodyValidator } from '@paspoort/service-kit';
import { parseInstant } from '../registrations/dto/registration-request';
import { EnforcementService, type Enforcement } from './enforcement.service';

const validBody = bodyValidator<{ enforcedFrom: string | null }>(
  {
    type: 'object',
    required: ['enforcedFrom'],
    additionalProperties: false,
    properties: { enforcedFrom: { anyOf: [{ type: 'string', format: 'date-time', maxLength: 40 }, { type: 'null' }] } },
  },
  'ENFORCEMENT_INVALID',
);

/** The enforcement instant per environment: everyone who manages registrations may read it, only operators set it. */
@ApiTags('enforcement')
@ApiBearerAuth()
@Controller('enforcement')
export class EnforcementController {
  constructor(private readonly enforcement: EnforcementService) {}

  @Get(':environment')
  @ApiOperation({ summary: "The environment's enforcement instant" })
  @Roles('operator', 'org-admin:*')
  async get(@Param('environment') environment: string, @CurrentPrincipal() principal: Principal): Promise<Enforcement> {
    return this.enforcement.get(knownEnvironment(environment, principal));
  }

  @Put(':environment')
  @ApiOperation({ summary: 'Set (or clear, with null) the enforcement instant' })
  @Roles('operator')
  async set(
    @Param('environment') environment: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Enforcement> {
    const env = knownEnvironment(environment, principal);
    const { enforcedFrom } = validBody(body);
    const instant = enforcedFrom === null ? null : parseInstant(enforcedFrom, 'enforcedFrom', 'ENFORCEMENT_INVALID');
    return this.enforcement.set(env, instant, principal.actor);
  }
}

function knownEnvironment(environment: string, principal: Principal): Environment {
  if (!isEnvironment(environment)) throw badRequest('ENVIRONMENT_UNKNOWN', `environment must be one of ${ENVIRONMENTS.join(', ')}`);
  principal.assertEnvironment(environment);
  return environment;
}
