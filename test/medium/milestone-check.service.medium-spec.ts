import { DomainError, NOTICE_TEXTS } from '@duban/domain';
import { InboxStore } from '@duban/inbox';
import { TaskFlagsStore } from '@duban/tasks';
import { MilestoneCheckService, MilestoneCheckStore, MilestoneReportReader } from '@duban/clock';
import { createMediumDatabase, type MediumDatabase } from '../support/medium-database';
import {
  FixedClock,
  insertPlan,
  insertTarget,
  insertTask,
  insertUnit,
  insertUser,
  type PlanFixture,
  rows,
  tableCounts,
  mediumOutboxStore,
} from '../support/medium-fixtures';

const NOW = new Date('2023-01-01T01:00:00.000Z');
const AS_OF = '2022-12-31';

/**
 * A milestone check (节点检查) of a small plan, the service built as bench/milestone.bench.ts builds
 * it (no Nest): flags, notices to lead units (and their webhooks), and the stored report.
 */
describe('MilestoneCheckService.runInTransaction (PostgreSQL)', () => {
  let db: MediumDatabase;
  const clock = new FixedClock(NOW);
  let service: MilestoneCheckService;
  let plan: PlanFixture;
  let u: Record<'health' | 'education' | 'sports', string>;
  let t: Record<'dueBefore' | 'milestone' | 'closed' | 'later' | 'alreadyOverdue', string>;
  let admin: string;

  const run = (planId = plan.planId, trigger: 'admin' | 'cli' | 'timer' = 'admin', userId: string | null = admin) =>
    db.dataSource.transaction((manager) => service.runInTransaction(manager, planId, AS_OF, trigger, userId));
  const notices = () =>
    rows<{ id: string; unit_id: string; task_id: string; title: string; payload: Record<string, unknown>; created_at: Date }>(
      db.dataSource,
      `SELECT id::text, unit_id::text, task_id::text, title, payload, created_at FROM inbox_items WHERE kind = 'notice' ORDER BY inbox_items.id`,
    );

  beforeAll(async () => {
    db = await createMediumDatabase();
    service = new MilestoneCheckService(
      db.dataSource,
      clock,
      new MilestoneCheckStore(),
      new TaskFlagsStore(),
      new InboxStore(mediumOutboxStore()),
      new MilestoneReportReader(),
    );
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    await db.truncate();
    u = {
      health: await insertUnit(db.dataSource, { name: '市卫生健康委员会', webhookUrl: 'https://hooks.example.test/wjw' }),
      education: await insertUnit(db.dataSource, { name: '市教育局' }),
      sports: await insertUnit(db.dataSource, { name: '市体育局' }),
    };
    admin = await insertUser(db.dataSource, { username: 'admin', unitId: null, roles: ['admin'] });
    plan = await insertPlan(db.dataSource, { milestones: [AS_OF, '2025-12-31'] });
    t = {
      dueBefore: await insertTask(db.dataSource, plan, { seq: 1, dueOn: '2022-06-30', leads: [u.health, u.education], supports: [u.sports] }),
      milestone: await insertTask(db.dataSource, plan, {
        seq: 2,
        dueOn: '2025-12-31',
        state: 'in_progress',
        milestones: [AS_OF, '2025-12-31'],
        leads: [u.education],
      }),
      closed: await insertTask(db.dataSource, plan, { seq: 3, dueOn: '2022-06-30', state: 'closed', leads: [u.health] }),
      later: await insertTask(db.dataSource, plan, { seq: 4, dueOn: '2025-12-31', leads: [u.health] }),
      alreadyOverdue: await insertTask(db.dataSource, plan, {
        seq: 5,
        dueOn: '2022-03-31',
        state: 'in_progress',
        overdue: true,
        escalationLevel: 1,
        leads: [u.sports],
      }),
    };
  });

  it('flags the open tasks due by the day, notifies their lead units (by webhook too), and stores the check with its report', async () => {
    const checkId = await run();

    const flagged = await rows<{ id: string; overdue: boolean; escalation_level: number }>(
      db.dataSource,
      'SELECT id::text, overdue, escalation_level FROM tasks WHERE overdue ORDER BY tasks.id',
    );
    expect(flagged.map((row) => row.id)).toEqual([t.dueBefore, t.milestone, t.alreadyOverdue]);
    const events = await rows<{ task_id: string; type: string; payload: unknown }>(
      db.dataSource,
      'SELECT task_id::text, type, payload FROM task_events ORDER BY task_events.id',
    );
    expect(events.map((e) => [e.task_id, e.type, e.payload])).toEqual([
      [t.dueBefore, 'OVERDUE', { milestoneCheckId: checkId, asOf: AS_OF }],
      [t.dueBefore, 'ESCALATE', { level: 1, milestoneCheckId: checkId }],
      [t.milestone, 'OVERDUE', { milestoneCheckId: checkId, asOf: AS_OF }],
      [t.milestone, 'ESCALATE', { level: 1, milestoneCheckId: checkId }],
    ]);

    const title = (seq: number) => NOTICE_TEXTS.milestoneUrge(AS_OF).replace('{seq}', String(seq));
    const written = await notices();
    expect(written.map((n) => [n.unit_id, n.task_id, n.title, n.payload, n.created_at])).toEqual([
      [u.health, t.dueBefore, title(1), { milestoneCheckId: checkId, step: 'urge' }, NOW],
      [u.education, t.dueBefore, title(1), { milestoneCheckId: checkId, step: 'urge' }, NOW],
      [u.education, t.milestone, title(2), { milestoneCheckId: checkId, step: 'urge' }, NOW],
    ]);
    expect(await rows(db.dataSource, 'SELECT unit_id::text, inbox_item_id::text, body FROM outbox_deliveries')).toEqual([
      { unit_id: u.health, inbox_item_id: written[0].id, body: expect.objectContaining({ id: written[0].id, title: title(1), taskId: t.dueBefore }) },
    ]);

    const [check] = await rows<Record<string, unknown> & { report: Record<string, unknown> }>(
      db.dataSource,
      'SELECT plan_id::text, as_of, status, trigger, requested_by::text, created_at, finished_at, error, report FROM milestone_checks WHERE id = $1',
      [checkId],
    );
    expect(check).toEqual({
      plan_id: plan.planId,
      as_of: AS_OF,
      status: 'done',
      trigger: 'admin',
      requested_by: admin,
      created_at: NOW,
      finished_at: NOW,
      error: null,
      report: {
        // no child plans below this one
        below: [],
        counts: { byState: { assigned: 2, in_progress: 2, closed: 1 }, due: 4, flagged: 2 },
        overdueTaskCount: 3,
        overdueTasks: [
          { taskId: t.dueBefore, seq: 1, state: 'assigned', dueAt: '2022-06-30', leadUnits: ['市卫生健康委员会', '市教育局'] },
          { taskId: t.milestone, seq: 2, state: 'in_progress', dueAt: '2025-12-31', leadUnits: ['市教育局'] },
          { taskId: t.alreadyOverdue, seq: 5, state: 'in_progress', dueAt: '2022-03-31', leadUnits: ['市体育局'] },
        ],
        byLeadUnit: expect.arrayContaining([
          { unitId: u.education, name: '市教育局', due: 2, closed: 0, failed: 2 },
          { unitId: u.health, name: '市卫生健康委员会', due: 2, closed: 1, failed: 1 },
          { unitId: u.sports, name: '市体育局', due: 1, closed: 0, failed: 1 },
        ]),
        targets: [],
      },
    });
    const byLeadUnit = check.report.byLeadUnit as { failed: number }[];
    expect(byLeadUnit.map((row) => row.failed)).toEqual([2, 1, 1]);
    expect(t.later).toBeDefined();
  });

  it('a second check of the same day flags and notifies nothing more, and reports it', async () => {
    await run();
    const before = await notices();
    const second = await run(plan.planId, 'timer', null);
    expect(await notices()).toEqual(before);
    const [check] = await rows<{ trigger: string; requested_by: string | null; report: { counts: { flagged: number; due: number } } }>(
      db.dataSource,
      'SELECT trigger, requested_by::text, report FROM milestone_checks WHERE id = $1',
      [second],
    );
    expect(check).toMatchObject({ trigger: 'timer', requested_by: null, report: { counts: { flagged: 0, due: 4 } } });
    expect(await rows(db.dataSource, 'SELECT count(*)::int AS n FROM milestone_checks')).toEqual([{ n: 2 }]);
  });

  it('reports each target’s readings up to the day', async () => {
    const target = await insertTarget(db.dataSource, { taskId: t.milestone, indicator: '健康素养水平', comparator: '>=', value: 25, unit: '%' });
    await db.query(
      `INSERT INTO indicator_values (target_id, task_id, value, as_of, reported_at) VALUES ($1, $2, 22, '2022-06-30', $3), ($1, $2, 26, '2022-12-31', $3), ($1, $2, 10, '2023-01-15', $3)`,
      [target, t.milestone, NOW],
    );
    const checkId = await run();
    const [{ targets }] = await rows<{ targets: unknown }>(db.dataSource, `SELECT report -> 'targets' AS targets FROM milestone_checks WHERE id = $1`, [
      checkId,
    ]);
    expect(targets).toEqual([
      {
        targetId: target,
        taskId: t.milestone,
        seq: 2,
        indicator: '健康素养水平',
        comparator: '>=',
        value: 25,
        unit: '%',
        by: null,
        // the reading of 2023-01-15 comes after the day: not counted
        latest: { value: 26, asOf: '2022-12-31' },
        trend: 'rising',
        met: true,
      },
    ]);
  });

  it('refuses a plan that does not exist, writing nothing', async () => {
    const before = await tableCounts(db.dataSource);
    const missing = run(String(Number(plan.planId) + 100));
    await expect(missing).rejects.toBeInstanceOf(DomainError);
    await expect(missing).rejects.toMatchObject({ kind: 'not_found', code: 'plan_not_found' });
    expect(await tableCounts(db.dataSource)).toEqual(before);
  });
});
