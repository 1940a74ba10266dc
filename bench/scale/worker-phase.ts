import type { Client } from 'pg';
import type { AppProcess } from '../app-process';
import { summarise } from '../bench-support';
import { combineCpu, measureCpu, scaleRow } from './rows';
import { type BurstResult, timerBurst } from './timer-burst';

/**
 * The timers phase of bench:scale with `workers` running: a warm-up burst of a tenth, then `runs`
 * bursts of `timers`, each checked against the audit trail. One row: medians of the runs, the counts
 * summed over them.
 */
export async function measureTimers(
  db: Client,
  workers: AppProcess[],
  taskIds: string[],
  timers: number,
  runs: number,
): Promise<{ rows: Record<string, string | number>[]; raw: unknown[] }> {
  const label = `${workers.length} worker${workers.length === 1 ? '' : 's'}`;
  await timerBurst(db, taskIds, Math.max(100, Math.floor(timers / 10)), `scale-warmup-${workers.length}`);
  const done: { burst: BurstResult; cpu: Awaited<ReturnType<typeof measureCpu>>['cpu'] }[] = [];
  for (let run = 0; run < runs; run += 1) {
    const { result: burst, cpu } = await measureCpu(
      db,
      () => timerBurst(db, taskIds, timers, `scale-${workers.length}-${run + 1}`),
      () => ({ worker: workers.map((worker) => worker.pid) }),
    );
    done.push({ burst, cpu });
    console.log(
      `  ${label}, run ${run + 1}: ${timers} timers in ${burst.seconds.toFixed(1)} s (${burst.perSecond.toFixed(0)}/s), fired ${burst.fired}, applied ${burst.applied}, REMINDER events ${burst.reminderEvents}, notices ${burst.notices}/${burst.expectedNotices}${burst.exactlyOnce ? '' : ' — NOT EXACTLY ONCE'}`,
    );
  }
  const median = (pick: (burst: BurstResult) => number) => summarise(done.map((d) => pick(d.burst))).median;
  const row = scaleRow({
    what: 'timers',
    processes: label,
    count: workers.length,
    perSecond: median((b) => b.perSecond),
    p50: median((b) => b.p50),
    p99: median((b) => b.p99),
    sent: timers * runs,
    done: done.reduce((sum, d) => sum + d.burst.applied, 0),
    audited: done.reduce((sum, d) => sum + d.burst.reminderEvents, 0),
    exactlyOnce: done.every((d) => d.burst.exactlyOnce),
    ops: timers * runs,
    cpu: combineCpu(done.map((d) => d.cpu)),
    app: 'worker',
  });
  return { rows: [row], raw: [{ what: 'timers', processes: label, runs: done }] };
}
