import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';

const ROOT = join(__dirname, '..');

export interface Summary {
  runs: number;
  median: number;
  min: number;
  max: number;
}

export function summarise(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { runs: sorted.length, median, min: sorted[0], max: sorted[sorted.length - 1] };
}

export function machine(): Record<string, string | number> {
  return { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30) };
}

/** The code measured: the commit and how many files differ from it. */
export function gitState(): { head: string; uncommittedFiles: number } | null {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
    return { head: git('rev-parse', '--short', 'HEAD'), uncommittedFiles: git('status', '--porcelain').split('\n').filter(Boolean).length };
  } catch {
    return null;
  }
}

/** The server's versions, for the results. */
export async function versions(databaseUrl: string): Promise<Record<string, string>> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return { node: process.version, postgres: rows[0].server_version };
  } finally {
    await client.end();
  }
}

/**
 * Where `report()` writes: bench/results/ (the committed results `npm run bench:page` reads), or
 * BENCH_RESULTS_DIR when set (`npm run bench:smoke` sets it, so that its tiny figures never overwrite a real run's).
 */
function resultsDir(): string {
  const dir = process.env.BENCH_RESULTS_DIR;
  return dir ? resolve(dir) : join(__dirname, 'results');
}

/** Writes <resultsDir()>/<name>.json and prints the rows as a table. */
export function report(name: string, rows: Record<string, string | number>[], extra: Record<string, unknown> = {}): void {
  const dir = resultsDir();
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.json`), `${JSON.stringify({ name, at: new Date().toISOString(), machine: machine(), rows, ...extra }, null, 2)}\n`);
  console.table(rows);
}

export const ms = (value: number): string => `${value.toFixed(1)} ms`;

export const round1 = (value: number): number => Math.round(value * 10) / 10;
export const round2 = (value: number): number => Math.round(value * 100) / 100;

export function shuffled<T>(items: T[], seed = 42): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i -= 1) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
