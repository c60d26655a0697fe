import type { Environment, Role } from '@paspoort/contracts';
import { AuthRefusal } from '@paspoort/service-kit';

/**
 * Who is calling, from a verified token (or the bootstrap token: all roles in all environments).
 * `expiresAt` is the token's `exp`; the bootstrap token has none.
 */
export class Principal {
  constructor(
    readonly subject: string,
    readonly environment: Environment | '*',
    readonly roles: readonly Role[],
    readonly serial: string | undefined,
    readonly bootstrap = false,
    readonly expiresAt?: Date,
    /** The `kid` of the key that signed the token (none for the bootstrap token). */
    readonly keyId?: string,
  ) {}

  /** The `actor` of events this principal causes. */
  get actor(): string {
    return this.bootstrap ? 'bootstrap' : this.subject;
  }

  hasRole(role: Role): boolean {
    return this.bootstrap || this.roles.includes(role);
  }

  isOrgAdminOf(organisationId: string): boolean {
    return this.bootstrap || this.roles.includes(`org-admin:${organisationId}`);
  }

  hasAnyOrgAdminRole(): boolean {
    return this.bootstrap || this.roles.some((r) => r.startsWith('org-admin:'));
  }

  managesEnvironment(environment: string): boolean {
    return this.environment === '*' || this.environment === environment;
  }

  /** A token manages only its own environment (403 FORBIDDEN_ENVIRONMENT otherwise). */
  assertEnvironment(environment: string): void {
    if (!this.managesEnvironment(environment)) {
      throw new AuthRefusal(403, 'FORBIDDEN_ENVIRONMENT', `this token manages the ${this.environment} environment, not ${environment}`);
    }
  }

  /** 403 FORBIDDEN_ROLE unless the principal holds one of the roles. */
  assertAnyRole(...roles: Role[]): void {
    if (!roles.some((r) => this.hasRole(r))) {
      throw new AuthRefusal(403, 'FORBIDDEN_ROLE', `this call needs the role ${roles.join(' or ')}`);
    }
  }
}
