/**
 * Loads every runtime dependency under jest on this Node version, so a package that jest cannot load
 * (an ESM-only release, say) fails here at once instead of deep inside an integration test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

describe('runtime dependencies', () => {
  it.each(Object.keys(pkg.dependencies))('ok/%s loads under jest', (name) => {
    expect(() => require(name)).not.toThrow();
  });

  it('ok/every @nestjs package is on major 11', () => {
    for (const [name, version] of Object.entries(pkg.dependencies)) {
      if (name.startsWith('@nestjs/')) expect(version).toMatch(/^11\./);
    }
  });
});
