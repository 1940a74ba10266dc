import { loadConfig } from '@duban/config';
import { TimerScheduler, TimerStore } from '@duban/clock';
import {
  calendarDayIn,
  DEFAULT_DEADLINE_POLICY,
  type DeadlinePolicy,
  nextReportTimer,
  orderDeadlineTimers,
  storedDeadlinePolicy,
  taskDeadlineTimers,
  type TimerSpec,
} from '@duban/domain';
import { createMediumDatabase, type MediumDatabase } from '../support/medium-database';
import { insertOrder, insertPlan, insertTask, insertUnit, rows } from '../support/medium-fixtures';

const NOW = new Date('2022-03-01T02:00:00.000Z');
const TIME_ZONE = 'Asia/Shanghai';

/** A plan's own policy: one reminder 10 days before, an urge and an interview, monthly reports. */
const OWN_POLICY: DeadlinePolicy = {
  ...DEFAULT_DEADLINE_POLICY,
  taskReminderDaysBefore: [10],
  ladder: [
    { level: 1, step: 'urge', daysAfterDue: 0 },
    { level: 2, step: 'interview', daysAfterDue: 20 },
  ],
  orderReminderDaysBefore: [2],
  reporting: { period: 'monthly', dueWorkingDays: 5, days: 'working' },
};

const asRows = (timers: TimerSpec[]) => timers.map((timer) => ({ kind: timer.kind, due_at: timer.dueAt, payload: timer.payload })).sort(byDue);
const byDue = (a: { due_at: Date; kind: string }, b: { due_at: Date; kind: string }) => a.due_at.getTime() - b.due_at.getTime() || a.kind.localeCompare(b.kind);

