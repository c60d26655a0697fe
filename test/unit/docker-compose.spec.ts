import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadAuditConfig } from '../../apps/audit/src/config/audit.config';
import { loadAuthnConfig } from '../../apps/authn/src/config/authn.config';
import { loadIpRegistryConfig } from '../../apps/ip-registry/src/config/ip-registry.config';
import { loadIssuerConfig } from '../../apps/issuer/src/config/issuer.config';

type ComposeService = { environment?: Record<string, unknown>; ports?: string[] };
const compose = parse(readFileSync(join(__dirname, '..', '..', 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};

const key = Buffer.alloc(32, 7).toString('base64');
const FULL_ENV: Record<string, string> = {
  PASPOORT_BOOTSTRAP_TOKEN: 'x'.repeat(40),
  PASPOORT_CA_KEK: key,
  PASPOORT_TOTP_KEK: key,
  PASPOORT_TOKEN_KEK: key,
  PASPOORT_AUDIT_SIGNING_KEY: key,
  PASPOORT_TLS_CERT_FILE: '/tmp/c',
  PASPOORT_TLS_KEY_FILE: '/tmp/k',
};

/** The variables a service's config reads and the port it listens on, found by running its config loader. */
function configSchema(load: (env: NodeJS.ProcessEnv) => { common: { port: number } }) {
  const read = new Set<string>();
  const env = new Proxy({ ...FULL_ENV } as NodeJS.ProcessEnv, { get: (target, name: string) => (read.add(name), target[name]) });
  const config = load(env);
  return { read, port: config.common.port };
}

const SERVICES = { issuer: loadIssuerConfig, authn: loadAuthnConfig, 'ip-registry': loadIpRegistryConfig, audit: loadAuditConfig };

describe('docker-compose.yml matches the services', () => {
  it.each(Object.entries(SERVICES))('ok/%s: every variable it sets is one the service reads, and its port is published', (name, load) => {
    const service = compose.services[name];
    expect(service).toBeDefined();
    const { read, port } = configSchema(load);
    const unknown = Object.keys(service.environment ?? {}).filter((v) => v !== 'SERVICE' && !read.has(v));
    expect(unknown).toEqual([]);
    expect(service.ports).toContain(`${port}:${port}`);
    for (const secret of Object.keys(FULL_ENV).filter((s) => read.has(s) && !s.startsWith('PASPOORT_TLS'))) {
      expect(Object.keys(service.environment ?? {})).toContain(secret);
    }
  });

  it('ok/Kafka is the official image of the same 3.9 line, with auto-creation off', () => {
    const kafka = compose.services.kafka as ComposeService & { image: string };
    expect(kafka.image).toMatch(/^apache\/kafka:3\.9\./);
    expect(kafka.environment?.KAFKA_AUTO_CREATE_TOPICS_ENABLE).toBe('false');
    expect(readFileSync(join(__dirname, '..', '..', 'infra', 'kafka', 'pom.xml'), 'utf8')).toContain(
      `<kafka.version>${kafka.image.split(':')[1]}</kafka.version>`,
    );
  });
});
