import type { CertificateStatusValue, Environment } from '@paspoort/contracts';
import { TOPICS } from '@paspoort/contracts';
import { badRequest } from '@paspoort/service-kit';
import express, { type Request, type Response, type Router } from 'express';
import type { PresentedCertificates, PresentedCertificate } from '../access/presented-certificates';
import type { AccessStateView } from '../projections/access-state.view';
import { sessionCookieName, type SessionsService } from '../sessions/sessions.service';
import type { TotpEnrollmentService } from '../totp/totp-enrollment.service';
import { peerAddress, peerCertificateDer } from '../tls/client-connection';
import { handle, wantsHtml } from '../tls/http-edge';
import * as pages from './portal-pages';
import type { PortalLoginService } from './portal-login.service';

export interface PortalDeps {
  login: PortalLoginService;
  enrollments: TotpEnrollmentService;
  sessions: SessionsService;
  certificates: PresentedCertificates;
  view: AccessStateView;
  auditUrl: string;
}

/** The portal of one environment (TLS with a client certificate): login, TOTP enrollment, sessions and pages. */
export function portalRouter(environment: Environment, deps: PortalDeps): Router {
  const router = express.Router();
  router.use(express.json({ limit: '16kb' }), express.urlencoded({ extended: false, limit: '16kb' }));
  const presented = (req: Request): PresentedCertificate | undefined => {
    const der = peerCertificateDer(req);
    return der ? deps.certificates.fromDer(der) : undefined;
  };
  const person = (req: Request) => deps.login.identify(environment, presented(req), peerAddress(req));
  const cookie = sessionCookieName(environment);
  const session = async (req: Request) => {
    const current = await person(req);
    return {
      person: current,
      session: await deps.sessions.resolve(environment, readCookie(req, cookie), presented(req)!.fingerprintSha256),
    };
  };

  router.post(
    '/login',
    handle(async (req, res) => {
      const result = await deps.login.login(environment, presented(req), codeOf(req), peerAddress(req));
      res.cookie(cookie, result.sessionId, {
        httpOnly: true,
        secure: true,
        sameSite: 'strict',
        path: '/',
        expires: result.sessionExpiresAt,
      });
      if (wantsHtml(req)) res.type('html').send(pages.loggedInPage(environment, (await person(req)).personId, result.token, deps.auditUrl));
      else res.json({ token: result.token });
    }),
  );
  router.post(
    '/logout',
    handle(async (req, res) => {
      await deps.login.logout(environment, readCookie(req, cookie), peerAddress(req));
      res.clearCookie(cookie, { httpOnly: true, secure: true, sameSite: 'strict', path: '/' });
      if (wantsHtml(req)) res.redirect(303, '/');
      else res.status(204).end();
    }),
  );
  router.post(
    '/totp/enrollment',
    handle(async (req, res) => {
      const code = typeof req.body?.code === 'string' ? codeOf(req) : undefined;
      const enrollment = await deps.enrollments.start(await person(req), code);
      if (wantsHtml(req)) res.type('html').send(pages.enrollmentPage(enrollment.qrSvg, enrollment.otpauthUri));
      else res.status(201).json(enrollment);
    }),
  );
  router.post(
    '/totp/enrollment/confirm',
    handle(async (req, res) => {
      await deps.enrollments.confirm(await person(req), codeOf(req));
      if (wantsHtml(req)) res.redirect(303, '/');
      else res.status(200).json({ enrolled: true });
    }),
  );
  router.get(
    '/session',
    handle(async (req, res) => {
      const { session: s } = await session(req);
      res.json({ environment, personId: s.personId, serial: s.serial, expiresAt: s.expiresAt.toISOString() });
    }),
  );
  router.get(
    '/certificates',
    handle(async (req, res) => {
      const { person: p } = await session(req);
      const own = [...deps.view.reader.values(TOPICS.certificateStatus)]
        .map((v) => v as CertificateStatusValue)
        .filter((v) => v.environment === environment && v.personId === p.personId);
      if (wantsHtml(req)) res.type('html').send(pages.certificatesPage(own));
      else res.json({ items: own.map(({ serial, status, notAfter }) => ({ serial, status, notAfter })), nextCursor: null });
    }),
  );
  router.get(
    '/',
    handle(async (req, res) => home(req, res)),
  );

  async function home(req: Request, res: Response): Promise<void> {
    const p = await person(req);
    const sessionId = readCookie(req, cookie);
    const live = sessionId
      ? await deps.sessions.resolve(environment, sessionId, presented(req)!.fingerprintSha256).catch(() => undefined)
      : undefined;
    if (live) return void res.type('html').send(pages.loggedInPage(environment, p.personId, undefined, deps.auditUrl));
    const enrolled = await deps.enrollments.isEnrolled(p);
    res.type('html').send(enrolled ? pages.loginPage(environment, p.personId) : pages.enrollmentStartPage(environment));
  }
  return router;
}

function codeOf(req: Request): string {
  const code: unknown = req.body?.code;
  if (typeof code !== 'string' || code.length > 16) throw badRequest('CODE_REQUIRED', 'a code (6 digits) is required');
  return code;
}

export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}
