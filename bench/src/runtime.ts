import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../scripts/lib/kafka-broker';
import type { Runtime } from './platform';

const SERVICES = ['issuer', 'authn', 'ip-registry', 'audit'];

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

function distFresh(): boolean {
  const mains = SERVICES.map((s) => join(ROOT, 'dist', 'apps', s, 'apps', s, 'src', 'main.js'));
  if (!mains.every((m) => existsSync(m))) return false;
  const builtAt = Math.min(...mains.map((m) => statSync(m).mtimeMs));
  return builtAt > Math.max(newestSource(join(ROOT, 'apps')), newestSource(join(ROOT, 'libs')));
}

/**
 * How the services run: the built dist (what `npm run up` runs; built here as `npm run up` would when stale) or,
 * for the tiny smoke run or when the build fails, the sources through the transpile-only hook.
 */
export function chooseRuntime(build: boolean): { runtime: Runtime; note?: string } {
  if (process.env.BENCH_RUNTIME === 'sources') return { runtime: 'sources' };
  if (distFresh()) return { runtime: 'dist' };
  if (!build) return { runtime: 'sources', note: 'dist is missing or stale; the services ran from sources (transpiled on load)' };
  process.stdout.write('[bench] building the services (npm run build)\n');
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.js')], { cwd: ROOT, stdio: 'inherit' });
  if (r.status === 0) return { runtime: 'dist' };
  return { runtime: 'sources', note: 'the build failed; the services ran from sources (transpiled on load)' };
}
