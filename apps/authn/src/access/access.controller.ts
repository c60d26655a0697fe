import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@paspoort/auth';
import { ENVIRONMENTS, type Environment } from '@paspoort/contracts';
import { bodyValidator } from '@paspoort/service-kit';
import { AccessService, type AccessAnswer } from './access.service';
import { PresentedCertificates } from './presented-certificates';

interface AccessCheckBody {
  certificatePem: string;
  sourceIp: string;
  environment: Environment;
}

const validCheck = bodyValidator<AccessCheckBody>({
  type: 'object',
  required: ['certificatePem', 'sourceIp', 'environment'],
  additionalProperties: false,
  properties: {
    certificatePem: { type: 'string', minLength: 1, maxLength: 16384 },
    sourceIp: { type: 'string', minLength: 2, maxLength: 64 },
    environment: { enum: [...ENVIRONMENTS] },
  },
});

/** The gateways' question: may this certificate, from this address, now, get in? A deny is a 200 with its reason. */
@ApiTags('access')
@ApiBearerAuth()
@Controller('access')
export class AccessController {
  constructor(
    private readonly access: AccessService,
    private readonly certificates: PresentedCertificates,
  ) {}

  @Post('check')
  @HttpCode(200)
  @Roles('gateway')
  @ApiOperation({ summary: 'Access decision for a system certificate from a source address' })
  @ApiOkResponse({ description: 'the decision; a deny is a 200 with its reason' })
  async check(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<AccessAnswer> {
    const request = validCheck(body);
    principal.assertEnvironment(request.environment);
    const presented = this.certificates.fromPem(request.certificatePem);
    const { outcome: _outcome, ...result } = await this.access.checkSystemAccess(
      presented,
      request.environment,
      request.sourceIp,
      'access-check',
    );
    return result;
  }
}