describe('TimerScheduler (PostgreSQL)', () => {
  let db: MediumDatabase;
  const scheduler = new TimerScheduler(loadConfig({ PLAN_TIMEZONE: TIME_ZONE }), new TimerStore());
  let defaultTask: string;
  let ownPolicyTask: string;
  let ownPlanId: string;
  let lead: string;

  const pendingOf = async (subject: 'task_id' | 'order_id', id: string) =>
    (
      await rows<{ kind: string; due_at: Date; payload: Record<string, unknown> }>(
        db.dataSource,
        `SELECT kind, due_at, payload FROM timers WHERE ${subject} = $1 AND state = 'pending'`,
        [id],
      )
    ).sort(byDue);
  const stateOf = async (id: string) => (await rows<{ state: string }>(db.dataSource, 'SELECT state FROM timers WHERE id = $1', [id]))[0].state;
  const insertTimer = async (taskId: string, kind: string, state = 'pending'): Promise<string> =>
    (
      await rows<{ id: string }>(
        db.dataSource,
        `INSERT INTO timers (kind, task_id, due_at, state, payload, created_at) VALUES ($1, $2, '2022-06-01T00:00:00Z', $3, '{}', $4) RETURNING id::text`,
        [kind, taskId, state, NOW],
      )
    )[0].id;

  beforeAll(async () => {
    db = await createMediumDatabase();
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    await db.truncate();
    lead = await insertUnit(db.dataSource, { name: '市卫生健康委员会' });
    const plan = await insertPlan(db.dataSource);
    const own = await insertPlan(db.dataSource, { name: '有自己节奏的计划', policy: OWN_POLICY as unknown as Record<string, unknown> });
    ownPlanId = own.planId;
    defaultTask = await insertTask(db.dataSource, plan, { seq: 1, dueOn: '2022-12-31', leads: [lead] });
    ownPolicyTask = await insertTask(db.dataSource, own, { seq: 1, dueOn: '2022-12-31', leads: [lead] });
  });

  it('reads a plan’s stored policy as written (levels are the steps’ positions)', () => {
    expect(storedDeadlinePolicy(JSON.parse(JSON.stringify(OWN_POLICY)))).toEqual(OWN_POLICY);
  });

  it('replaces each task’s pending timers by the ones its plan’s policy implies, keeping a report’s chase and the fired ones', async () => {
    const oldReminder = await insertTimer(defaultTask, 'task_reminder');
    const chase = await insertTimer(defaultTask, 'report_overdue');
    const fired = await insertTimer(defaultTask, 'task_overdue', 'fired');
    await scheduler.scheduleTaskTimers(
      db.dataSource.manager,
      [
        { id: defaultTask, dueOn: '2023-03-31' },
        { id: ownPolicyTask, dueOn: '2022-03-05', reporting: true },
      ],
      NOW,
    );
    expect([await stateOf(oldReminder), await stateOf(chase), await stateOf(fired)]).toEqual(['cancelled', 'pending', 'fired']);

    const today = calendarDayIn(NOW, TIME_ZONE);
    expect((await pendingOf('task_id', defaultTask)).filter((timer) => timer.kind !== 'report_overdue')).toEqual(
      asRows(taskDeadlineTimers('2023-03-31', { timeZone: TIME_ZONE, now: NOW, policy: DEFAULT_DEADLINE_POLICY })),
    );
    // its own plan's policy; its reminder 10 days before has passed, so is not scheduled; the month's report is
    const own = [
      ...taskDeadlineTimers('2022-03-05', { timeZone: TIME_ZONE, now: NOW, policy: OWN_POLICY }),
      nextReportTimer(today, { timeZone: TIME_ZONE, policy: OWN_POLICY }),
    ];
    expect(await pendingOf('task_id', ownPolicyTask)).toEqual(asRows(own));
    expect(own.map((timer) => timer.kind).sort()).toEqual(['report_period', 'task_escalate', 'task_overdue']);
  });

  it('follows the policy it is given instead of the plan’s', async () => {
    await scheduler.scheduleTaskTimers(db.dataSource.manager, [{ id: ownPolicyTask, dueOn: '2022-12-31' }], NOW, DEFAULT_DEADLINE_POLICY);
    expect(await pendingOf('task_id', ownPolicyTask)).toEqual(asRows(taskDeadlineTimers('2022-12-31', { timeZone: TIME_ZONE, now: NOW })));
  });

  it('scheduling again replaces, never adds', async () => {
    await scheduler.scheduleTaskTimers(db.dataSource.manager, [{ id: defaultTask, dueOn: '2022-12-31' }], NOW);
    const first = await pendingOf('task_id', defaultTask);
    await scheduler.scheduleTaskTimers(db.dataSource.manager, [{ id: defaultTask, dueOn: '2022-12-31' }], NOW);
    expect(await pendingOf('task_id', defaultTask)).toEqual(first);
    await scheduler.scheduleTaskTimers(db.dataSource.manager, [], NOW);
    expect(await pendingOf('task_id', defaultTask)).toEqual(first);
  });

  it('cancelTaskTimers cancels every pending timer of the tasks, the chase too', async () => {
    await scheduler.scheduleTaskTimers(db.dataSource.manager, [{ id: defaultTask, dueOn: '2022-12-31', reporting: true }], NOW);
    await insertTimer(defaultTask, 'report_overdue');
    await scheduler.cancelTaskTimers(db.dataSource.manager, [defaultTask], NOW);
    expect(await pendingOf('task_id', defaultTask)).toEqual([]);
  });

  it('schedules an order’s timers by its task’s plan’s policy, replacing its pending ones', async () => {
    const order = await insertOrder(db.dataSource, { taskId: ownPolicyTask, unitId: lead, dueOn: '2022-04-01', issuedAt: NOW });
    await scheduler.scheduleOrderTimers(db.dataSource.manager, [{ id: order, dueOn: '2022-04-01' }], NOW);
    await scheduler.scheduleOrderTimers(db.dataSource.manager, [{ id: order, dueOn: '2022-04-15' }], NOW);
    expect(await pendingOf('order_id', order)).toEqual(asRows(orderDeadlineTimers('2022-04-15', { timeZone: TIME_ZONE, now: NOW, policy: OWN_POLICY })));
    await scheduler.cancelOrderTimers(db.dataSource.manager, [order], NOW);
    expect(await pendingOf('order_id', order)).toEqual([]);
  });

  it('schedules a plan’s milestone checks at the start of the day after each milestone, in the plan’s time zone', async () => {
    await scheduler.scheduleMilestoneChecks(db.dataSource.manager, ownPlanId, ['2022-12-31', '2025-12-31'], NOW);
    expect(
      await rows(db.dataSource, `SELECT kind, plan_id::text, task_id, due_at, payload, created_at FROM timers WHERE plan_id = $1 ORDER BY due_at`, [ownPlanId]),
    ).toEqual([
      {
        kind: 'milestone_check',
        plan_id: ownPlanId,
        task_id: null,
        due_at: new Date('2022-12-31T16:00:00.000Z'),
        payload: { asOf: '2022-12-31' },
        created_at: NOW,
      },
      {
        kind: 'milestone_check',
        plan_id: ownPlanId,
        task_id: null,
        due_at: new Date('2025-12-31T16:00:00.000Z'),
        payload: { asOf: '2025-12-31' },
        created_at: NOW,
      },
    ]);
  });
});
