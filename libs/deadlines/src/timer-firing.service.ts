import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@duban/config';
import {
  addDays,
  applyOrderEvent,
  calendarDayIn,
  daysBetween,
  nextReportTimer,
  reportOverdueTimer,
  isPersistedOrderSnapshot,
  type OrderEvent,
  storedDeadlinePolicy,
  type TaskEvent,
} from '@duban/domain';
import { InboxSync, type NoticeItem } from '@duban/inbox';
import { queryPrepared } from '@duban/persistence';
import { Clock } from '@duban/platform';
import { type DeferredTransition, type LockedTask, refusalException, TaskWorkflowService } from '@duban/tasks';
import { TimerWriter } from '@duban/timers';
import { MilestoneCheckService } from './milestone-check.service';

interface TimerRow {
  id: string;
  kind: string;
  task_id: string | null;
  order_id: string | null;
  plan_id: string | null;
  due_at: Date;
  state: 'pending' | 'claimed' | 'fired' | 'cancelled';
  payload: Record<string, string | number>;
}

interface TaskFacts {
  seq: number;
  text: string;
  due_on: string;
  jurisdiction: string;
  overdue: boolean;
  escalation_level: number;
  deadline_policy: unknown;
  lead_unit_ids: string[];
}

/** A timer not yet applied, with the task its effect locks (its own, or its order's). */
interface LiveTimer {
  id: string;
  kind: string;
  lock_task: string | null;
}

const LIVE_TIMERS = `SELECT tm.id::text, tm.kind, COALESCE(tm.task_id, o.task_id)::text AS lock_task
                       FROM timers tm LEFT JOIN rectification_orders o ON o.id = tm.order_id`;

/** The writes of a chunk's deadline timers (reminders, overdue, escalation), sent together. */
interface ChunkWrites {
  transitions: DeferredTransition[];
  notices: NoticeItem[];
}

/** timers whose effects are a system event and notices, so their writes can wait for the chunk's end */
const BATCHED_KINDS: ReadonlySet<string> = new Set(['task_reminder', 'task_overdue', 'task_escalate']);

export type FiringOutcome = 'applied' | 'skipped' | 'gone';

const excerpt = (text: string): string => ([...text].length > 24 ? `${[...text].slice(0, 24).join('')}…` : text);

/**
 * Fires timers: claims the due ones (any number of workers: `FOR UPDATE SKIP LOCKED` and a lease),
 * and applies one timer's effect in a transaction that also marks it fired, so an effect is applied
 * once however often its job runs. Lock order is task, then order, then timer, as everywhere else.
 */
@Injectable()
export class TimerFiringService {
  private readonly logger = new Logger(TimerFiringService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly workflow: TaskWorkflowService,
    private readonly inbox: InboxSync,
    private readonly timers: TimerWriter,
    private readonly checks: MilestoneCheckService,
  ) {}

  /**
   * Claims up to `limit` timers due by the clock's now, and claimed ones whose lease lapsed; answers
   * them grouped by the task they lock (in due order within a task), so that chunks fired at the
   * same time rarely wait for each other's tasks.
   */
  async claimDue(limit: number): Promise<{ id: string; attempts: number }[]> {
    // `= ANY(ARRAY(…))` lets the UPDATE find the claimed rows by primary key (`IN (…)` became a scan of
    // every timer); TypeORM answers an UPDATE … RETURNING with [rows, affectedCount]
    const [rows]: [{ id: string; attempts: number; lock_task: string | null; due_at: Date }[], number] = await this.dataSource.query(
      `UPDATE timers tm SET state = 'claimed', lease_until = now() + make_interval(secs => $3), attempts = attempts + 1
        WHERE id = ANY(ARRAY(SELECT id FROM timers
                              WHERE state IN ('pending', 'claimed') AND due_at <= $1 AND (state = 'pending' OR lease_until < now())
                              ORDER BY due_at, id LIMIT $2 FOR UPDATE SKIP LOCKED))
        RETURNING id::text, attempts, due_at, COALESCE(task_id, (SELECT o.task_id FROM rectification_orders o WHERE o.id = tm.order_id))::text AS lock_task`,
      // a claimed timer whose job has not finished within the lease is claimed again (its worker died, or Redis lost the job)
      [this.clock.now(), limit, this.config.timerLeaseSeconds],
    );
    const byTask = (row: (typeof rows)[number]): bigint => BigInt(row.lock_task ?? 0);
    rows.sort((a, b) =>
      byTask(a) === byTask(b) ? a.due_at.getTime() - b.due_at.getTime() || Number(BigInt(a.id) - BigInt(b.id)) : byTask(a) < byTask(b) ? -1 : 1,
    );
    return rows.map(({ id, attempts }) => ({ id, attempts }));
  }

