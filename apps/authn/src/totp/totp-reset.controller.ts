import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@paspoort/auth';
import { ENVIRONMENTS, type Environment } from '@paspoort/contracts';
import { bodyValidator } from '@paspoort/service-kit';
import { TotpEnrollmentService } from './totp-enrollment.service';

const validReset = bodyValidator<{ personId: string; environment: Environment }>(
  {
    type: 'object',
    required: ['personId', 'environment'],
    additionalProperties: false,
    properties: { personId: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,64}$' }, environment: { enum: [...ENVIRONMENTS] } },
  },
  'TOTP_RESET_INVALID',
);

/** Operators reset a person's authenticator app in their environment (the person then enrolls again). */
@ApiTags('totp')
@ApiBearerAuth()
@Controller('totp')
export class TotpResetController {
  constructor(private readonly enrollments: TotpEnrollmentService) {}

  @Post('reset')
  @HttpCode(204)
  @Roles('operator')
  @ApiOperation({ summary: "Reset a person's authenticator app (the person enrolls again)" })
  async reset(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<void> {
    const request = validReset(body);
    principal.assertEnvironment(request.environment);
    await this.enrollments.reset(request.environment, request.personId, principal);
  }
}
