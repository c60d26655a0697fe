import { Controller, Get, Param, Query } from '@nestjs/common';
import { CurrentPrincipal, Principal, Roles } from '@paspoort/auth';
import { badRequest } from '@paspoort/service-kit';
import { parseInstant } from './dto/registration-request';
import { IpAccessService, type IpAccessDryRun } from './ip-access.service';

/** `GET /certificates/{serial}/ip-access?address=&at=`: the IP decision authn would make (dry run). */
@Controller()
@Roles('operator', 'org-admin:*')
export class IpAccessController {
  constructor(private readonly access: IpAccessService) {}

  @Get('certificates/:serial/ip-access')
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
