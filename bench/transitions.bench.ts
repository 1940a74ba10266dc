import 'reflect-metadata';
import { Client } from 'pg';
import { appEnv, buildOnce, dropRedisPrefix, startApp } from './app-process';
import { gitState, report, round1, round2, summarise, versions } from './bench-support';
import { httpLoad, sqlLoad } from './load-drivers';
import { intList, loadSettings, positiveInt } from './settings';
import { loginOfficers } from './officers';
import { sampleRss, withCpuPerRequest } from './process-usage';
import { preparedStatement } from '@duban/persistence';
import { type Comparison, compareRuns, comparisonRows } from './compare';
import { ensureDataset } from './dataset';
import { nextTransition, reloadStates, transitionTasks } from './transition-asks';

/**
 * Full HTTP transitions, `POST /tasks/:id/events` by the officer of the task's lead unit (real
 * token, validation, the machine, state + audit + inbox + timers in one transaction, the updated
 * task as the answer), through the compiled api with a worker running, over BENCH_TRANSITION_TASKS
 * tasks (default 10,000) of the dataset. Each task goes assigned → START → in_progress →
 * SUBMIT_SELF_ASSESSMENT → self_assessed → WITHDRAW → in_progress → …, the tasks taken round robin,
 * so no two requests touch one task at once. START schedules the reminders, the other two move the
 * inbox items (self_assess ↔ the inspectors' inspect item).
 *
 * Ceiling: what one transition writes, in bare SQL through `pg` with as many clients: BEGIN; UPDATE
 * tasks … WHERE id = $1 AND version = $2; INSERT the audit event; INSERT an inbox row; COMMIT.
 *
 * Also writes bench/results/memory.json: the peak RSS of the api and the worker during the runs
 * (BENCH_MEMORY_ONLY=1, `npm run bench:memory`: only that, at 64 clients unless told otherwise).
 * BENCH_TRANSITION_CLIENTS (default 8,32,64), BENCH_LOGIN_USERS (default 200), BENCH_RUNS,
 * BENCH_SECONDS, BENCH_WARMUP_SECONDS; the dataset as in dataset.ts.
 *
 * BENCH_KEYS=1 (`npm run bench:transitions-keys`): the same transitions with an `Idempotency-Key` each
 * (a new key per request) in place of the ceiling, run by run alternately with the unkeyed ones, so
 * that what a key costs is measured in one run on one machine (bench/results/transitions-keys.json).
 */
/** `npm run bench:memory`: one run at 64 clients, reporting only the memory */
const MEMORY_ONLY = process.env.BENCH_MEMORY_ONLY === '1';
const CLIENTS = intList('BENCH_TRANSITION_CLIENTS', MEMORY_ONLY ? [64] : [8, 32, 64]);
const LOGINS = positiveInt('BENCH_LOGIN_USERS', 200);
const TASKS = positiveInt('BENCH_TRANSITION_TASKS', 10_000);
const QUEUE_PREFIX = `duban-bench-transitions-${process.pid}`;
const WITH_KEYS = process.env.BENCH_KEYS === '1';

