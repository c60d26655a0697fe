import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@paspoort/auth';
import { badRequest } from '@paspoort/service-kit';
import { parseInstant } from './dto/registration-request';
import { IpAccessService, type IpAccessDryRun } from './ip-access.service';

/** `GET /certificates/{serial}/ip-access?address=&at=`: the IP decision authn would make (dry run). */
@ApiTags('ip-registrations')
@ApiBearerAuth()
@Controller()
@Roles('operator', 'org-admin:*')
export class IpAccessController {
  constructor(private readonly access: IpAccessService) {}

  @Get('certificates/:serial/ip-access')
  @ApiOperation({ summary: 'Dry run: the IP decision authn would make for this address and instant' })
  @ApiQuery({ name: 'at', type: String, required: false, description: 'ISO-8601 instant (default: now)' })
  @ApiQuery({ name: 'address', type: String, description: 'one IP address' })
  async dryRun(
    @Param('serial') serial: string,
    @CurrentPrincipal() principal: Principal,
    @Query('address') address?: unknown,
    @Query('at') at?: unknown,
  ): Promise<IpAccessDryRun> {
    if (typeof address !== 'string' || address.length > 128) throw badRequest('IP_ADDRESS_INVALID', 'address (one IP address) is required');
    if (at !== undefined && typeof at !== 'string') throw badRequest('INSTANT_INVALID', 'at must be one ISO-8601 instant');
    const instant = at === undefined ? undefined : parseInstant(at, 'at', 'INSTANT_INVALID');
    return this.access.dryRun(serial, address, instant, principal);
  }
}
