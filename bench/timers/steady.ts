import { MAX_QUEUED_TIMERS } from '@duban/clock';
import { cpuSnapshot, cpuUse, percentile, sleep } from '../timers-support';
import { cpuGroups, Sampler, type Samples } from './observations';
import { CLOCK_STEP_MS, CORES, SECONDS, STEADY_POLL_MS } from './settings';
import { clockNow, insertTimers, type Setup, vacuum, verify } from './timer-rows';

/** The steady phase (see bench/timers.bench.ts): `rate` timers a second coming due while the simulated clock follows real time. */
export interface SteadyResult {
  run: number;
  rate: number;
  timers: number;
  fired: number;
  allApplied: boolean;
  /** poll-observed: first poll that saw the row fired − real time of its due_at */
  lateness: { p50: number; p99: number; max: number };
  /** the simulated fired_at (the worker's clock at job start) − due_at; a lower bound */
  firedAtLateness: { p50: number; p99: number; max: number };
  insertMsMax: number;
  cpuCores: Record<string, number> | null;
  samples: Samples;
}

export async function steady(s: Setup, run: number, rate: number, expectedThroughput: number): Promise<SteadyResult> {
  const tag = `steady-${rate}-${run}`;
  await vacuum(s.pool);
  const simOrigin = (await clockNow(s.pool)).getTime();
  const sampler = new Sampler(s.redis, s.queue, s.pool);
  await sampler.start();
  const realOrigin = Date.now();
  const simAt = (real: number) => new Date(simOrigin + (real - realOrigin));
  const cpuFrom = cpuSnapshot();

  let clockRunning = true;
  const clock = (async () => {
    // simulated time follows real time from the origin, written every 100 ms (forward only)
    for (let k = 1; clockRunning; k += 1) {
      await sleep(realOrigin + k * CLOCK_STEP_MS - Date.now());
      await s.pool.query('UPDATE clock_state SET now = greatest(now, $1), updated_at = now() WHERE id = 1', [simAt(Date.now())]);
    }
  })();

  const pending = new Map<string, number>();
  const lateness: number[] = [];
  let inserting = true;
  let insertMsMax = 0;
  const inserter = (async () => {
    try {
      for (let second = 0; second < SECONDS; second += 1) {
        await sleep(realOrigin + second * 1_000 - Date.now());
        const began = Date.now();
        // due 100 ms after now and then every 1000/RATE ms, through the coming second
        const rows = await insertTimers(s.pool, s, tag, rate, new Date(simAt(began).getTime() + 100), 1_000 / rate);
        insertMsMax = Math.max(insertMsMax, Date.now() - began);
        for (const row of rows) pending.set(row.id, realOrigin + (row.due_ms - simOrigin));
      }
    } finally {
      inserting = false;
    }
  })();
  const poller = (async () => {
    // an overloaded run drains its backlog at the burst's pace; give it that long and half again
    const deadline = realOrigin + SECONDS * 1_000 + Math.max(60_000, (1.5 * rate * SECONDS * 1_000) / expectedThroughput);
    for (let k = 1; (inserting || pending.size > 0) && Date.now() < deadline; k += 1) {
      await sleep(realOrigin + k * STEADY_POLL_MS - Date.now());
      if (pending.size === 0) continue;
      const polled = Date.now();
      // timers are claimed in due order and at most MAX_QUEUED_TIMERS wait, so the oldest pending ones are the only candidates
      const oldest: string[] = [];
      for (const id of pending.keys()) {
        if (oldest.length >= 2 * MAX_QUEUED_TIMERS) break;
        oldest.push(id);
      }
      const { rows } = await s.pool.query<{ id: string }>(`SELECT id::text FROM timers WHERE id = ANY($1::bigint[]) AND state = 'fired'`, [oldest]);
      for (const { id } of rows) {
        lateness.push(polled - (pending.get(id) as number));
        pending.delete(id);
      }
    }
  })();
  await Promise.all([inserter, poller]);
  const cpuTo = cpuSnapshot();
  const groups = await cpuGroups(s.pool, s.workers);
  clockRunning = false;
  await clock;
  const samples = await sampler.stop();

  const timers = rate * SECONDS;
  const checked = await verify(s.pool, tag);
  const { rows: firedAt } = await s.pool.query<{ ms: number }>(
    `SELECT (extract(epoch FROM fired_at - due_at) * 1000)::float8 AS ms FROM timers WHERE payload->>'bench' = $1 AND state = 'fired' ORDER BY 1`,
    [tag],
  );
  const sorted = [...lateness].sort((a, b) => a - b);
  const firedAtSorted = firedAt.map((row) => row.ms);
  return {
    run,
    rate,
    timers,
    fired: lateness.length,
    allApplied: checked.fired === timers && checked.applied === timers && checked.notices === checked.expected_notices && lateness.length === timers,
    lateness: { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted[sorted.length - 1] ?? Number.NaN },
    firedAtLateness: { p50: percentile(firedAtSorted, 0.5), p99: percentile(firedAtSorted, 0.99), max: firedAtSorted[firedAtSorted.length - 1] ?? Number.NaN },
    insertMsMax,
    cpuCores: cpuUse(cpuFrom, cpuTo, groups, CORES),
    samples,
  };
}
