import {
  buildEvent,
  enforcementKey,
  sampleEvent,
  TOPICS,
  type EnforcementStateValue,
  type EventEnvelope,
  type IpRegistrationStateValue,
} from '@paspoort/contracts';
import { decideIpAccess } from '@paspoort/ip-rules';
import { eventually } from '@paspoort/testing';
import { randomBytes } from 'node:crypto';
import { DAY, IpRegistryHarness } from './support/ip-registry-harness';

type Registration = {
  id: string;
  address: string;
  registeredBy: string;
  validFrom: string;
  validUntil: string | null;
  state: string;
  inheritedFrom: string | null;
  endedAt: string | null;
};
type StateValue = IpRegistrationStateValue | EnforcementStateValue;

describe('ip-registry: registrations, enforcement and renewal (real Kafka and Postgres)', () => {
  let h: IpRegistryHarness;

  beforeAll(async () => {
    h = await IpRegistryHarness.create('ipr');
  });

  afterAll(async () => h?.close());

  const register = async (serial: string, body: object, headers = h.operator) =>
    (await h.http().post(`/certificates/${serial}/ip-registrations`).set(headers).send(body).expect(201)).body as Registration;
  const list = async (serial: string, query = '') =>
    (await h.http().get(`/certificates/${serial}/ip-registrations${query}`).set(h.operator).expect(200)).body as {
      items: Registration[];
      nextCursor: string | null;
    };
  const latestState = async (key: string, until: (v: IpRegistrationStateValue) => boolean) => {
    const values = await h.read<StateValue>(TOPICS.ipRegistrationState, (vs) =>
      vs.some((v) => v.key === key && v.kind === 'registrations' && until(v)),
    );
    return values.filter((v): v is IpRegistrationStateValue => v.key === key && v.kind === 'registrations').pop()!;
  };

  it('ok/a registration is normalised, published as ip-registration.added and in the state topic', async () => {
    const serial = await h.certificate();
    const created = await register(serial, { address: ' ::ffff:192.0.2.7 ', note: 'kassa 1' });
    expect(created).toMatchObject({ address: '192.0.2.7', state: 'current', validUntil: null, registeredBy: 'bootstrap' });
    const events = await h.read<EventEnvelope>(TOPICS.ipRegistrations, (es) => es.some((e) => e.subject === serial));
    expect(events.find((e) => e.subject === serial)).toMatchObject({
      type: 'ip-registration.added',
      actor: 'bootstrap',
      refs: { serial, organisationId: '11111111' },
      data: { registrationId: created.id, address: '192.0.2.7', note: 'kassa 1' },
    });
    const state = await latestState(serial, (v) => v.registrations.length === 1);
    expect(state).toMatchObject({
      revision: 1,
      environment: 'test',
      organisationId: '11111111',
      registrations: [{ id: created.id, address: '192.0.2.7' }],
    });
  });

  it('ok/a certificate published just before the request is found (the view catches up first)', async () => {
    const serial = await h.certificate({}, randomBytes(8).toString('hex'));
    await register(serial, { address: '2001:DB8:0:0::1' }).then((r) => expect(r.address).toBe('2001:db8::1'));
  });

  it('ok/a registration valid from tomorrow denies today and allows tomorrow', async () => {
    const serial = await h.certificate();
    const today = h.clock.now();
    const tomorrow = new Date(today.getTime() + DAY);
    await register(serial, { address: '198.51.100.0/24', validFrom: tomorrow.toISOString() });
    const { registrations } = await latestState(serial, (v) => v.registrations.length === 1);
    const decide = (now: Date) => decideIpAccess({ registrations, sourceIp: '198.51.100.20', now, enforcedFrom: today });
    expect(decide(today)).toMatchObject({ decision: 'deny', reason: 'IP_REGISTRATION_NOT_YET_VALID' });
    expect(decide(tomorrow)).toMatchObject({ decision: 'allow', warnings: [] });
    expect((await list(serial)).items[0].state).toBe('future');
    const dryRun = async () =>
      (await h.http().get(`/certificates/${serial}/ip-access?address=198.51.100.20`).set(h.operator).expect(200)).body as {
        decision: string;
        warnings: string[];
      };
    expect(await dryRun()).toMatchObject({ decision: 'allow', warnings: ['IP_REGISTRATION_NOT_YET_VALID_MONITOR_ONLY'] });
    h.clock.set(tomorrow);
    try {
      expect(await dryRun()).toMatchObject({ decision: 'allow', warnings: [] });
      expect((await list(serial)).items[0].state).toBe('current');
    } finally {
      h.clock.set(today);
    }
  });

  it('ok/deleting ends a registration: an event, gone from the state, kept in the history', async () => {
    const serial = await h.certificate();
    const kept = await register(serial, { address: '203.0.113.1' });
    const ended = await register(serial, { address: '203.0.113.2' });
    const answer = (await h.http().delete(`/ip-registrations/${ended.id}`).set(h.operator).expect(200)).body as Registration;
    expect(answer).toMatchObject({ state: 'ended', endedAt: h.clock.now().toISOString() });
    const state = await latestState(serial, (v) => v.revision === 3);
    expect(state.registrations.map((r) => r.id)).toEqual([kept.id]);
    const events = await h.read<EventEnvelope>(TOPICS.ipRegistrations, (es) =>
      es.some((e) => e.type === 'ip-registration.ended' && e.subject === serial),
    );
    expect(events.find((e) => e.type === 'ip-registration.ended' && e.subject === serial)?.data).toMatchObject({
      registrationId: ended.id,
      address: '203.0.113.2',
    });
    expect((await list(serial)).items.map((r) => [r.address, r.state])).toEqual([
      ['203.0.113.1', 'current'],
      ['203.0.113.2', 'ended'],
    ]);
    const again = await h.http().delete(`/ip-registrations/${ended.id}`).set(h.operator).expect(409);
    expect(again.body.error.code).toBe('IP_REGISTRATION_ALREADY_ENDED');
  });

  it('ok/a renewal inherits the current and future registrations once, also when the event is redelivered', async () => {
    const old = await h.certificate();
    const renewed = randomBytes(8).toString('hex');
    const current = await register(old, { address: '192.0.2.10', note: 'front door' });
    const future = await register(old, { address: '2001:db8:1::/48', validFrom: new Date(h.clock.now().getTime() + DAY).toISOString() });
    const gone = await register(old, { address: '192.0.2.11' });
    await h.http().delete(`/ip-registrations/${gone.id}`).set(h.operator).expect(200);
    const base = sampleEvent('certificate.issued');
    const issued = buildEvent({
      type: 'certificate.issued',
      source: 'issuer',
      environment: 'test',
      subject: renewed,
      actor: 'bootstrap',
      refs: { serial: renewed, organisationId: '11111111' },
      data: { ...base.data, serial: renewed, organisationId: '11111111', renews: old },
    });
    await h.publisher.event(issued);
    await h.publisher.event(issued);
    const state = await latestState(renewed, (v) => v.registrations.length === 2);
    expect(state.registrations.map((r) => r.address)).toEqual(['192.0.2.10', '2001:db8:1::/48']);
    await h.certificate({}, renewed);
    const items = await eventually(async () => (await list(renewed)).items);
    expect(items.map((r) => [r.address, r.inheritedFrom, r.state])).toEqual([
      ['192.0.2.10', current.id, 'current'],
      ['2001:db8:1::/48', future.id, 'future'],
    ]);
    expect(items[1].validFrom).toBe(future.validFrom);
    expect(state.revision).toBe(1);
  });

  it('ok/an org-admin manages the certificates of its own organisation', async () => {
    const serial = await h.certificate({ organisationId: '22222222' });
    const admin = await h.as(['org-admin:22222222']);
    const created = await register(serial, { address: '192.0.2.99' }, admin);
    expect(created.registeredBy).toBe('person:p-admin');
    await h.http().get(`/certificates/${serial}/ip-registrations`).set(admin).expect(200);
    await h.http().delete(`/ip-registrations/${created.id}`).set(admin).expect(200);
  });

  it('fail/an org-admin of another organisation is refused (403, recorded as api.refused)', async () => {
    const serial = await h.certificate({ organisationId: '33333333' });
    const stranger = await h.as(['org-admin:44444444']);
    const answer = await h.http().post(`/certificates/${serial}/ip-registrations`).set(stranger).send({ address: '192.0.2.1' }).expect(403);
    expect(answer.body.error.code).toBe('FORBIDDEN_ORGANISATION');
    const own = await register(serial, { address: '192.0.2.1' });
    const refusedDelete = await h.http().delete(`/ip-registrations/${own.id}`).set(stranger).expect(403);
    expect(refusedDelete.body.error.code).toBe('FORBIDDEN_ORGANISATION');
    const path = `/certificates/${serial}/ip-registrations`;
    const events = await h.read<EventEnvelope<'api.refused'>>(TOPICS.apiAccess, (es) => es.some((e) => e.subject === path));
    expect(events.find((e) => e.subject === path)?.data).toMatchObject({
      service: 'ip-registry',
      method: 'POST',
      status: 403,
      code: 'FORBIDDEN_ORGANISATION',
    });
    expect((await list(serial)).items).toHaveLength(1);
  });

  it('fail/concurrent registrations of one address: exactly one wins, the others are duplicates', async () => {
    const serial = await h.certificate();
    const answers = await Promise.all(
      [1, 2, 3, 4, 5].map(() => h.http().post(`/certificates/${serial}/ip-registrations`).set(h.operator).send({ address: '192.0.2.200' })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409]);
    expect((await list(serial)).items).toHaveLength(1);
  });

  it('ok/lists are cursor-paged', async () => {
    const serial = await h.certificate();
    for (const n of [1, 2, 3]) await register(serial, { address: `192.0.2.${n}` });
    const first = await list(serial, '?limit=2');
    expect(first.items.map((r) => r.address)).toEqual(['192.0.2.1', '192.0.2.2']);
    const second = await list(serial, `?limit=2&cursor=${first.nextCursor!}`);
    expect(second).toMatchObject({ items: [{ address: '192.0.2.3' }], nextCursor: null });
  });

  it('ok/an operator sets the enforcement instant: event, state value, and GET answers it', async () => {
    const at = new Date(h.clock.now().getTime() + 7 * DAY).toISOString();
    expect((await h.http().get('/enforcement/acceptance').set(h.operator).expect(200)).body).toEqual({
      environment: 'acceptance',
      enforcedFrom: null,
      revision: 0,
    });
    await h.http().put('/enforcement/acceptance').set(h.operator).send({ enforcedFrom: at }).expect(200);
    await h.http().put('/enforcement/acceptance').set(h.operator).send({ enforcedFrom: at }).expect(200);
    const reader = await h.as(['org-admin:11111111'], 'acceptance');
    expect((await h.http().get('/enforcement/acceptance').set(reader).expect(200)).body).toEqual({
      environment: 'acceptance',
      enforcedFrom: at,
      revision: 1,
    });
    const events = await h.read<EventEnvelope>(TOPICS.ipRegistrations, (es) => es.some((e) => e.type === 'enforcement.changed'));
    expect(events.filter((e) => e.type === 'enforcement.changed')).toEqual([
      expect.objectContaining({
        environment: 'acceptance',
        subject: 'environment:acceptance',
        data: { enforcedFrom: at, previousEnforcedFrom: null },
      }),
    ]);
    const states = await h.read<StateValue>(TOPICS.ipRegistrationState, (vs) => vs.some((v) => v.key === enforcementKey('acceptance')));
    expect(states.find((v) => v.key === enforcementKey('acceptance'))).toMatchObject({
      kind: 'enforcement',
      revision: 1,
      enforcedFrom: at,
    });
  });
});
