import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { gitState, report, round1, round2, summarise, versions } from './bench-support';
import { datasetUrl, scaleFromEnv } from './dataset/scale';
import { type LoadResult, sqlLoad } from './load-drivers';
import { loadSettings, positiveInt } from './settings';

/**
 * `npm run bench:floor`: what latency this machine gives a request by its CPU cost alone, the api left out. Clients
 * (BENCH_FLOOR_CLIENTS, 8: the latency goals' clients) run back to back a statement that only spends CPU in PostgreSQL
 * (`count(*)` over a `generate_series` sized to a cost), one cost after another (BENCH_FLOOR_COSTS, in µs). A
 * benchmark's p99 can be no better than the floor's at its own CPU per request (its api's, PostgreSQL's and its load
 * generator's together; the floor's own, load generator included, is `machine CPU ms/req`): the floor says which goals
 * of the table in docs/benchmarks.md this machine can meet at all.
 * No dataset: it runs in the server's `postgres` database.
 */
const COSTS_US = (process.env.BENCH_FLOOR_COSTS ?? '0,250,500,1000,2000,4000').split(',').map((part) => {
  const parsed = Number(part);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`BENCH_FLOOR_COSTS=${process.env.BENCH_FLOOR_COSTS}: expected µs, comma-separated`);
  return parsed;
});
const SPIN = 'SELECT count(*) FROM generate_series(1, $1::int)';
const CALIBRATION_ROWS = 200_000;

/**
 * The whole machine's CPU time so far (ms; /proc/stat's first line, Linux): busy (user, nice, system, irq, softirq) — the
 * backends', which end with their connections after each run, and the load generator's alike — and stolen by the host.
 */
function machineCpuMs(): { busy: number; steal: number } {
  const [, user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  return { busy: (user + nice + system + irq + softirq) * 10, steal: steal * 10 };
}

/** Rows of `generate_series` a millisecond of one backend counts, timed alone (the fastest of five rounds of 10). */
async function rowsPerMs(databaseUrl: string): Promise<number> {
  const client = new Client({ connectionString: databaseUrl, options: '-c jit=off' });
  await client.connect();
  try {
    let best = Number.POSITIVE_INFINITY;
    for (let round = 0; round < 5; round++) {
      const begun = performance.now();
      for (let i = 0; i < 10; i++) await client.query(SPIN, [CALIBRATION_ROWS]);
      best = Math.min(best, (performance.now() - begun) / 10);
    }
    return CALIBRATION_ROWS / best;
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const url = new URL(datasetUrl(scaleFromEnv()));
  url.pathname = '/postgres';
  const databaseUrl = url.toString();
  const clients = positiveInt('BENCH_FLOOR_CLIENTS', 8);
  const { runs, seconds, warmupSeconds } = loadSettings();
  const perMs = await rowsPerMs(databaseUrl);
  console.log(`floor: ${Math.round(perMs)} rows of generate_series a millisecond of one backend`);
  const rows: Record<string, string | number>[] = [];
  for (const costUs of COSTS_US) {
    const spin = Math.max(1, Math.round((perMs * costUs) / 1_000));
    const work = (client: Client) => client.query(costUs === 0 ? 'SELECT 1' : SPIN, costUs === 0 ? [] : [spin]).then(() => undefined);
    await sqlLoad(databaseUrl, clients, warmupSeconds, work);
    const results: (LoadResult & { cpuMs: number; stealMs: number })[] = [];
    for (let run = 0; run < runs; run++) {
      const before = machineCpuMs();
      const result = await sqlLoad(databaseUrl, clients, seconds, work);
      const after = machineCpuMs();
      const requests = Math.max(1, result.requests);
      results.push({ ...result, cpuMs: (after.busy - before.busy) / requests, stealMs: (after.steal - before.steal) / requests });
      console.log(`  ${costUs} µs, run ${run + 1}: ${Math.round(result.perSecond)}/s p50 ${result.p50.toFixed(1)} p99 ${result.p99.toFixed(1)} ms`);
    }
    const p99 = summarise(results.map((result) => round1(result.p99)));
    rows.push({
      'statement CPU ms (alone)': costUs / 1_000,
      'machine CPU ms/req': round2(summarise(results.map((result) => result.cpuMs)).median),
      'stolen ms/req': round2(summarise(results.map((result) => result.stealMs)).median),
      clients,
      'req/s': Math.round(summarise(results.map((result) => result.perSecond)).median),
      'p50 ms': round1(summarise(results.map((result) => result.p50)).median),
      'p99 ms': p99.median,
      'p99 spread': `${p99.min}–${p99.max}`,
      'p99 ≤ 10 ms': p99.median <= 10 ? 'yes' : 'no',
      'p99 ≤ 20 ms': p99.median <= 20 ? 'yes' : 'no',
    });
  }
  report('floor', rows, { git: gitState(), versions: await versions(databaseUrl), rowsPerMs: Math.round(perMs) });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
