import { TOPICS, type EventEnvelope, type StateValueBase } from '@paspoort/contracts';
import { eventually, jsonValues, readTopic, TestPublisher, withDatabase } from '@paspoort/testing';
import { ledgerEntries } from '../support/audit-ledger';
import { requestCertificate, type HeldCertificate } from '../support/holders';
import { Platform } from '../support/platform';
import { tlsRequest } from '@paspoort/testing';
import { secretOf, totpAt } from '../support/totp';
import { recordFigure } from './figures';

const ORG = { organisationId: '34567890', organisationName: 'Apotheek Noord', systemName: 'kassa' };
/** State values the history below makes: a ×3, b ×2, person, c; a's registrations ×3, c's, the enforcement instant. */
const STATE_VALUES = { [TOPICS.certificateStatus]: 7, [TOPICS.ipRegistrationState]: 5 };

/**
 * (d) Every real event is delivered again, newest first, and every superseded state revision is published again
 * after the latest one: no effect happens twice (no double inheritance, no extra lock, no duplicate ledger entry)
 * and every service ends on the latest state.
 */
export function redelivery(): void {
  describe('(d) redelivered and reordered events and state values', () => {
    let p: Platform;
    let publisher: TestPublisher;

    beforeAll(async () => {
      p = await Platform.start();
      publisher = new TestPublisher(p.prefix);
    }, 90000);

    afterAll(async () => {
      await publisher?.close();
      await p?.close();
    });

    const issue = (body: Parameters<typeof requestCertificate>[2]) => requestCertificate(() => p.http('issuer'), p.bootstrap, body);
    const post = (path: string, body: object = {}) => p.http('issuer').post(path).set(p.bootstrap).send(body).expect(200);
    const register = (serial: string, address: string) =>
      eventually(async () => {
        const a = await p.http('ip-registry').post(`/certificates/${serial}/ip-registrations`).set(p.bootstrap).send({ address });
        return a.status === 201 ? (a.body as { id: string }) : undefined;
      });
    const decide = async (cert: HeldCertificate, sourceIp: string) =>
      (
        await p
          .http('authn')
          .post('/access/check')
          .set(p.bootstrap)
          .send({ certificatePem: cert.certificatePem, sourceIp, environment: 'test' })
          .expect(200)
      ).body as { decision: string; reason?: string };

    it('ok/no double effect and the latest state wins everywhere', async () => {
      // A history with several revisions per key, an inheritance and a lock.
      const a = await issue({ profile: 'system', holder: ORG });
      const b = await issue({ profile: 'system', holder: { ...ORG, systemName: 'backoffice' } });
      const person = await issue({ profile: 'personal', holder: { personId: 'p-redeliver', name: 'Rik' } });
      await register(a.serial, '192.0.2.20');
      const ended = await register(a.serial, '192.0.2.21');
      await p.http('ip-registry').delete(`/ip-registrations/${ended.id}`).set(p.bootstrap).expect(200);
      await p.http('ip-registry').put('/enforcement/test').set(p.bootstrap).send({ enforcedFrom: new Date().toISOString() }).expect(200);
      await post(`/certificates/${a.serial}/block`, { cause: 'administrative' });
      await post(`/certificates/${a.serial}/unblock`);
      await post(`/certificates/${b.serial}/revoke`, { reason: 'keyCompromise' });
      const c = await issue({ profile: 'system', holder: ORG, renews: a.serial });
      await lockPerson(person);
      await eventually(async () => (await decide(c, '192.0.2.20')).decision === 'allow');
      await eventually(async () => (await ledgerEntries(() => p.http('audit'), p.bootstrap, { type: 'person.locked' })).length === 1);

      // Redeliver: every event again (newest first), every superseded state revision after the latest.
      const events = await withDatabase(p.databaseUrls.audit, async (q) =>
        (await q.query<{ event: string }>(`SELECT event FROM audit.ledger ORDER BY sequence`)).rows.map(
          (r) => JSON.parse(r.event) as EventEnvelope,
        ),
      );
      const states = await Promise.all(
        Object.entries(STATE_VALUES).map(async ([t, atLeast]) => ({
          t,
          values: jsonValues<StateValueBase>(await readTopic(p.topic(t), (m) => m.length >= atLeast)),
        })),
      );
      for (const e of [...events].reverse()) await publisher.event(e);
      for (const e of events.filter((x) => x.type === 'person.locked')) for (let i = 0; i < 3; i++) await publisher.event(e);
      let stale = 0;
      for (const { t, values } of states) {
        const latest = new Map(values.map((v) => [v.key, Math.max(...values.filter((x) => x.key === v.key).map((x) => x.revision))]));
        for (const v of [...values].reverse().filter((x) => x.revision < latest.get(x.key)!)) {
          await publisher.state(t, v);
          stale++;
        }
      }
      expect(stale).toBeGreaterThanOrEqual(4);

      // A fence on every topic: a new certificate, its registration, its access decision, all after the redelivery.
      const d = await issue({ profile: 'system', holder: { ...ORG, systemName: 'fence' } });
      await register(d.serial, '192.0.2.30');
      await eventually(async () => (await decide(d, '192.0.2.30')).decision === 'allow');
      await eventually(async () =>
        (await ledgerEntries(() => p.http('audit'), p.bootstrap, { serial: d.serial })).some((i) => i.event.type === 'access.granted'),
      );

      expect(await decide(a, '192.0.2.20')).toMatchObject({ decision: 'allow' });
      expect(await decide(a, '192.0.2.21')).toMatchObject({ decision: 'deny', reason: 'IP_NOT_REGISTERED' });
      expect(await decide(b, '192.0.2.20')).toMatchObject({ decision: 'deny', reason: 'CERTIFICATE_REVOKED' });
      expect(await decide(c, '192.0.2.20')).toMatchObject({ decision: 'allow' });
      const inherited = (await p.http('ip-registry').get(`/certificates/${c.serial}/ip-registrations`).set(p.bootstrap).expect(200))
        .body as { items: unknown[] };
      expect(inherited.items).toHaveLength(1);
      const personNow = (await p.http('issuer').get(`/certificates/${person.serial}`).set(p.bootstrap).expect(200)).body as {
        status: string;
      };
      expect(personNow.status).toBe('active');
      const locks = await withDatabase(
        p.databaseUrls.issuer,
        async (q) => (await q.query(`SELECT count(*)::int AS n FROM issuer.person_locks`)).rows[0] as { n: number },
      );
      expect(locks.n).toBe(1);
      const counts = await withDatabase(
        p.databaseUrls.audit,
        async (q) =>
          (
            await q.query<{ n: number; distinct: number; present: number }>(
              `SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS distinct, count(*) FILTER (WHERE event_id = ANY($1::uuid[]))::int AS present FROM audit.ledger`,
              [events.map((e) => e.id)],
            )
          ).rows[0],
      );
      expect(counts.n).toBe(counts.distinct);
      expect(counts.present).toBe(new Set(events.map((e) => e.id)).size);
      expect((await p.http('audit').get('/audit/verify').set(p.bootstrap).expect(200)).body).toMatchObject({ ok: true });
      recordFigure('redelivery', { eventsRedelivered: events.length + 3, staleStateValues: stale, doubleEffects: 0 });
    }, 150000);

    /** Enrolls the person's authenticator and sends 5 wrong codes: one `person.locked`. */
    async function lockPerson(person: HeldCertificate): Promise<void> {
      const portal = p.port('portal');
      const enrollment = await eventually(async () => {
        const r = await tlsRequest(portal, 'POST', '/totp/enrollment', { cert: person });
        return r.status === 201 ? r : undefined;
      });
      const secret = secretOf(enrollment.body.otpauthUri as string);
      await tlsRequest(portal, 'POST', '/totp/enrollment/confirm', { cert: person, body: { code: totpAt(secret, p.clock.now()) } });
      const valid = new Set([-30000, 0, 30000].map((o) => totpAt(secret, new Date(p.clock.now().getTime() + o))));
      const wrong = ['000000', '111111', '222222', '333333', '444444', '555555', '666666'].filter((w) => !valid.has(w)).slice(0, 5);
      for (const w of wrong) await tlsRequest(portal, 'POST', '/login', { cert: person, body: { code: w } });
    }
  });
}
