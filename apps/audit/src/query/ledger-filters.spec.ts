import { DomainError } from '@paspoort/service-kit';
import { csvCell } from './entry-format';
import { encodeCursor, parseLedgerQuery } from './ledger-filters';

describe('parseLedgerQuery', () => {
  it('ok/every filter, cursor and limit', () => {
    const q = parseLedgerQuery(
      {
        type: 'login.failed',
        personId: 'p-1',
        serial: '0a1b',
        organisationId: '01234567',
        environment: 'test',
        outcome: 'refused',
        actor: 'person:p-1',
        from: '2026-01-01T00:00:00Z',
        to: '2026-02-01T00:00:00.000+01:00',
        cursor: encodeCursor(42),
        limit: '10',
      },
      true,
    );
    expect(q).toMatchObject({ before: 42, limit: 10, filters: { type: 'login.failed', serial: '0a1b', outcome: 'refused' } });
    expect(q.filters.to?.toISOString()).toBe('2026-01-31T23:00:00.000Z');
  });

  it('ok/defaults', () => {
    expect(parseLedgerQuery({}, true)).toEqual({ filters: {}, before: undefined, limit: 100 });
  });

  it.each([
    ['fail/unknown filter', { kind: 'x' }, true, 'UNKNOWN_FILTER'],
    ['fail/cursor on an export', { cursor: encodeCursor(1) }, false, 'UNKNOWN_FILTER'],
    ['fail/repeated filter', { type: ['a', 'b'] }, true, 'INVALID_FILTER'],
    ['fail/unknown event type', { type: 'login.exploded' }, true, 'INVALID_FILTER'],
    ['fail/upper-case serial', { serial: '0A1B' }, true, 'INVALID_FILTER'],
    ['fail/odd serial', { serial: 'abc' }, true, 'INVALID_FILTER'],
    ['fail/unknown environment', { environment: 'prod' }, true, 'INVALID_FILTER'],
    ['fail/unknown outcome', { outcome: 'maybe' }, true, 'INVALID_FILTER'],
    ['fail/malformed actor', { actor: 'root' }, true, 'INVALID_FILTER'],
    ['fail/instant without zone', { from: '2026-01-01T00:00:00' }, true, 'INVALID_FILTER'],
    ['fail/not an instant', { to: 'yesterday' }, true, 'INVALID_FILTER'],
    ['fail/from after to', { from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }, true, 'INVALID_TIME_RANGE'],
    ['fail/forged cursor', { cursor: Buffer.from('s:-1').toString('base64url') }, true, 'INVALID_CURSOR'],
    ['fail/garbage cursor', { cursor: '!!' }, true, 'INVALID_CURSOR'],
    ['fail/limit zero', { limit: '0' }, true, 'INVALID_LIMIT'],
    ['fail/limit too large', { limit: '501' }, true, 'INVALID_LIMIT'],
    ['fail/limit not a number', { limit: '1e2' }, true, 'INVALID_LIMIT'],
  ])('%s', (_, query, paging, code) => {
    try {
      parseLedgerQuery(query as Record<string, unknown>, paging);
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe(code);
      expect((error as DomainError).status).toBe(400);
    }
  });
});

describe('csvCell', () => {
  it.each([
    ['ok/plain', 'abc', 'abc'],
    ['ok/quotes a comma', 'a,b', '"a,b"'],
    ['ok/doubles quotes', 'say "hi"', '"say ""hi"""'],
    ['ok/defuses a formula', '=HYPERLINK("x")', '"\'=HYPERLINK(""x"")"'],
  ])('%s', (_, value, expected) => expect(csvCell(value)).toBe(expected));
});
