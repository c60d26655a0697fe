import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, killBroker, ROOT, startBroker, stopBroker } from '../../../scripts/lib/kafka-broker';

/** A broker of one test's own, for outage tests: stop, kill and restart it; its data survives a restart. */
export class PrivateBroker {
  private readonly dir = join(ROOT, '.kafka', `private-${process.pid}-${randomBytes(3).toString('hex')}`);
  port = 0;
  private controllerPort = 0;

  get brokers(): string[] {
    return [`127.0.0.1:${this.port}`];
  }

  async start(): Promise<void> {
    if (!this.port) {
      this.port = await freePort();
      this.controllerPort = await freePort();
    }
    await startBroker({ dir: this.dir, port: this.port, controllerPort: this.controllerPort, heapMb: 384 });
  }

  async stop(): Promise<void> {
    await stopBroker({ dir: this.dir, graceMs: 10000 });
  }

  async kill(): Promise<void> {
    await killBroker({ dir: this.dir });
  }

  async destroy(): Promise<void> {
    await stopBroker({ dir: this.dir, graceMs: 3000 });
    rmSync(this.dir, { recursive: true, force: true });
  }
}