async function main(): Promise<void> {
  const settings = { ...loadSettings(), ...(MEMORY_ONLY && !process.env.BENCH_RUNS ? { runs: 1 } : {}) };
  const dataset = await ensureDataset();
  buildOnce();
  const env = appEnv(dataset.databaseUrl, QUEUE_PREFIX);
  const api = await startApp('api', env);
  const worker = await startApp('worker', { ...env, LOG_LEVEL: 'info' });
  // BENCH_PG_CPU=database: PostgreSQL's CPU counted over this database's backends only (see postgresCpuMs)
  process.env.BENCH_PG_DATABASE = new URL(dataset.databaseUrl).pathname.slice(1);
  const db = new Client({ connectionString: dataset.databaseUrl, application_name: 'duban-bench' });
  await db.connect();
  try {
    const officers = await loginOfficers(api.baseUrl, dataset, LOGINS, 3);
    // tasks the logged-in officers lead, in a state the cycle handles, due after the reminders would fire
    const tasks = await transitionTasks(db, officers, TASKS);
    const taskIds = tasks.map((task) => task.id);
    const eventsBefore = await countEvents(db, taskIds);
    const started = { START: 0, SUBMIT_SELF_ASSESSMENT: 0, WITHDRAW: 0 } as Record<string, number>;
    const nextRequest = nextTransition(tasks, started);
    let succeeded = 0;
    const rss = sampleRss({ api: api.pid, worker: worker.pid });
    let keys = 0;
    const transitions = async (clients: number, seconds: number, keyed: boolean) => {
      await reloadStates(db, tasks); // a refused request leaves its task where it was
      const result = await withCpuPerRequest(api.pid, () =>
        httpLoad(api.baseUrl, clients, seconds, () => ({
          ...nextRequest(),
          ...(keyed ? { headers: { 'idempotency-key': `bench-${process.pid}-${++keys}` } } : {}),
        })),
      );
      succeeded += result.requests - result.non2xx;
      return result;
    };

    const comparisons = await compareRuns({
      clients: CLIENTS,
      ...settings,
      app: (clients, seconds) => transitions(clients, seconds, false),
      ceiling: async (clients, seconds) => {
        if (WITH_KEYS) return transitions(clients, seconds, true);
        const version = await reloadStates(db, tasks);
        return sqlLoad(dataset.databaseUrl, clients, seconds, async (client, n) => {
          const task = tasks[n % tasks.length];
          const expected = version.get(task.id) as number;
          version.set(task.id, expected + 1);
          await client.query('BEGIN');
          // named statements, as the app's hot statements are (queryPrepared)
          const updated = await client.query(
            preparedStatement(`UPDATE tasks SET version = version + 1, updated_at = now() WHERE id = $1 AND version = $2 RETURNING version`, [
              task.id,
              expected,
            ]),
          );
          if (updated.rowCount !== 1) throw new Error(`task ${task.id} is not at version ${expected}`);
          await client.query(
            preparedStatement(
              `INSERT INTO task_events (task_id, seq, type, from_state, to_state, actor_kind, actor_user_id, actor_unit_id, payload, at)
               VALUES ($1, $2, 'CONTRIBUTE', $3, $3, 'system', NULL, NULL, $4, now())`,
              [task.id, expected + 1, task.state, JSON.stringify({ summary: 'bench ceiling' })],
            ),
          );
          await client.query(
            preparedStatement(
              `INSERT INTO inbox_items (unit_id, kind, task_id, title, due_on, status, created_at, done_at) VALUES ($1, 'notice', $2, '基准', NULL, 'done', now(), now())`,
              [task.unitId, task.id],
            ),
          );
          await client.query('COMMIT');
        });
      },
    });
    const memory = rss.stop();
    const eventsAfter = await countEvents(db, taskIds);

    if (WITH_KEYS) {
      report('transitions-keys', keyComparisonRows(comparisons), {
        dataset: { ...dataset.scale, rows: dataset.rows, generatedSeconds: dataset.generatedSeconds },
        versions: await versions(dataset.databaseUrl),
        git: gitState(),
        settings: { ...settings, logins: LOGINS, tasks: tasks.length },
        audit: { succeeded, eventsWritten: eventsAfter.app - eventsBefore.app },
        comparisons,
      });
      return;
    }
    if (!MEMORY_ONLY)
      report('transitions', comparisonRows(comparisons), {
        dataset: { ...dataset.scale, rows: dataset.rows, generatedSeconds: dataset.generatedSeconds },
        versions: await versions(dataset.databaseUrl),
        git: gitState(),
        settings: { ...settings, logins: LOGINS, tasks: tasks.length },
        sent: started,
        // every 2xx transition wrote exactly one audit event (the ceiling's own events are counted apart)
        audit: { succeeded, eventsWritten: eventsAfter.app - eventsBefore.app, ceilingEvents: eventsAfter.ceiling - eventsBefore.ceiling },
        comparisons,
      });
    report(
      'memory',
      Object.entries(memory).map(([process, m]) => ({
        process,
        'peak RSS MB': round1(m.peakMb),
        'RSS at the end MB': round1(m.lastMb),
        goal: process === 'api' ? '≤ 250 MB' : '≤ 300 MB',
      })),
      { git: gitState(), during: `bench:transitions at ${CLIENTS.join(', ')} clients`, memory },
    );
  } finally {
    await db.end();
    await api.stop();
    await worker.stop();
    await dropRedisPrefix(env.REDIS_URL, QUEUE_PREFIX);
  }
}

const cpuMedian = (c: Comparison, side: 'app' | 'ceiling'): string => {
  const values = c.runs.map((run) => run[side].cpuMsPerRequest).filter((value): value is number => value !== undefined);
  return values.length ? String(round2(summarise(values).median)) : '—';
};

/** Unkeyed against keyed transitions (the `ceiling` side of the comparison is the keyed run in this mode). */
function keyComparisonRows(comparisons: Comparison[]): Record<string, string | number>[] {
  return comparisons.map((c) => ({
    clients: c.clients,
    'without a key req/s': Math.round(c.app.perSecond.median),
    'without: spread': `${Math.round(c.app.perSecond.min)}–${Math.round(c.app.perSecond.max)}`,
    'without: p99 ms': round1(c.app.p99.median),
    'with a key req/s': Math.round(c.ceiling.perSecond.median),
    'with: spread': `${Math.round(c.ceiling.perSecond.min)}–${Math.round(c.ceiling.perSecond.max)}`,
    'with: p99 ms': round1(c.ceiling.p99.median),
    'with ÷ without': round2(1 / c.ratio.median),
    'api CPU ms/req without → with': `${cpuMedian(c, 'app')} → ${cpuMedian(c, 'ceiling')}`,
    failed: c.app.errors + c.app.non2xx + c.ceiling.errors,
  }));
}

async function countEvents(db: Client, taskIds: string[]): Promise<{ app: number; ceiling: number }> {
  const { rows } = await db.query<{ app: number; ceiling: number }>(
    `SELECT count(*) FILTER (WHERE type <> 'CONTRIBUTE' OR actor_kind <> 'system')::int AS app, count(*) FILTER (WHERE type = 'CONTRIBUTE' AND actor_kind = 'system')::int AS ceiling
       FROM task_events WHERE task_id = ANY($1::bigint[])`,
    [taskIds],
  );
  return rows[0];
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
