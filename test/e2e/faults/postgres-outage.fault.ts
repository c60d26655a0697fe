import { TOPICS, type EventEnvelope } from '@paspoort/contracts';
import { eventually, jsonValues, readTopic, TcpFaultProxy, withDatabase } from '@paspoort/testing';
import { requestCertificate } from '../support/holders';
import { organisationId } from '../support/load';
import { Platform } from '../support/platform';
import { recordFigure } from './figures';

type Answer = { status: number; code?: string; serial?: string; phase: 'before' | 'cut' | 'after' };

/**
 * (b) The issuer's Postgres is cut off (a TCP fault proxy in front of the issuer's own database) while clients
 * keep issuing and revoking: 503 SERVICE_UNAVAILABLE while it is away, nothing half-done, all work again after.
 */
export function postgresOutage(): void {
  describe('(b) Postgres cut off under load (fault proxy in front of the issuer database)', () => {
    let proxy: TcpFaultProxy;
    let p: Platform;

    beforeAll(async () => {
      const admin = new URL(process.env.PASPOORT_TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
      proxy = new TcpFaultProxy(admin.hostname, Number(admin.port || 5432));
      await proxy.start();
      p = await Platform.start({
        services: ['issuer'],
        databaseUrlOf: (_service, url) => Object.assign(new URL(url), { port: String(proxy.port), hostname: '127.0.0.1' }).toString(),
      });
    }, 60000);

    afterAll(async () => {
      await p?.close();
      await proxy?.stop();
    });

    it('ok/503 SERVICE_UNAVAILABLE while Postgres is away, no certificate without its event, all work after restore', async () => {
      const answers: Answer[] = [];
      let phase: Answer['phase'] = 'before';
      let running = true;
      let n = 0;
      const client = async () => {
        while (running) {
          const at = phase;
          const holder = { organisationId: organisationId(n++), organisationName: 'Praktijk', systemName: 'his' };
          try {
            const cert = await requestCertificate(() => p.http('issuer'), p.bootstrap, { profile: 'system', holder });
            answers.push({ status: 201, serial: cert.serial, phase: at });
            const revoked = await p
              .http('issuer')
              .post(`/certificates/${cert.serial}/revoke`)
              .set(p.bootstrap)
              .send({ reason: 'unspecified' });
            answers.push({ status: revoked.status, code: revoked.body.error?.code, serial: cert.serial, phase: at });
          } catch (error) {
            const m = /issuance answered (\d+): (.*)$/s.exec((error as Error).message);
            answers.push({
              status: m ? Number(m[1]) : 0,
              code: m ? (JSON.parse(m[2]) as { error?: { code: string } }).error?.code : String(error),
              phase: at,
            });
          }
        }
      };
      const clients = Array.from({ length: 4 }, client);
      await eventually(() => answers.filter((a) => a.status === 201).length >= 20, { intervalMs: 20 });
      proxy.cut();
      phase = 'cut';
      await eventually(() => answers.filter((a) => a.phase === 'cut').length >= 40, { intervalMs: 20 });
      const cutAt = Date.now();
      proxy.restore();
      phase = 'after';
      await eventually(() => answers.filter((a) => a.phase === 'after' && a.status === 201).length >= 20, {
        timeoutMs: 30000,
        intervalMs: 50,
      });
      const recoveredMs = Date.now() - cutAt;
      running = false;
      await Promise.all(clients);

      const during = answers.filter((a) => a.phase === 'cut');
      expect(answers.filter((a) => ![200, 201, 503].includes(a.status))).toEqual([]);
      expect(answers.filter((a) => a.status === 503).every((a) => a.code === 'SERVICE_UNAVAILABLE')).toBe(true);
      expect(during.filter((a) => a.status === 503).length).toBeGreaterThan(0);

      const rows = await withDatabase(
        p.databaseUrls.issuer,
        async (c) =>
          (
            await c.query<{ serial: string; status: string; status_revision: number }>(
              `SELECT serial, status, status_revision FROM issuer.certificates`,
            )
          ).rows,
      );
      const outbox = await withDatabase(
        p.databaseUrls.issuer,
        async (c) =>
          (
            await c.query<{ message_key: string; payload: string }>(
              `SELECT message_key, payload FROM issuer.outbox WHERE topic LIKE $1 ORDER BY id`,
              [`%${TOPICS.certificates}`],
            )
          ).rows,
      );
      const eventsOf = (serial: string) =>
        outbox.filter((o) => o.message_key === serial).map((o) => (JSON.parse(o.payload) as EventEnvelope).type);
      for (const row of rows)
        expect(eventsOf(row.serial)).toEqual(
          row.status === 'revoked' ? ['certificate.issued', 'certificate.revoked'] : ['certificate.issued'],
        );
      expect(new Set(outbox.map((o) => o.message_key)).size).toBe(rows.length);
      const succeeded = answers.filter((a) => a.status === 201).map((a) => a.serial);
      expect(rows.map((r) => r.serial).sort()).toEqual(expect.arrayContaining(succeeded));
      const revokedOk = answers.filter((a) => a.status === 200).map((a) => a.serial);
      expect(
        rows
          .filter((r) => r.status === 'revoked')
          .map((r) => r.serial)
          .sort(),
      ).toEqual(expect.arrayContaining(revokedOk));

      const published = await readTopic(p.topic(TOPICS.certificates), (m) => m.length >= outbox.length, { timeoutMs: 30000 });
      expect(jsonValues<EventEnvelope>(published)).toHaveLength(outbox.length);
      recordFigure('postgresOutage', {
        requests: answers.length,
        refused503: answers.filter((a) => a.status === 503).length,
        duringCut: during.length,
        certificates: rows.length,
        recoveryAfterRestoreMs: recoveredMs,
        halfDone: 0,
        eventsLost: 0,
      });
    }, 120000);
  });
}
