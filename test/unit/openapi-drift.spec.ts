/**
 * The committed OpenAPI documents (docs/openapi) are what the services serve at /docs: rebuilt here in Nest's
 * preview mode (no Postgres, no Kafka) and compared byte for byte.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OPENAPI_FILES, renderOpenApiFiles } from '../../scripts/lib/openapi-files';

const ROOT = join(__dirname, '..', '..');
const committed = (file: string) => (existsSync(join(ROOT, file)) ? readFileSync(join(ROOT, file), 'utf8') : '(no such file)');

describe('OpenAPI documents', () => {
  let rendered: Record<string, string>;
  beforeAll(async () => {
    rendered = await renderOpenApiFiles();
  });

  it.each(OPENAPI_FILES)('ok/the committed %s matches the code (run npm run openapi:generate)', (file) => {
    expect(committed(file)).toBe(rendered[file]);
  });

  it('ok/docs/openapi holds a file for each service and no other (run npm run openapi:generate)', () => {
    const present = readdirSync(join(ROOT, 'docs', 'openapi')).map((name) => `docs/openapi/${name}`);
    expect(present.sort()).toEqual([...OPENAPI_FILES].sort());
  });

  // Guards against a document that builds but is empty (a module whose controllers preview mode did not see).
  const operations: [string, string, string][] = [
    ['issuer', 'post', '/certificates'],
    ['issuer', 'post', '/certificates/{serial}/revoke'],
    ['issuer', 'post', '/ocsp/{environment}'],
    ['authn', 'post', '/access/check'],
    ['authn', 'put', '/grants'],
    ['ip-registry', 'put', '/enforcement/{environment}'],
    ['ip-registry', 'post', '/certificates/{serial}/ip-registrations'],
    ['audit', 'get', '/audit/events'],
  ];
  it.each(operations)('ok/the %s document has %s %s with a tag', (service, method, path) => {
    const document = JSON.parse(rendered[`docs/openapi/${service}.json`]) as {
      paths: Record<string, Record<string, { tags?: string[] }>>;
    };
    expect(document.paths[path]?.[method]?.tags?.length).toBeGreaterThan(0);
  });
});
