import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** Starts a service's real main.ts in a child process with the given environment (no build needed). */
function startWith(app: string, env: Record<string, string>) {
  return spawnSync(process.execPath, ['-r', join(ROOT, 'scripts/lib/ts-register.js'), join(ROOT, `apps/${app}/src/main.ts`)], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 60000,
  });
}

describe('a service started with a bad config', () => {
  it.each([
    [
      'audit',
      { PASPOORT_BOOTSTRAP_TOKEN: 'too-short', PASPOORT_AUDIT_PORT: 'eighty' },
      ['PASPOORT_BOOTSTRAP_TOKEN', 'PASPOORT_AUDIT_PORT', 'PASPOORT_AUDIT_SIGNING_KEY'],
    ],
    ['ip-registry', { DATABASE_URL: 'mysql://nope', PASPOORT_IP_MIN_PREFIX_V4: '99' }, ['DATABASE_URL', 'PASPOORT_IP_MIN_PREFIX_V4']],
  ])('fail/%s exits non-zero naming every bad setting', (app, env, named) => {
    const result = startWith(app, env);
    expect(result.status).toBe(1);
    for (const name of named) expect(result.stderr).toContain(name);
    expect(result.stderr).toContain('invalid configuration');
  });
});
