import net from 'node:net';

/**
 * A TCP proxy for outage tests, put in front of Postgres or a broker: `cut()` drops every connection and refuses
 * new ones, `delay(ms)` slows each chunk, `restore()` brings it back. Only the test that made it is affected.
 */
export class TcpFaultProxy {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private isCut = false;
  private delayMs = 0;
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(): Promise<number> {
    this.server = net.createServer((client) => this.accept(client));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
    return this.port;
  }

  cut(): void {
    this.isCut = true;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  restore(): void {
    this.isCut = false;
    this.delayMs = 0;
  }

  delay(ms: number): void {
    this.delayMs = ms;
  }

  async stop(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private accept(client: net.Socket): void {
    if (this.isCut) {
      client.destroy();
      return;
    }
    const upstream = net.connect(this.targetPort, this.targetHost);
    this.sockets.add(client).add(upstream);
    const pipe = (from: net.Socket, to: net.Socket) =>
      from.on('data', (chunk) => {
        if (this.delayMs > 0) {
          from.pause();
          setTimeout(() => (to.write(chunk), from.resume()), this.delayMs);
        } else to.write(chunk);
      });
    pipe(client, upstream);
    pipe(upstream, client);
    const close = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('close', close).on('error', close);
    upstream.on('close', close).on('error', close);
  }
}
