import { eventually, withDatabase } from '@paspoort/testing';
import { AccessStateView } from '../../../apps/authn/src/projections/access-state.view';
import { requestCertificate, type HeldCertificate } from '../support/holders';
import { inParallel, organisationId } from '../support/load';
import { Platform } from '../support/platform';
import { recordFigure } from './figures';

const CERTIFICATES = 60;

/**
 * (c) authn is stopped while revocations stream in, and a new instance starts while they keep coming: it is not
 * ready, and answers nothing, before its projection holds everything published before it started.
 */
export function authnRestart(): void {
  describe('(c) authn killed mid-stream; a new instance rebuilds its projection before it is ready', () => {
    let p: Platform;
    const certs: HeldCertificate[] = [];

    beforeAll(async () => {
      p = await Platform.start({ services: ['issuer', 'authn'] });
      await inParallel([...Array(CERTIFICATES).keys()], 4, async (n) => {
        const holder = { organisationId: organisationId(500 + n), organisationName: 'Apotheek', systemName: 'kassa' };
        certs.push(await requestCertificate(() => p.http('issuer'), p.bootstrap, { profile: 'system', holder }));
      });
    }, 90000);

    afterAll(async () => p?.close());

    const decide = async (cert: HeldCertificate) =>
      (
        await p
          .http('authn')
          .post('/access/check')
          .set(p.bootstrap)
          .send({ certificatePem: cert.certificatePem, sourceIp: '192.0.2.44', environment: 'test' })
          .expect(200)
      ).body as { decision: string; reason?: string };

    it('ok/the new instance is ready only with every revocation published before it started, and never answers allow for one', async () => {
      await eventually(async () => (await decide(certs[CERTIFICATES - 1])).decision === 'allow');
      const revoked: string[] = [];
      const stream = inParallel(certs, 2, async (cert) => {
        await p.http('issuer').post(`/certificates/${cert.serial}/revoke`).set(p.bootstrap).send({ reason: 'keyCompromise' }).expect(200);
        revoked.push(cert.serial);
      });
      await eventually(() => revoked.length >= CERTIFICATES / 4, { intervalMs: 10 });
      await p.stopService('authn');
      const knownBeforeStart = [...revoked];
      const startedAt = Date.now();
      await p.startService('authn');
      const startMs = Date.now() - startedAt;

      await p.http('authn').get('/health/ready').expect(200);
      const view = p.app('authn').get(AccessStateView);
      expect(knownBeforeStart.filter((s) => view.status(s)?.status !== 'revoked')).toEqual([]);
      const first = await Promise.all(certs.filter((c) => knownBeforeStart.includes(c.serial)).map(decide));
      expect(first.every((d) => d.decision === 'deny' && d.reason === 'CERTIFICATE_REVOKED')).toBe(true);

      await stream;
      const issuer = await withDatabase(
        p.databaseUrls.issuer,
        async (c) =>
          (
            await c.query<{ serial: string; status_revision: number }>(
              `SELECT serial, status_revision FROM issuer.certificates WHERE status = 'revoked'`,
            )
          ).rows,
      );
      expect(issuer).toHaveLength(CERTIFICATES);
      await eventually(() =>
        issuer.every((r) => view.status(r.serial)?.revision === r.status_revision && view.status(r.serial)?.status === 'revoked'),
      );
      const last = await Promise.all(certs.map(decide));
      expect(last.every((d) => d.reason === 'CERTIFICATE_REVOKED')).toBe(true);
      recordFigure('authnRestart', {
        certificates: CERTIFICATES,
        revokedBeforeRestart: knownBeforeStart.length,
        newInstanceReadyMs: startMs,
        partialAnswers: 0,
      });
    }, 120000);
  });
}
