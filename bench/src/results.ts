import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';

/** The physical (or anchor) figure a measured value is compared with. */
export interface Limit {
  name: string;
  value: number;
  unit: string;
}

/** One measured figure, beside the limit measured in the same run; `ratio` is value / limit. */
export interface Metric {
  name: string;
  value: number;
  unit: string;
  limit: Limit | null;
  ratio: number | null;
  parameters: Record<string, unknown>;
}

/** Collects the metrics of one run, in the order they were measured. */
export class Results {
  readonly metrics: Metric[] = [];
  readonly notes: string[] = [];

  add(name: string, value: number, unit: string, limit: Limit | null, parameters: Record<string, unknown> = {}): Metric {
    const metric: Metric = {
      name,
      value: round(value),
      unit,
      limit,
      ratio: limit && limit.value > 0 ? Number((value / limit.value).toPrecision(3)) : null,
      parameters,
    };
    this.metrics.push(metric);
    process.stdout.write(
      `[bench] ${name}: ${format(metric.value)} ${unit}${limit ? ` (limit ${limit.name}: ${format(limit.value)} ${limit.unit})` : ''}\n`,
    );
    return metric;
  }

  note(text: string): void {
    this.notes.push(text);
    process.stdout.write(`[bench] note: ${text}\n`);
  }

  write(file: string, run: Record<string, unknown>): void {
    const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version, platform: process.platform };
    writeFileSync(file, `${JSON.stringify({ run: { ...run, machine }, metrics: this.metrics, notes: this.notes }, null, 2)}\n`);
  }

  /** The table printed at the end and pasted into the README. */
  table(): string {
    const rows = this.metrics.map((m) => [
      m.name,
      `${format(m.value)} ${m.unit}`,
      m.limit ? `${m.limit.name}: ${format(m.limit.value)} ${m.limit.unit}` : '—',
      m.ratio === null ? '—' : formatRatio(m.ratio),
    ]);
    const header = ['metric', 'value', 'compared with', 'ratio'];
    const lines = [header, header.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`);
    return lines.join('\n');
  }
}

export function round(value: number, digits = 2): number {
  if (!Number.isFinite(value)) return value;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function format(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  return String(round(value, 2));
}

function formatRatio(ratio: number): string {
  if (ratio >= 0.01) return `${round(ratio, 2)}×`;
  return `${ratio.toExponential(1).replace(/e([+-]\d+)/, '×10^$1')}×`;
}
