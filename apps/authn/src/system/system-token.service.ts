import { Injectable } from '@nestjs/common';
import type { Environment } from '@paspoort/contracts';
import { DomainError } from '@paspoort/service-kit';
import { AccessService } from '../access/access.service';
import type { PresentedCertificate } from '../access/presented-certificates';
import { GrantsService } from '../grants/grants.service';
import { LoginEvents } from '../logins/login-events';
import { TokenSigner } from '../tokens/token-signer.service';

/** Tokens for system certificates that hold a grant (gateways, automation), after a full access decision. */
@Injectable()
export class SystemTokenService {
  constructor(
    private readonly access: AccessService,
    private readonly grants: GrantsService,
    private readonly signer: TokenSigner,
    private readonly events: LoginEvents,
  ) {}

  async issue(environment: Environment, presented: PresentedCertificate, sourceIp: string): Promise<{ token: string; expiresAt: string }> {
    const { outcome } = await this.access.checkSystemAccess(presented, environment, sourceIp, 'token');
    if (outcome.decision === 'deny')
      throw new DomainError(outcome.reason === 'STATUS_VIEW_STALE' ? 503 : 403, outcome.reason, `access denied: ${outcome.reason}`);
    const facts = presented.facts!;
    const roles = await this.grants.rolesOf(environment, `system:${facts.organisationId}/${facts.systemName}`);
    if (roles.length === 0) {
      await this.events.recordAccess(environment, presented, sourceIp, 'token', { decision: 'deny', reason: 'NO_GRANT' });
      throw new DomainError(403, 'NO_GRANT', 'this system holds no grant in this environment');
    }
    const { token, expiresAt } = await this.signer.sign({ sub: `system:${facts.serial}`, env: environment, roles, serial: facts.serial });
    await this.events.recordAccess(environment, presented, sourceIp, 'token', outcome);
    return { token, expiresAt: expiresAt.toISOString() };
  }
}
