import { randomBytes } from 'node:crypto';
import { chainHash, GENESIS_HASH } from '../ledger/chain-hash';
import { LedgerSigner } from '../ledger/ledger-signer';
import { ChainWalk, type Checkpoint, type StoredRow } from './chain-walk';

const signer = new LedgerSigner(randomBytes(32));

/** Ten rows in appends of 3, 3, 4 (the last row of each append signed), checkpoint at 6. */
function ledger(): { rows: StoredRow[]; checkpoints: Checkpoint[] } {
  const rows: StoredRow[] = [];
  let hash = GENESIS_HASH;
  for (let sequence = 1; sequence <= 10; sequence++) {
    const event = JSON.stringify({ id: `e${sequence}`, n: sequence });
    hash = chainHash(hash, JSON.parse(event));
    rows.push({ sequence, event, hash, signature: [3, 6, 10].includes(sequence) ? signer.sign({ sequence, hash }).signature : null });
  }
  const six = rows[5];
  return { rows, checkpoints: [{ sequence: 6, hash: six.hash, ...signer.sign(six), origin: 'topic' }] };
}

function walk(rows: StoredRow[], checkpoints: Checkpoint[]) {
  const w = new ChainWalk(signer, checkpoints);
  for (const row of rows) if (!w.visit(row)) break;
  return w.finish();
}

function recompute(rows: StoredRow[], from: number): void {
  let hash = from === 0 ? GENESIS_HASH : rows[from - 1].hash;
  for (let i = from; i < rows.length; i++) {
    rows[i].sequence = i + 1;
    hash = chainHash(hash, JSON.parse(rows[i].event));
    rows[i].hash = hash;
  }
}

describe('ChainWalk', () => {
  it('ok/an untouched ledger verifies', () => {
    const { rows, checkpoints } = ledger();
    expect(walk(rows, checkpoints)).toMatchObject({ ok: true, checked: 10, firstBrokenSequence: null, checkpoints: 1 });
  });

  it('ok/an empty ledger verifies', () => {
    expect(walk([], [])).toMatchObject({ ok: true, checked: 0, firstBrokenSequence: null });
  });

  const cases: [string, (l: ReturnType<typeof ledger>) => void, number][] = [
    ['fail/an edited event', (l) => (l.rows[4].event = JSON.stringify({ id: 'e5', n: 500 })), 5],
    ['fail/a deleted row', (l) => l.rows.splice(4, 1), 5],
    [
      'fail/an inserted row with its chain recomputed',
      (l) => (l.rows.splice(7, 0, { ...l.rows[7], event: '{"id":"forged"}' }), recompute(l.rows, 7)),
      7,
    ],
    [
      'fail/a forged row appended after the head',
      (l) => (l.rows.push({ sequence: 11, event: '{"id":"x"}', hash: '', signature: null }), recompute(l.rows, 10)),
      11,
    ],
    ['fail/the newest rows truncated below a checkpoint', (l) => l.rows.splice(3), 4],
    ['fail/an edit with the whole chain recomputed', (l) => ((l.rows[1].event = '{"id":"e2","n":0}'), recompute(l.rows, 1)), 1],
    [
      'fail/a forged checkpoint',
      (l) => l.checkpoints.push({ sequence: 3, hash: l.rows[2].hash, signature: 'AAAA', keyId: signer.keyId, origin: 'database' }),
      3,
    ],
  ];
  it.each(cases)('%s', (_, tamper, firstBroken) => {
    const l = ledger();
    tamper(l);
    const report = walk(l.rows, l.checkpoints);
    expect(report.ok).toBe(false);
    expect(report.firstBrokenSequence).toBe(firstBroken);
  });

  it('fail/a truncation down to a signed row is found through the published checkpoint', () => {
    const l = ledger();
    l.rows.splice(3);
    expect(walk(l.rows, l.checkpoints)).toMatchObject({ ok: false, firstBrokenSequence: 4 });
    expect(walk(l.rows, [])).toMatchObject({ ok: true });
  });
});
