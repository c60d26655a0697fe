import { eventually, PrivateBroker, withDatabase } from '@paspoort/testing';
import { AccessStateView } from '../../../apps/authn/src/projections/access-state.view';
import { requestCertificate } from '../support/holders';
import { inParallel, organisationId } from '../support/load';
import { Platform } from '../support/platform';
import { recordFigure } from './figures';

/** 500 on a quiet machine; `PASPOORT_FAULT_CERTIFICATES` scales it (docs/invariants.md has the figures). */
const COUNT = Number(process.env.PASPOORT_FAULT_CERTIFICATES ?? 500);

type Row = { serial: string; status: string; status_revision: number };

/**
 * (a) The broker is killed (SIGKILL) while certificates are issued and revoked, and restarted: the outbox keeps
 * every request succeeding, and afterwards every event has arrived exactly once everywhere.
 */
export function brokerOutage(): void {
  describe(`(a) broker killed while ${COUNT} certificates are issued and half of them revoked`, () => {
    const broker = new PrivateBroker();
    let p: Platform;

    beforeAll(async () => {
      await broker.start();
      p = await Platform.start({ brokers: broker.brokers });
    }, 120000);

    afterAll(async () => {
      await p?.close();
      await broker.destroy();
    }, 60000);

    it('ok/every request succeeds through the outage; every event arrives, the ledger holds each once, authn equals the issuer', async () => {
      const failures: string[] = [];
      let done = 0;
      let killedAt = 0;
      let restartedAt = 0;
      let duringOutage = 0;
      const outage = (async () => {
        await eventually(() => done >= COUNT * 0.2, { timeoutMs: 120000, intervalMs: 20 });
        await broker.kill();
        killedAt = Date.now();
        await eventually(() => done >= COUNT * 0.7, { timeoutMs: 120000, intervalMs: 20 });
        await broker.start();
        restartedAt = Date.now();
      })();
      await inParallel([...Array(COUNT).keys()], 6, async (n) => {
        try {
          const holder = { organisationId: organisationId(n), organisationName: `Praktijk ${n}`, systemName: 'his' };
          const cert = await requestCertificate(() => p.http('issuer'), p.bootstrap, { profile: 'system', holder });
          if (n % 2 === 0) {
            const revoked = await p
              .http('issuer')
              .post(`/certificates/${cert.serial}/revoke`)
              .set(p.bootstrap)
              .send({ reason: 'cessationOfOperation' });
            if (revoked.status !== 200) failures.push(`revoke ${revoked.status}`);
          }
          if (killedAt && !restartedAt) duringOutage++;
        } catch (error) {
          failures.push((error as Error).message);
        }
        done++;
      });
      await outage;
      expect(failures).toEqual([]);
      expect(duringOutage).toBeGreaterThan(0);

      const issuerRows = await withDatabase(
        p.databaseUrls.issuer,
        async (c) => (await c.query<Row>(`SELECT serial, status, status_revision FROM issuer.certificates`)).rows,
      );
      const outboxIds = await withDatabase(p.databaseUrls.issuer, async (c) =>
        (await c.query<{ event_id: string }>(`SELECT event_id FROM issuer.outbox WHERE event_id IS NOT NULL`)).rows.map((r) => r.event_id),
      );
      expect(issuerRows).toHaveLength(COUNT);
      expect(outboxIds).toHaveLength(COUNT + COUNT / 2);

      const ledgered = () =>
        withDatabase(
          p.databaseUrls.audit,
          async (c) =>
            (
              await c.query<{ event_id: string; n: string }>(
                `SELECT event_id, count(*) AS n FROM audit.ledger WHERE event_id = ANY($1::uuid[]) GROUP BY event_id`,
                [outboxIds],
              )
            ).rows,
        );
      await eventually(async () => (await ledgered()).length === outboxIds.length, { timeoutMs: 120000, intervalMs: 500 });
      const recoveredAt = Date.now();
      expect((await ledgered()).every((r) => r.n === '1')).toBe(true);

      const view = p.app('authn').get(AccessStateView);
      const differs = () =>
        issuerRows.filter((r) => view.status(r.serial)?.status !== r.status || view.status(r.serial)?.revision !== r.status_revision);
      await eventually(() => differs().length === 0, { timeoutMs: 60000 });
      expect((await p.http('audit').get('/audit/verify').set(p.bootstrap).expect(200)).body).toMatchObject({ ok: true });

      recordFigure('brokerOutage', {
        certificates: COUNT,
        revocations: COUNT / 2,
        events: outboxIds.length,
        requestsFailed: failures.length,
        certificatesDuringOutage: duringOutage,
        outageMs: restartedAt - killedAt,
        ledgerCompleteAfterRestartMs: recoveredAt - restartedAt,
        eventsLost: 0,
      });
    }, 300000);
  });
}
