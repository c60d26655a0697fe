import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Principal } from '@paspoort/auth';
import { decideIpAccess, IpRuleError, normaliseAddress, type IpAccessDecision } from '@paspoort/ip-rules';
import { badRequest } from '@paspoort/service-kit';
import type { DataSource } from 'typeorm';
import { ManagedCertificates } from '../certificates/managed-certificates';
import { IPREGISTRY_CLOCK, type Clock } from '../clock/clock';
import { EnforcementService } from '../enforcement/enforcement.service';
import { IpRegistrationRepository } from './ip-registration.repository';
import { registrationStateView } from './ip-registration.view';

export interface IpAccessDryRun extends IpAccessDecision {
  serial: string;
  address: string;
  at: string;
  enforcedFrom: string | null;
}

/**
 * What authn would decide for a source address at an instant, from the registry's own rows and the same pure
 * decision function (a dry run for holders checking their registrations; authn never calls this).
 */
@Injectable()
export class IpAccessService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly certificates: ManagedCertificates,
    private readonly registrations: IpRegistrationRepository,
    private readonly enforcement: EnforcementService,
    @Inject(IPREGISTRY_CLOCK) private readonly clock: Clock,
  ) {}

  async dryRun(serial: string, addressInput: string, at: Date | undefined, principal: Principal): Promise<IpAccessDryRun> {
    const certificate = await this.certificates.forReading(serial, principal);
    const address = singleAddress(addressInput);
    const now = at ?? this.clock.now();
    const rows = await this.registrations.notEnded(this.dataSource.manager, certificate.serial);
    const { enforcedFrom } = await this.enforcement.get(certificate.environment);
    const decision = decideIpAccess({
      registrations: rows.map(registrationStateView),
      sourceIp: address,
      now,
      enforcedFrom: enforcedFrom ? new Date(enforcedFrom) : null,
    });
    return { ...decision, serial: certificate.serial, address, at: now.toISOString(), enforcedFrom };
  }
}

function singleAddress(input: string): string {
  try {
    return normaliseAddress(input.trim());
  } catch (error) {
    if (error instanceof IpRuleError) throw badRequest(error.code, error.message);
    throw error;
  }
}
