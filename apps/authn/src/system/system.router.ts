import type { Environment } from '@paspoort/contracts';
import { DomainError } from '@paspoort/service-kit';
import express, { type Request, type Router } from 'express';
import type { AccessService } from '../access/access.service';
import type { PresentedCertificates, PresentedCertificate } from '../access/presented-certificates';
import type { LoginEvents } from '../logins/login-events';
import { peerAddress, peerCertificateDer } from '../tls/client-connection';
import { handle } from '../tls/http-edge';
import type { SystemTokenService } from './system-token.service';

export interface SystemDeps {
  access: AccessService;
  certificates: PresentedCertificates;
  tokens: SystemTokenService;
  events: LoginEvents;
}

/** The system listener of one environment: `GET /access/whoami` and `POST /token` for this connection's certificate. */
export function systemRouter(environment: Environment, deps: SystemDeps): Router {
  const router = express.Router();
  router.use(express.json({ limit: '4kb' }));
  const presented = async (req: Request, channel: 'whoami' | 'token'): Promise<PresentedCertificate> => {
    const der = peerCertificateDer(req);
    if (der) return deps.certificates.fromDer(der);
    await deps.events.recordAccess(environment, undefined, peerAddress(req), channel, {
      decision: 'deny',
      reason: 'NO_CLIENT_CERTIFICATE',
    });
    throw new DomainError(401, 'NO_CLIENT_CERTIFICATE', 'present your system certificate');
  };

  router.get(
    '/access/whoami',
    handle(async (req, res) => {
      const certificate = await presented(req, 'whoami');
      const { outcome: _outcome, ...answer } = await deps.access.checkSystemAccess(certificate, environment, peerAddress(req), 'whoami');
      res.json({ ...answer, sourceIp: peerAddress(req), environment });
    }),
  );
  router.post(
    '/token',
    handle(async (req, res) => {
      res.json(await deps.tokens.issue(environment, await presented(req, 'token'), peerAddress(req)));
    }),
  );
  return router;
}
