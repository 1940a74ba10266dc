import { summarise } from '../bench-support';
import { cpuSnapshot, cpuUse, sleep } from '../timers-support';
import { cpuGroups, Sampler, type Samples } from './observations';
import { BURST, BURST_POLL_MS, CORES } from './settings';
import { clockNow, insertTimers, reminderEvents, type Setup, vacuum, verify } from './timer-rows';

/** The burst phase (see bench/timers.bench.ts): BURST timers due at once, polled until every one has fired. */
export interface BurstResult {
  run: number;
  timers: number;
  totalMs: number;
  throughput: number;
  /** timers/s between 10 % and 90 % fired */
  midThroughput: number;
  /** timers/s over the first and the last fifth of the burst (a slowdown as the burst goes on shows here) */
  firstFifthThroughput: number;
  lastFifthThroughput: number;
  firstFireMs: number;
  p50Ms: number;
  p99Ms: number;
  perSecond: { min: number; median: number; max: number };
  reclaimed: number;
  allApplied: boolean;
  cpuCores: Record<string, number> | null;
  samples: Samples;
  timeline: [number, number][];
}

export async function burst(s: Setup, run: number): Promise<BurstResult> {
  const tag = `burst-${run}`;
  await vacuum(s.pool);
  const now = await clockNow(s.pool);
  const eventsBefore = await reminderEvents(s.pool);
  const { rows: base } = await s.pool.query<{ n: number }>(`SELECT coalesce(max(id), 0)::int AS n FROM task_events`);
  const eventsBaseId = base[0].n;
  const sampler = new Sampler(s.redis, s.queue, s.pool);
  await sampler.start();
  const cpuFrom = cpuSnapshot();
  // all due within the minute before the simulated now, committed at once: the burst starts at the commit
  await insertTimers(s.pool, s, tag, BURST, new Date(now.getTime() - 60_000), 60_000 / BURST);
  const started = Date.now();
  const timeline: [number, number][] = [[0, 0]];
  const deadline = started + Math.max(300_000, BURST * 20);
  // every fire appends exactly one task_events row and nothing else does meanwhile, so the highest event
  // id counts fired timers at the cost of one index probe (it runs ahead by the ≤ 16 transactions in flight);
  // the exact count of unfired due timers (an index scan over all of them) only once 95 % are past
  let exact = false;
  for (let k = 1; ; k += 1) {
    await sleep(started + k * BURST_POLL_MS - Date.now());
    const at = Date.now() - started;
    if (!exact) {
      const { rows } = await s.pool.query<{ n: number }>(`SELECT coalesce(max(id), 0)::int AS n FROM task_events`);
      const fired = Math.min(BURST, rows[0].n - eventsBaseId);
      timeline.push([at, fired]);
      exact = fired >= 0.95 * BURST;
    } else {
      const { rows } = await s.pool.query<{ n: number }>(
        `SELECT (SELECT count(*) FROM timers WHERE state = 'pending' AND due_at <= $1)::int + (SELECT count(*) FROM timers WHERE state = 'claimed' AND due_at <= $1)::int AS n`,
        [now],
      );
      timeline.push([at, BURST - rows[0].n]);
      if (rows[0].n === 0) break;
    }
    if (Date.now() > deadline) throw new Error(`burst ${run}: not every one of ${BURST} timers fired after ${Math.round(at / 1_000)} s`);
  }
  const cpuTo = cpuSnapshot();
  const groups = await cpuGroups(s.pool, s.workers);
  await sleep(2_000); // the last jobs' completion and the tick settle in Redis
  const samples = await sampler.stop();
  const checked = await verify(s.pool, tag);
  const eventsAfter = await reminderEvents(s.pool);
  const allApplied =
    checked.fired === BURST &&
    checked.applied === BURST &&
    checked.notices === checked.expected_notices &&
    checked.noticed_timers === BURST &&
    eventsAfter - eventsBefore === BURST;
  if (!allApplied) console.error(`burst ${run}: not every timer was applied exactly once`, { ...checked, reminderEvents: eventsAfter - eventsBefore });
  const firstAt = (share: number) => timeline.find(([, fired]) => fired >= Math.ceil(share * BURST))?.[0] ?? Number.NaN;
  const totalMs = timeline[timeline.length - 1][0];
  // completions per whole second after the first fire and before the last second
  const perSecond: number[] = [];
  const first = firstAt(1 / BURST);
  for (let second = Math.ceil(first / 1_000); (second + 1) * 1_000 <= totalMs; second += 1) {
    const firedBy = (ms: number) => timeline.filter(([at]) => at <= ms).pop()?.[1] ?? 0;
    perSecond.push(firedBy((second + 1) * 1_000) - firedBy(second * 1_000));
  }
  const perSecondSummary = perSecond.length > 0 ? summarise(perSecond) : { min: Number.NaN, median: Number.NaN, max: Number.NaN };
  return {
    run,
    timers: BURST,
    totalMs,
    throughput: BURST / (totalMs / 1_000),
    midThroughput: (0.8 * BURST) / ((firstAt(0.9) - firstAt(0.1)) / 1_000),
    firstFifthThroughput: (0.2 * BURST) / ((firstAt(0.2) - first) / 1_000),
    lastFifthThroughput: (0.2 * BURST) / ((totalMs - firstAt(0.8)) / 1_000),
    firstFireMs: first,
    p50Ms: firstAt(0.5),
    p99Ms: firstAt(0.99),
    perSecond: { min: perSecondSummary.min, median: perSecondSummary.median, max: perSecondSummary.max },
    reclaimed: checked.reclaimed,
    allApplied,
    cpuCores: cpuUse(cpuFrom, cpuTo, groups, CORES),
    samples,
    timeline,
  };
}