  /** Timers due by the clock's now and not yet applied. */
  async pendingDue(): Promise<number> {
    const [row]: { n: number }[] = await this.dataSource.query(`SELECT count(*)::int AS n FROM timers WHERE state IN ('pending', 'claimed') AND due_at <= $1`, [
      this.clock.now(),
    ]);
    return row.n;
  }

  /** The earliest timer due by `until` that is not applied yet. */
  async nextDue(until: Date): Promise<{ id: string; dueAt: Date } | null> {
    const rows: { id: string; due_at: Date }[] = await this.dataSource.query(
      `SELECT id::text, due_at FROM timers WHERE state IN ('pending', 'claimed') AND due_at <= $1 ORDER BY due_at, id LIMIT 1`,
      [until],
    );
    return rows.length > 0 ? { id: rows[0].id, dueAt: rows[0].due_at } : null;
  }

  async fire(timerId: string): Promise<FiringOutcome> {
    const [peek]: LiveTimer[] = await this.dataSource.query(`${LIVE_TIMERS} WHERE tm.id = $1 AND tm.state IN ('pending', 'claimed')`, [timerId]);
    if (!peek) return 'gone';
    return this.dataSource.transaction(async (manager) => (await this.fireChunkIn(manager, [peek])).get(peek.id) ?? 'gone');
  }

  /**
   * Fires timers claimed together in one transaction, locking their tasks in id order (two chunks
   * never wait on each other in a cycle). If the transaction fails, each timer is fired on its own,
   * so one bad timer holds back only itself. Milestone checks, which lock whole plans, go alone.
   */
  async fireAll(timerIds: string[]): Promise<FiringOutcome[]> {
    if (timerIds.length <= 1) return Promise.all(timerIds.map((id) => this.fire(id)));
    const live: LiveTimer[] = await this.dataSource.query(
      `${LIVE_TIMERS} WHERE tm.id = ANY($1::bigint[]) AND tm.state IN ('pending', 'claimed') ORDER BY COALESCE(tm.task_id, o.task_id), tm.id`,
      [timerIds],
    );
    const together = live.filter((timer) => timer.kind !== 'milestone_check');
    const alone = live.filter((timer) => timer.kind === 'milestone_check').map((timer) => timer.id);
    const outcomes = new Map<string, FiringOutcome>();
    try {
      await this.dataSource.transaction(async (manager) => {
        for (const [id, outcome] of await this.fireChunkIn(manager, together)) outcomes.set(id, outcome);
      });
    } catch (error) {
      outcomes.clear();
      this.logger.warn(`a chunk of ${together.length} timers failed together (${(error as Error).message}); firing them one by one`);
      alone.unshift(...together.map((timer) => timer.id));
    }
    const failures: unknown[] = [];
    for (const id of alone) {
      try {
        outcomes.set(id, await this.fire(id));
      } catch (error) {
        failures.push(error);
      }
    }
    // the job is retried for the ones that failed; the ones applied are 'gone' then
    if (failures.length > 0) throw failures[0];
    return timerIds.map((id) => outcomes.get(id) ?? 'gone');
  }

