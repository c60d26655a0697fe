import { EnvReader, readCommonConfig, type CommonConfig } from '@paspoort/service-kit';

/** Settings of the ledger writer, checkpoints and readers. */
export interface LedgerSettings {
  /** Ed25519 seed (32 bytes) of the audit service's checkpoint key; never logged. */
  signingSeed: Buffer;
  /** Raw Ed25519 public keys (32 bytes each) of signing keys retired by a rotation: they still verify old heads. */
  retiredPublicKeys: Buffer[];
  /** Sign and publish the head after this many new events... */
  checkpointEvery: number;
  /** ...or after this many seconds when the head moved. */
  checkpointSeconds: number;
  /** Most events appended in one database transaction. */
  ingestBatch: number;
  /** How often the live stream looks for new rows. */
  streamPollMs: number;
}

/** The audit service's whole configuration, read and validated once at boot (the only place that reads env). */
export interface AuditConfig {
  common: CommonConfig;
  ledger: LedgerSettings;
}

export const AUDIT_CONFIG = Symbol('AUDIT_CONFIG');

export function loadAuditConfig(env: NodeJS.ProcessEnv = process.env): AuditConfig {
  const r = new EnvReader(env);
  const common = readCommonConfig(r, 'audit');
  const ledger: LedgerSettings = {
    signingSeed: r.key32('PASPOORT_AUDIT_SIGNING_KEY', true) ?? Buffer.alloc(32),
    retiredPublicKeys: retiredPublicKeys(r),
    checkpointEvery: r.int('PASPOORT_AUDIT_CHECKPOINT_EVERY', 1000, 1, 10_000_000),
    checkpointSeconds: r.int('PASPOORT_AUDIT_CHECKPOINT_SECONDS', 60, 1, 86_400),
    ingestBatch: r.int('PASPOORT_AUDIT_INGEST_BATCH', 1000, 1, 10_000),
    streamPollMs: r.int('PASPOORT_AUDIT_STREAM_POLL_MS', 500, 50, 60_000),
  };
  r.done();
  return { common, ledger };
}

/** `PASPOORT_AUDIT_RETIRED_PUBLIC_KEYS`: comma-separated 32-byte Ed25519 public keys, base64 or hex. */
function retiredPublicKeys(r: EnvReader): Buffer[] {
  return r.list('PASPOORT_AUDIT_RETIRED_PUBLIC_KEYS', []).map((text, i) => {
    const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
    r.check(key.length === 32, `PASPOORT_AUDIT_RETIRED_PUBLIC_KEYS entry ${i + 1} must be a 32-byte Ed25519 public key, base64 or hex`);
    return key;
  });
}
