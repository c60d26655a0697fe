export interface BrokerHandle {
  port: number;
  controllerPort: number;
  pid?: number;
  reused: boolean;
  startupMs?: number;
}
export function startBroker(o: {
  dir: string;
  port?: number;
  controllerPort?: number;
  readyTimeoutMs?: number;
  heapMb?: number;
}): Promise<BrokerHandle>;
export function stopBroker(o: { dir: string; graceMs?: number; signal?: NodeJS.Signals }): Promise<boolean>;
export function killBroker(o: { dir: string }): Promise<boolean>;
export function fetchJars(): void;
export function freePort(): Promise<number>;
export function portOpen(port: number, host?: string): Promise<boolean>;
export const ROOT: string;
