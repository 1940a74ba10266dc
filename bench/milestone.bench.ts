import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import type { EntityManager } from 'typeorm';
import type { AppConfig } from '@duban/config';
import { MilestoneCheckService, MilestoneCheckStore, MilestoneReportReader, SystemClock } from '@duban/clock';
import { NOTICE_TEXTS, taskSnapshotAt } from '@duban/domain';
import { appendCountDeltas, InboxStore, itemCounts } from '@duban/inbox';
import { ChannelRoutingStore, OutboxStore } from '@duban/outbox';
import { createDataSource } from '@duban/persistence';
import { TaskFlagsStore } from '@duban/tasks';
import { gitState, report, round1, round2, summarise, versions } from './bench-support';
import { positiveInt } from './settings';
import { ensureDataset } from './dataset';

/**
 * A milestone check (节点检查) over every task of the dataset: MilestoneCheckService.runInTransaction
 * for each plan as of BENCH_MILESTONE_AS_OF (default 2026-12-31, a milestone of every generated
 * plan), all plans in one transaction, timed to the end of the last report and then rolled back, so
 * that every run (and every later benchmark) sees the same data. Ceiling: the same effect (flags,
 * audit events, notices, webhook deliveries) as one set-based statement per plan over the whole plan
 * (no chunks, no report, no round trip between the stores), through the same connection, also
 * rolled back.
 *
 * BENCH_RUNS (default 3, 1 above 100,000 tasks); the dataset as in dataset.ts.
 */
const AS_OF = process.env.BENCH_MILESTONE_AS_OF ?? '2026-12-31';

/** Every write of a milestone check for a whole plan in one statement: what PostgreSQL can do for the same effect. */
const CEILING_SQL = `
  WITH due AS (
    SELECT t.id FROM tasks t
     WHERE t.plan_id = $1 AND t.state <> 'closed'
       AND (t.due_on <= $2::date OR EXISTS (SELECT 1 FROM task_milestones m WHERE m.task_id = t.id AND m.due_on <= $2::date))
     ORDER BY t.id FOR NO KEY UPDATE OF t
  ), flagged AS (
    UPDATE tasks t
       SET overdue = true, escalation_level = GREATEST(t.escalation_level, 1), version = t.version + 2, updated_at = $3,
           snapshot = jsonb_set(jsonb_set(COALESCE(t.snapshot, $4::jsonb), '{context,overdue}', 'true'::jsonb),
                                '{context,escalationLevel}', to_jsonb(GREATEST(t.escalation_level, 1)))
      FROM due WHERE t.id = due.id AND NOT t.overdue
    RETURNING t.id, t.version, t.state, t.seq
  ), audit AS (
    INSERT INTO task_events (task_id, seq, type, from_state, to_state, actor_kind, payload, at)
    SELECT id, version - 1, 'OVERDUE', state, state, 'system', jsonb_build_object('milestoneCheckId', $5::text, 'asOf', $2::text), $3 FROM flagged
    UNION ALL
    SELECT id, version, 'ESCALATE', state, state, 'system', jsonb_build_object('level', 1, 'milestoneCheckId', $5::text), $3 FROM flagged
  ), notices AS (
    INSERT INTO inbox_items (unit_id, kind, task_id, title, payload, created_at)
    SELECT tu.unit_id, 'notice', f.id, replace($6, '{seq}', f.seq::text), jsonb_build_object('milestoneCheckId', $5::text, 'step', 'urge'), $3
      FROM flagged f JOIN task_units tu ON tu.task_id = f.id AND tu.role = 'lead'
    RETURNING id, unit_id, task_id, title, payload, due_on, status, read_at
  ), counted AS (
    ${appendCountDeltas(itemCounts(1, 'notices'))}
  ), deliveries AS (
    INSERT INTO outbox_deliveries (unit_id, inbox_item_id, url, body, next_attempt_at)
    SELECT u.id, n.id, u.webhook_url, jsonb_build_object('id', n.id::text, 'title', n.title, 'payload', n.payload), clock_timestamp()
      FROM notices n JOIN units u ON u.id = n.unit_id AND u.webhook_url IS NOT NULL
  )
  SELECT (SELECT count(*) FROM flagged)::int AS flagged`;

async function main(): Promise<void> {
  const dataset = await ensureDataset();
  const RUNS = positiveInt('BENCH_RUNS', dataset.scale.tasks > 100_000 ? 1 : 3);
  const dataSource = createDataSource({ databaseUrl: dataset.databaseUrl, applicationName: 'duban-bench-milestone', poolSize: 2 });
  await dataSource.initialize();
  const clock = new SystemClock();
  const service = new MilestoneCheckService(
    dataSource,
    clock,
    new MilestoneCheckStore(),
    new TaskFlagsStore(),
    new InboxStore(new OutboxStore(new ChannelRoutingStore({ planTimezone: 'Asia/Shanghai' } as AppConfig))),
    new MilestoneReportReader(),
  );
  try {
    const plans: { id: string }[] = await dataSource.query('SELECT id::text FROM plans ORDER BY plans.id');
    const planIds = plans.map((row) => row.id);
    const [{ due, open }]: { due: number; open: number }[] = await dataSource.query(
      `SELECT count(*) FILTER (WHERE t.due_on <= $1::date)::int AS due, count(*) FILTER (WHERE t.due_on <= $1::date AND t.state <> 'closed' AND NOT t.overdue)::int AS open FROM tasks t`,
      [AS_OF],
    );
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
            const [{ id: checkId }]: { id: string }[] = await manager.query(
              `INSERT INTO milestone_checks (plan_id, as_of, status, trigger, created_at) VALUES ($1, $2, 'running', 'cli', now()) RETURNING id::text`,
              [planId, AS_OF],
            );
            const [row]: { flagged: number }[] = await manager.query(CEILING_SQL, [
              planId,
              AS_OF,
              new Date(),
              JSON.stringify(taskSnapshotAt('assigned')),
              checkId,
              NOTICE_TEXTS.milestoneUrge(AS_OF),
            ]);
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
