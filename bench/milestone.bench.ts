import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import type { EntityManager } from 'typeorm';
import { MilestoneCheckService } from '@duban/deadlines';
import { createDataSource } from '@duban/persistence';
import { SystemClock } from '@duban/platform';
import { gitState, positiveInt, round1, round2, versions } from './app-support';
import { report, summarise } from './bench-support';
import { captureSql } from './compare';
import { ensureDataset } from './dataset';

/**
 * A milestone check (节点检查) over every task of the dataset: MilestoneCheckService.runInTransaction
 * for each plan as of BENCH_MILESTONE_AS_OF (default 2026-12-31, a milestone of every generated
 * plan), all plans in one transaction, timed to the end of the last report and then rolled back, so
 * that every run (and every later benchmark) sees the same data. Ceiling: the service's own
 * set-based statement captured from it and run once per plan over the whole plan (no chunks, no
 * report), through the same connection, also rolled back.
 *
 * BENCH_RUNS (default 3, 1 above 100,000 tasks); the dataset as in dataset.ts.
 */
const AS_OF = process.env.BENCH_MILESTONE_AS_OF ?? '2026-12-31';

async function main(): Promise<void> {
  const dataset = await ensureDataset();
  const RUNS = positiveInt('BENCH_RUNS', dataset.scale.tasks > 100_000 ? 1 : 3);
  const dataSource = createDataSource({ databaseUrl: dataset.databaseUrl, applicationName: 'duban-bench-milestone', poolSize: 2 });
  await dataSource.initialize();
  const clock = new SystemClock();
  const service = new MilestoneCheckService(dataSource, clock);
  try {
    const plans: { id: string }[] = await dataSource.query('SELECT id::text FROM plans ORDER BY id');
    const planIds = plans.map((row) => row.id);
    const [{ due, open }]: { due: number; open: number }[] = await dataSource.query(
      `SELECT count(*) FILTER (WHERE t.due_on <= $1::date)::int AS due, count(*) FILTER (WHERE t.due_on <= $1::date AND t.state <> 'closed' AND NOT t.overdue)::int AS open FROM tasks t`,
      [AS_OF],
    );
    // the chunk statement, as the service writes it (the stand-in answers "no more tasks" after one chunk)
    const captured = await captureSql(
      (recorder) => new MilestoneCheckService(recorder, clock).runInTransaction(recorder.manager, planIds[0], AS_OF, 'cli', null),
      (sql) =>
        sql.startsWith('SELECT 1 FROM plans')
          ? [{}]
          : sql.includes('RETURNING id::text')
            ? [{ id: '1' }]
            : sql.includes('last_id')
              ? [{ last_id: null, flagged: 0 }]
              : sql.includes('AS due')
                ? [{ due: 0 }]
                : sql.includes('AS n')
                  ? [{ n: 0 }]
                  : [],
    );
    const chunkStatement = captured.find((statement) => statement.sql.includes('last_id'));
    if (!chunkStatement) throw new Error('the milestone check no longer runs a chunk statement this benchmark recognises');

    const rolledBack = async (work: (manager: EntityManager) => Promise<number>): Promise<{ ms: number; flagged: number }> => {
      const runner = dataSource.createQueryRunner();
      await runner.connect();
      await runner.startTransaction();
      try {
        const started = performance.now();
        const flagged = await work(runner.manager);
        return { ms: performance.now() - started, flagged };
      } finally {
        await runner.rollbackTransaction();
        await runner.release();
      }
    };
    const app: { ms: number; flagged: number }[] = [];
    const ceiling: { ms: number; flagged: number }[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      app.push(
        await rolledBack(async (manager) => {
          let flagged = 0;
          for (const planId of planIds) {
            const checkId = await service.runInTransaction(manager, planId, AS_OF, 'cli', null);
            const [{ report: stored }]: { report: { counts: { flagged: number } } }[] = await manager.query(
              'SELECT report FROM milestone_checks WHERE id = $1',
              [checkId],
            );
            flagged += stored.counts.flagged;
          }
          return flagged;
        }),
      );
      ceiling.push(
        await rolledBack(async (manager) => {
          let flagged = 0;
          for (const planId of planIds) {
            const params = [...chunkStatement.params];
            params[0] = planId;
            params[3] = 2_147_483_647; // the whole plan in one statement
            const [{ id: checkId }]: { id: string }[] = await manager.query(
              `INSERT INTO milestone_checks (plan_id, as_of, status, trigger, created_at) VALUES ($1, $2, 'running', 'cli', now()) RETURNING id::text`,
              [planId, AS_OF],
            );
            params[6] = checkId;
            const [row]: { flagged: number }[] = await manager.query(chunkStatement.sql, params);
            flagged += row.flagged;
          }
          return flagged;
        }),
      );
      console.log(
        `  run ${run + 1}: check ${(app[run].ms / 1_000).toFixed(1)} s (${app[run].flagged} flagged) · ceiling ${(ceiling[run].ms / 1_000).toFixed(1)} s (${ceiling[run].flagged} flagged)`,
      );
    }
    const appSummary = summarise(app.map((r) => r.ms / 1_000));
    const ceilingSummary = summarise(ceiling.map((r) => r.ms / 1_000));
    const ratio = summarise(app.map((r, i) => ceiling[i].ms / r.ms));
    report(
      'milestone',
      [
        {
          tasks: dataset.scale.tasks,
          plans: planIds.length,
          'due by asOf': due,
          flagged: app[0].flagged,
          'check s (median)': round1(appSummary.median),
          spread: `${round1(appSummary.min)}–${round1(appSummary.max)}`,
          'flagged/s': Math.round(app[0].flagged / appSummary.median),
          'ceiling s': round1(ceilingSummary.median),
          'ceiling spread': `${round1(ceilingSummary.min)}–${round1(ceilingSummary.max)}`,
          ratio: round2(ratio.median),
        },
      ],
      {
        dataset: { ...dataset.scale, rows: dataset.rows, generatedSeconds: dataset.generatedSeconds },
        versions: await versions(dataset.databaseUrl),
        git: gitState(),
        asOf: AS_OF,
        expectedFlagged: open,
        app,
        ceiling,
      },
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