  /**
   * Timers (one, or a chunk) in the caller's transaction with few statements: their tasks locked in
   * one statement (in id order; a timer's subject never changes, so `lock_task` was read before
   * locking), then their timer rows, then the facts of every task; timers already fired or cancelled
   * are 'gone'; the deadline timers' events and notices are written together at the end (or before
   * any other kind of timer touches the database), and every timer is marked fired by one statement.
   */
  private async fireChunkIn(manager: EntityManager, chunk: LiveTimer[]): Promise<Map<string, FiringOutcome>> {
    const taskIds = [...new Set(chunk.flatMap((timer) => (timer.lock_task ? [timer.lock_task] : [])))];
    const tasks = await this.workflow.lockTasks(manager, taskIds);
    const timers = new Map(
      (
        await queryPrepared<TimerRow>(
          manager,
          'SELECT id::text, kind, task_id::text, order_id::text, plan_id::text, due_at, state, payload FROM timers WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE',
          [chunk.map((timer) => timer.id)],
        )
      ).map((timer) => [timer.id, timer]),
    );
    const facts = await this.taskFactsOf(manager, [...tasks.keys()]);
    const now = this.clock.now();
    const outcomes = new Map<string, FiringOutcome>();
    const writes: ChunkWrites = { transitions: [], notices: [] };
    for (const live of chunk) {
      const timer = timers.get(live.id);
      if (!timer || timer.state === 'fired' || timer.state === 'cancelled') {
        outcomes.set(live.id, 'gone');
        continue;
      }
      const task = live.lock_task ? (tasks.get(live.lock_task) ?? null) : null;
      const known = task ? facts.get(task.id) : undefined;
      outcomes.set(live.id, await this.apply(manager, timer, task, known, now, writes));
      // of a task's facts, a timer's events change only these two, which the new snapshot carries
      if (task?.snapshot && known) {
        known.overdue = task.snapshot.context.overdue ?? known.overdue;
        known.escalation_level = task.snapshot.context.escalationLevel ?? known.escalation_level;
      }
    }
    await this.flush(manager, writes, now);
    const fired = [...outcomes].filter(([, outcome]) => outcome !== 'gone');
    if (fired.length > 0) {
      await queryPrepared(
        manager,
        `UPDATE timers tm SET state = 'fired', fired_at = $3, lease_until = NULL, payload = tm.payload || jsonb_build_object('outcome', f.outcome)
           FROM unnest($1::bigint[], $2::text[]) AS f(id, outcome) WHERE tm.id = f.id`,
        [fired.map(([id]) => id), fired.map(([, outcome]) => outcome), now],
      );
    }
    return outcomes;
  }

