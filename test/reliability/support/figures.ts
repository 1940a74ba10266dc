import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What a scenario proved, in the numbers the README's "Reliability" table reports. */
export interface ScenarioFigures {
  scenario: string;
  requestsSent: number;
  faultsInjected: number;
  eventsLost: number;
  duplicates: number;
  serverErrors: number;
  /** anything else worth reporting: counts, durations, throughput */
  details?: Record<string, number | string | boolean>;
}

const ARTIFACTS = join(__dirname, '..', '..', '..', 'test-artifacts', 'reliability');

/** Writes test-artifacts/reliability/<scenario>.json (the folder is not committed). */
export function recordFigures(figures: ScenarioFigures): void {
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, `${figures.scenario}.json`), `${JSON.stringify({ ...figures, recordedAt: new Date().toISOString() }, null, 2)}\n`);
}

/** Counts answers by status, to report requests sent and 5xx. */
export class StatusTally {
  readonly byStatus = new Map<number, number>();
  add(status: number): void {
    this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
  }
  get total(): number {
    return [...this.byStatus.values()].reduce((a, b) => a + b, 0);
  }
  get serverErrors(): number {
    return [...this.byStatus].filter(([status]) => status >= 500).reduce((sum, [, n]) => sum + n, 0);
  }
  summary(): Record<string, number> {
    return Object.fromEntries([...this.byStatus].sort(([a], [b]) => a - b).map(([status, n]) => [`status${status}`, n]));
  }
}
