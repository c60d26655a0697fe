import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const FILE = join(__dirname, '..', '..', '..', 'test-artifacts', 'fault-figures.json');

/** Keeps a fault test's measured figures (test-artifacts/fault-figures.json, git-ignored) for docs/invariants.md. */
export function recordFigure(name: string, figures: Record<string, number | string>): void {
  mkdirSync(join(FILE, '..'), { recursive: true });
  let all: Record<string, unknown> = {};
  try {
    all = JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, unknown>;
  } catch {
    all = {};
  }
  all[name] = { ...figures, measuredAt: new Date().toISOString() };
  writeFileSync(FILE, `${JSON.stringify(all, null, 2)}\n`);
  console.log(`[fault figures] ${name}: ${JSON.stringify(figures)}`);
}