  /**
   * `facts`: the task's facts as they are now. `writes`: where the deadline timers' writes are
   * collected; any other timer writes what was collected first.
   */
  private async apply(
    manager: EntityManager,
    timer: TimerRow,
    task: LockedTask | null,
    facts: TaskFacts | undefined,
    now: Date,
    writes: ChunkWrites,
  ): Promise<FiringOutcome> {
    const batched = BATCHED_KINDS.has(timer.kind) ? writes : undefined;
    if (!batched) await this.flush(manager, writes, now);
    if (timer.kind === 'milestone_check') {
      await this.checks.runInTransaction(manager, timer.plan_id as string, String(timer.payload.asOf), 'timer', null);
      return 'applied';
    }
    // the facts are read for every locked task in the same transaction: without them there is no task
    if (!task || !facts || task.state === 'closed') return 'skipped';
    switch (timer.kind) {
      case 'task_reminder': {
        const daysLeft = Number(timer.payload.offsetDays);
        await this.system(manager, task, { type: 'REMINDER', payload: { kind: 'due', offsetDays: daysLeft }, actor: { kind: 'system' } }, batched);
        await this.notify(
          manager,
          batched,
          {
            unitIds: facts.lead_unit_ids,
            kind: 'notice',
            taskId: task.id,
            orderId: null,
            title: `【到期提醒】第${facts.seq}项将于${facts.due_on}到期（还有${daysLeft}天）：${excerpt(facts.text)}`,
            dueOn: facts.due_on,
            payload: { timerId: timer.id, step: 'reminder', offsetDays: daysLeft },
          },
          now,
        );
        return 'applied';
      }
      case 'task_overdue': {
        if (facts.overdue) return 'skipped';
        await this.system(manager, task, { type: 'OVERDUE', payload: {}, actor: { kind: 'system' } }, batched);
        await this.system(manager, task, { type: 'ESCALATE', payload: { level: 1 }, actor: { kind: 'system' } }, batched);
        await this.notify(
          manager,
          batched,
          {
            unitIds: facts.lead_unit_ids,
            kind: 'notice',
            taskId: task.id,
            orderId: null,
            title: `【催办】第${facts.seq}项已于${facts.due_on}到期，尚未办结：${excerpt(facts.text)}`,
            dueOn: null,
            payload: { timerId: timer.id, step: 'urge', level: 1 },
          },
          now,
        );
        await this.notify(
          manager,
          batched,
          {
            unitIds: await this.unitsOfKind(manager, facts.jurisdiction, 'supervision'),
            kind: 'notice',
            taskId: task.id,
            orderId: null,
            title: `【逾期】第${facts.seq}项已逾期：${excerpt(facts.text)}`,
            dueOn: null,
            payload: { timerId: timer.id, step: 'urge', level: 1 },
          },
          now,
        );
        return 'applied';
      }
      case 'task_escalate': {
        const level = Number(timer.payload.level);
        if (facts.escalation_level >= level) return 'skipped';
        await this.system(manager, task, { type: 'ESCALATE', payload: { level }, actor: { kind: 'system' } }, batched);
        // days since the due day ended, as the ladder counts them
        const overdueDays = daysBetween(addDays(facts.due_on, 1), calendarDayIn(now, this.config.planTimezone));
        if (timer.payload.step === 'interview') {
          await this.notify(
            manager,
            batched,
            {
              unitIds: await this.unitsOfKind(manager, facts.jurisdiction, 'supervision'),
              kind: 'interview',
              taskId: task.id,
              orderId: null,
              title: `【约谈】第${facts.seq}项逾期${overdueDays}天，约谈牵头单位：${excerpt(facts.text)}`,
              dueOn: null,
              payload: { timerId: timer.id, step: 'interview', level },
            },
            now,
          );
        } else {
          const committeeOffices = await this.unitsOfKind(manager, facts.jurisdiction, 'office');
          await this.notify(
            manager,
            batched,
            {
              unitIds: [...committeeOffices, ...facts.lead_unit_ids],
              kind: 'notice',
              taskId: task.id,
              orderId: null,
              title: `【督办】第${facts.seq}项逾期${overdueDays}天：${excerpt(facts.text)}`,
              dueOn: null,
              payload: { timerId: timer.id, step: String(timer.payload.step), level },
            },
            now,
          );
        }
        return 'applied';
      }
      case 'order_reminder':
      case 'order_overdue':
        return this.orderEffect(manager, timer, task, facts, now);
      case 'report_period':
        return this.openPeriodReport(manager, timer, task, facts, now);
      case 'report_overdue':
        return this.chaseMissingReport(manager, timer, task, facts, now);
      default:
        this.logger.warn(`timer ${timer.id} has an unknown kind ${timer.kind}; marked fired without effect`);
        return 'skipped';
    }
  }

