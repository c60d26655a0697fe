import { createParamDecorator, Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@paspoort/contracts';
import { AuthRefusal, PUBLIC_ROUTE } from '@paspoort/service-kit';
import type { Request } from 'express';
import { Principal } from './principal';
import { TokenVerifier } from './token-verifier';

const ROLES = 'paspoort:roles';
/** `org-admin:*` in a roles list means: any org-admin role (the service checks which organisation). */
export type RoleRequirement = Role | 'org-admin:*';

/** The roles a route accepts (any one of them). */
export const Roles = (...roles: RoleRequirement[]) => SetMetadata(ROLES, roles);

export type AuthenticatedRequest = Request & { principal?: Principal };

/** The verified caller of this request. */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new AuthRefusal(401, 'UNAUTHENTICATED', 'a bearer token is required');
  return principal;
});

/** Global guard: every HTTP route needs a valid bearer token unless marked @Public(); @Roles narrows further. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = await this.verifier.authenticate(bearerToken(request));
    // Set before the status check: a refusal for a blocked or revoked certificate is recorded against whose token it is.
    request.principal = principal;
    this.verifier.assertCertificateActive(principal);
    const roles = this.reflector.getAllAndOverride<RoleRequirement[] | undefined>(ROLES, targets);
    if (roles && !roles.some((r) => (r === 'org-admin:*' ? principal.hasAnyOrgAdminRole() : principal.hasRole(r)))) {
      throw new AuthRefusal(403, 'FORBIDDEN_ROLE', `this call needs the role ${roles.join(' or ')}`);
    }
    return true;
  }
}

function bearerToken(request: Request): string {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9._~+/=-]{16,4096})$/.exec(header.trim()) : null;
  if (!match)
    throw new AuthRefusal(
      401,
      header ? 'TOKEN_INVALID' : 'UNAUTHENTICATED',
      header ? 'the Authorization header is not a valid Bearer token' : 'a bearer token is required',
    );
  return match[1];
}
