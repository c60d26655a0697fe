import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@paspoort/auth';
import { pageRequest, registrationRequest } from './dto/registration-request';
import type { IpRegistrationResource } from './ip-registration.view';
import { IpRegistrationsService } from './ip-registrations.service';

/** IP registrations of system certificates, managed by operators and by org-admins of the owning organisation. */
@ApiTags('ip-registrations')
@ApiBearerAuth()
@Controller()
@Roles('operator', 'org-admin:*')
export class IpRegistrationsController {
  constructor(private readonly registrations: IpRegistrationsService) {}

  @Post('certificates/:serial/ip-registrations')
  @HttpCode(201)
  @ApiOperation({ summary: 'Register a source address (IP or CIDR) for a system certificate' })
  async register(
    @Param('serial') serial: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<IpRegistrationResource> {
    return this.registrations.register(serial, registrationRequest(body), principal);
  }

  @Get('certificates/:serial/ip-registrations')
  @ApiOperation({ summary: "A certificate's current and future registrations" })
  async list(
    @Param('serial') serial: string,
    @CurrentPrincipal() principal: Principal,
    @Query('cursor') cursor?: string,
    @Query('limit') limit?: string,
  ): Promise<{ items: IpRegistrationResource[]; nextCursor: string | null }> {
    return this.registrations.list(serial, pageRequest(cursor, limit), principal);
  }

  @Delete('ip-registrations/:id')
  @ApiOperation({ summary: 'End a registration' })
  async end(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<IpRegistrationResource> {
    return this.registrations.end(id, principal);
  }
}