  private async orderEffect(manager: EntityManager, timer: TimerRow, task: LockedTask, facts: TaskFacts, now: Date): Promise<FiringOutcome> {
    const [order]: { id: string; unit_id: string; snapshot: unknown; due_on: string; round: number }[] = await queryPrepared(
      manager,
      'SELECT id::text, unit_id::text, snapshot, due_on, round FROM rectification_orders WHERE id = $1 FOR UPDATE',
      [timer.order_id],
    );
    if (!order) return 'gone';
    const overdue = timer.kind === 'order_overdue';
    const event = (
      overdue ? { type: 'OVERDUE', payload: {} } : { type: 'REMINDER', payload: { kind: 'due', offsetDays: Number(timer.payload.offsetDays) } }
    ) as Pick<OrderEvent, 'type' | 'payload'>;
    const result = applyOrderEvent(isPersistedOrderSnapshot(order.snapshot) ? order.snapshot : null, {
      ...event,
      actor: { kind: 'system' },
      taskState: task.state,
    } as OrderEvent);
    if (!result.ok) {
      if (result.code === 'not_allowed_now') return 'skipped'; // answered already
      throw refusalException(result);
    }
    await queryPrepared(
      manager,
      'UPDATE rectification_orders SET state = $2, snapshot = $3, overdue = $4, escalation_level = $5, version = version + 1 WHERE id = $1',
      [order.id, result.to, JSON.stringify(result.snapshot), result.context.overdue, result.context.escalationLevel],
    );
    await this.workflow.appendAudit(
      manager,
      task,
      overdue ? 'ORDER_OVERDUE' : 'ORDER_REMINDER',
      { kind: 'system' },
      { orderId: order.id, unitId: order.unit_id, round: order.round, ...timer.payload },
    );
    const title = overdue
      ? `【整改逾期】第${facts.seq}项第${order.round}轮整改已于${order.due_on}到期，尚未提交：${excerpt(facts.text)}`
      : `【整改提醒】第${facts.seq}项第${order.round}轮整改将于${order.due_on}到期（还有${timer.payload.offsetDays}天）`;
    const unitIds = overdue ? [order.unit_id, ...(await this.unitsOfKind(manager, facts.jurisdiction, 'supervision'))] : [order.unit_id];
    await this.inbox.notify(
      manager,
      {
        unitIds,
        kind: 'notice',
        taskId: task.id,
        orderId: order.id,
        title,
        dueOn: overdue ? null : order.due_on,
        payload: { timerId: timer.id, step: overdue ? 'order_overdue' : 'order_reminder' },
      },
      now,
    );
    return 'applied';
  }

  /** A reporting period has ended: the lead units owe a progress report, the support units their input. */
  private async openPeriodReport(manager: EntityManager, timer: TimerRow, task: LockedTask, facts: TaskFacts, now: Date): Promise<FiringOutcome> {
    const { periodEnd, reportDueOn, label } = timer.payload as { periodEnd: string; reportDueOn: string; label: string };
    // the next period is owed too, whatever this one brings
    await this.timers.scheduleTaskTimer(
      manager,
      task.id,
      nextReportTimer(addDays(periodEnd, 1), { timeZone: this.config.planTimezone, policy: storedDeadlinePolicy(facts.deadline_policy) }),
      now,
    );
    if (task.state !== 'in_progress' && task.state !== 'rectify') return 'skipped';
    await this.system(manager, task, { type: 'REMINDER', payload: { kind: 'report_period', offsetDays: 0 }, actor: { kind: 'system' } });
    await this.inbox.openReport(
      manager,
      {
        unitIds: facts.lead_unit_ids,
        taskId: task.id,
        title: `报送进展：第${facts.seq}项${label}进展（${reportDueOn}前）：${excerpt(facts.text)}`,
        dueOn: reportDueOn,
        payload: { timerId: timer.id, periodEnd },
      },
      now,
    );
    const supports: { unit_id: string }[] = await queryPrepared(manager, `SELECT unit_id::text FROM task_units WHERE task_id = $1 AND role = 'support'`, [
      task.id,
    ]);
    await this.inbox.notify(
      manager,
      {
        unitIds: supports.map((s) => s.unit_id),
        kind: 'notice',
        taskId: task.id,
        orderId: null,
        title: `【配合报送】第${facts.seq}项${label}进展请于${reportDueOn}前报牵头单位`,
        dueOn: reportDueOn,
        payload: { timerId: timer.id, step: 'report_request', periodEnd },
      },
      now,
    );
    await this.timers.scheduleTaskTimer(manager, task.id, reportOverdueTimer(periodEnd, reportDueOn, label, this.config.planTimezone), now);
    return 'applied';
  }

