import type { NestExpressApplication } from '@nestjs/platform-express';
import type { EventEnvelope } from '@paspoort/contracts';
import { eventually, TEST_BOOTSTRAP_TOKEN } from '@paspoort/testing';
import request from 'supertest';
import { LedgerSigner } from '../src/ledger/ledger-signer';
import { AuditHarness, sample } from './audit-harness';

type Item = { sequence: number; event: EventEnvelope };
const SERIAL = 'a1b2c3d4';
const at = (minute: number) => new Date(Date.UTC(2026, 10, 29, 10, minute)).toISOString();

describe('audit query, export, stream and page (real Kafka and Postgres)', () => {
  let h: AuditHarness;
  let app: NestExpressApplication;
  let officer: string;
  let gateway: string;
  const events: EventEnvelope[] = [];

  beforeAll(async () => {
    h = await AuditHarness.create();
    app = await h.start();
    officer = await h.tokens.token({ sub: 'person:co-1', env: 'test', roles: ['compliance-officer'] });
    gateway = await h.tokens.token({ sub: 'person:gw-1', env: 'test', roles: ['gateway'] });
    for (let i = 0; i < 30; i++) {
      const refused = i % 3 === 0;
      events.push(
        sample(refused ? 'access.denied' : 'access.granted', {
          environment: i < 25 ? 'test' : 'production',
          occurredAt: at(i),
          outcome: refused ? 'refused' : 'success',
          refs: { serial: SERIAL, organisationId: '01234567', ...(i % 5 === 0 ? { personId: 'p-hist' } : {}) },
        }),
      );
    }
    await h.publishMany(events);
    await h.waitForCount(30);
  });

  afterAll(async () => {
    await h?.close();
  });

  const get = (path: string, token = TEST_BOOTSTRAP_TOKEN) => request(app.getHttpServer()).get(path).auth(token, { type: 'bearer' });
  const ids = (list: EventEnvelope[]) => list.map((e) => e.id);

  it('ok/cursor paging returns every matching row once, newest first', async () => {
    const seen: Item[] = [];
    let cursor: string | null = null;
    do {
      const res = await get(`/audit/events?serial=${SERIAL}&limit=7${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
      seen.push(...(res.body.items as Item[]));
      cursor = res.body.nextCursor as string | null;
    } while (cursor);
    expect(seen.map((i) => i.event.id)).toEqual(ids(events).reverse());
    expect(seen.map((i) => i.sequence)).toEqual([...seen.map((i) => i.sequence)].sort((a, b) => b - a));
  });

  it.each([
    ['environment=production', (e: EventEnvelope) => e.environment === 'production'],
    ['outcome=refused&type=access.denied', (e: EventEnvelope) => e.outcome === 'refused'],
    ['personId=p-hist', (e: EventEnvelope) => e.refs.personId === 'p-hist'],
    [
      `from=${encodeURIComponent(at(4))}&to=${encodeURIComponent(at(9))}`,
      (e: EventEnvelope) => e.occurredAt >= at(4) && e.occurredAt < at(9),
    ],
    ['organisationId=01234567&actor=bootstrap', () => true],
  ])('ok/filter %s returns exactly the matching rows', async (filter, matches) => {
    const res = await get(`/audit/events?serial=${SERIAL}&${filter}&limit=500`).expect(200);
    expect((res.body.items as Item[]).map((i) => i.event.id)).toEqual(ids(events.filter(matches)).reverse());
  });

  it('ok/a compliance officer sees only their environment, and the read is itself recorded', async () => {
    const res = await get(`/audit/events?serial=${SERIAL}&limit=500`, officer).expect(200);
    expect((res.body.items as Item[]).map((i) => i.event.id)).toEqual(ids(events.filter((e) => e.environment === 'test')).reverse());
    const read = await eventually(async () => {
      const found = await get(`/audit/events?type=audit.read&actor=person:co-1`).expect(200);
      return (found.body.items as Item[])[0];
    });
    expect(read.event).toMatchObject({
      source: 'audit',
      environment: 'test',
      subject: '/audit/events',
      data: { kind: 'query', filters: { serial: SERIAL, environment: 'test' } },
    });
  });

  it.each([
    ['fail/another environment', `/audit/events?environment=production`, () => officer, 403, 'FORBIDDEN_ENVIRONMENT'],
    ['fail/a role without ledger access', `/audit/events`, () => gateway, 403, 'FORBIDDEN_ROLE'],
    ['fail/no token', `/audit/events.csv`, () => '', 401, 'UNAUTHENTICATED'],
    ['fail/unknown filter', `/audit/events?serialnumber=${SERIAL}`, () => TEST_BOOTSTRAP_TOKEN, 400, 'UNKNOWN_FILTER'],
    ['fail/forged cursor', `/audit/events?cursor=czotMQ`, () => TEST_BOOTSTRAP_TOKEN, 400, 'INVALID_CURSOR'],
    ['fail/paging on an export', `/audit/events.ndjson?limit=5`, () => TEST_BOOTSTRAP_TOKEN, 400, 'UNKNOWN_FILTER'],
    ['fail/bad instant on the stream', `/audit/stream?from=now`, () => TEST_BOOTSTRAP_TOKEN, 400, 'INVALID_FILTER'],
  ])('%s', async (_, path, token, status, code) => {
    const call = request(app.getHttpServer()).get(path);
    const res = await (token() ? call.auth(token(), { type: 'bearer' }) : call);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
  });

  it('ok/a refusal to read the ledger is itself in the ledger', async () => {
    await get('/audit/verify', gateway).expect(403);
    await eventually(async () => {
      const found = await get(`/audit/events?type=api.refused&actor=person:gw-1`).expect(200);
      return (found.body.items as Item[]).some((i) => i.event.subject === '/audit/verify');
    });
  });

  it('ok/NDJSON and CSV exports hold the same rows, oldest first', async () => {
    const ndjson = await get(`/audit/events.ndjson?serial=${SERIAL}`)
      .expect(200)
      .expect('Content-Type', /ndjson/);
    const lines = ndjson.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Item);
    expect(lines.map((l) => l.event.id)).toEqual(ids(events));
    const csv = await get(`/audit/events.csv?serial=${SERIAL}&environment=production`)
      .expect(200)
      .expect('Content-Type', /text\/csv/);
    const rows = csv.text.trim().split('\r\n');
    expect(rows[0]).toMatch(/^sequence,ingestedAt,occurredAt,type/);
    expect(rows.slice(1).map((r) => r.split(',')[12])).toEqual(ids(events.slice(25)));
  });

  it('ok/the live stream resumes after Last-Event-ID and follows new events', async () => {
    await app.listen(0, '127.0.0.1');
    const all = (await get(`/audit/events.ndjson?serial=${SERIAL}`)).text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Item);
    const abort = new AbortController();
    const response = await fetch(`${await app.getUrl()}/audit/stream?serial=${SERIAL}`, {
      headers: { Authorization: `Bearer ${TEST_BOOTSTRAP_TOKEN}`, 'Last-Event-ID': String(all[19].sequence) },
      signal: abort.signal,
    });
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const later = [sample('logout', { refs: { serial: SERIAL } }), sample('logout', { refs: { serial: SERIAL } })];
    const received: { id: string; item: Item }[] = [];
    const reader = response.body!.getReader();
    let buffer = '';
    let published = false;
    while (received.length < 12) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += Buffer.from(value).toString('utf8');
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const id = /^id: (\d+)$/m.exec(frame)?.[1];
        const data = /^data: (.*)$/m.exec(frame)?.[1];
        if (id && data) received.push({ id, item: JSON.parse(data) as Item });
      }
      if (received.length >= 10 && !published) {
        published = true;
        await h.publishMany(later);
      }
    }
    abort.abort();
    expect(received.map((r) => r.item.event.id)).toEqual([...ids(events.slice(20)), ...ids(later)]);
    expect(received.map((r) => Number(r.id))).toEqual(received.map((r) => r.item.sequence));
  });

  it('ok/the page is served without data, with a strict content security policy', async () => {
    const res = await request(app.getHttpServer())
      .get('/')
      .expect(200)
      .expect('Content-Type', /text\/html/);
    expect(res.headers['content-security-policy']).toMatch(/default-src 'none'; script-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(res.text).toContain('Paspoort audit ledger');
    expect(res.text).toContain('location.hash');
  });
  it('ok/the checkpoint public keys are public: current key by keyId, raw Ed25519, no private material', async () => {
    const answer = await request(app.getHttpServer()).get('/audit/signing-keys').expect(200);
    const signer = new LedgerSigner(h.signingSeed);
    expect(answer.body).toEqual({
      keys: [{ keyId: signer.keyId, algorithm: 'Ed25519', publicKey: expect.any(String), status: 'current' }],
    });
    expect(Buffer.from(answer.body.keys[0].publicKey as string, 'base64')).toHaveLength(32);
    expect(JSON.stringify(answer.body)).not.toContain(h.signingSeed.toString('base64'));
  });
});