  /** The report's due day has passed: if it is still missing, chase the lead units and tell the supervising office. */
  private async chaseMissingReport(manager: EntityManager, timer: TimerRow, task: LockedTask, facts: TaskFacts, now: Date): Promise<FiringOutcome> {
    const { reportDueOn, label } = timer.payload as { reportDueOn: string; label: string };
    const missing: { unit_id: string }[] = await queryPrepared(
      manager,
      `SELECT unit_id::text FROM inbox_items WHERE task_id = $1 AND kind = 'report_progress' AND status = 'open'`,
      [task.id],
    );
    if (missing.length === 0) return 'skipped';
    await this.system(manager, task, { type: 'REMINDER', payload: { kind: 'report_overdue', offsetDays: 0 }, actor: { kind: 'system' } });
    await this.inbox.notify(
      manager,
      {
        unitIds: missing.map((m) => m.unit_id),
        kind: 'notice',
        taskId: task.id,
        orderId: null,
        title: `【催报】第${facts.seq}项${label}进展应于${reportDueOn}前报送，尚未收到`,
        dueOn: null,
        payload: { timerId: timer.id, step: 'report_overdue' },
      },
      now,
    );
    await this.inbox.notify(
      manager,
      {
        unitIds: await this.unitsOfKind(manager, facts.jurisdiction, 'supervision'),
        kind: 'notice',
        taskId: task.id,
        orderId: null,
        title: `【缺报】第${facts.seq}项${label}进展未按期报送`,
        dueOn: null,
        payload: { timerId: timer.id, step: 'report_overdue' },
      },
      now,
    );
    return 'applied';
  }

  private async system(manager: EntityManager, task: LockedTask, event: TaskEvent, writes?: ChunkWrites): Promise<void> {
    if (writes) await this.workflow.applyOrDefer(manager, task, event, writes.transitions);
    else await this.workflow.applyInTransaction(manager, task, event);
  }

  private async notify(manager: EntityManager, writes: ChunkWrites | undefined, item: NoticeItem, now: Date): Promise<void> {
    if (writes) writes.notices.push(item);
    else await this.inbox.notify(manager, item, now);
  }

  private async flush(manager: EntityManager, writes: ChunkWrites, now: Date): Promise<void> {
    await this.workflow.writeDeferred(manager, writes.transitions, now);
    await this.inbox.notifyAll(manager, writes.notices, now);
    writes.notices.length = 0;
  }

  private async taskFactsOf(manager: EntityManager, taskIds: string[]): Promise<Map<string, TaskFacts>> {
    if (taskIds.length === 0) return new Map();
    const rows = await queryPrepared<TaskFacts & { id: string }>(
      manager,
      `SELECT t.id::text, t.seq, t.text, t.due_on, p.jurisdiction, t.overdue, t.escalation_level, p.deadline_policy,
              ARRAY(SELECT tu.unit_id::text FROM task_units tu WHERE tu.task_id = t.id AND tu.role = 'lead' ORDER BY tu.position) AS lead_unit_ids
         FROM tasks t JOIN plans p ON p.id = t.plan_id WHERE t.id = ANY($1::bigint[])`,
      [taskIds],
    );
    return new Map(rows.map((row) => [row.id, row]));
  }

  /** `supervision`: the supervising office (督查室, its inspectors); `office`: the committees' offices (爱卫办, 健推办). */
  private async unitsOfKind(manager: EntityManager, jurisdiction: string, kind: 'supervision' | 'office'): Promise<string[]> {
    const rows: { id: string }[] = await queryPrepared(manager, 'SELECT id::text FROM units WHERE jurisdiction = $1 AND kind = $2 ORDER BY id', [
      jurisdiction,
      kind,
    ]);
    return rows.map((row) => row.id);
  }
}
