import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@duban/config';
import { Clock, isFinishedTaskState } from '@duban/domain';
import { InboxStore, type NoticeItem } from '@duban/inbox';
import { type DeferredTransition, TaskFactsService, TaskStore } from '@duban/tasks';
import type { TimerContext } from './timer-handler';
import { TimerHandlerRegistry } from './timer-handlers.registry';
import { type FiringOutcome, TimerStore } from './timer.store';

/** The writes of a chunk's batched handlers, sent together. */
interface ChunkWrites {
  transitions: DeferredTransition[];
  notices: NoticeItem[];
}

/**
 * Fires timers: claims the due ones, and applies each timer's effect (its kind's handler) in a
 * transaction that also marks it fired, so an effect is applied once however often its job runs.
 * Lock order is task, then order, then timer, as everywhere else.
 */
@Injectable()
export class TimerFiringService {
  private readonly logger = new Logger(TimerFiringService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly timers: TimerStore,
    private readonly tasks: TaskStore,
    private readonly taskFacts: TaskFactsService,
    private readonly inbox: InboxStore,
    private readonly handlers: TimerHandlerRegistry,
  ) {}

  /**
   * Claims up to `limit` timers due by the clock's now, and claimed ones whose lease lapsed; answers
   * them grouped by the task they lock (in due order within a task), so that chunks fired at the
   * same time rarely wait for each other's tasks.
   */
  async claimDue(limit: number): Promise<{ id: string; attempts: number }[]> {
    const rows = await this.timers.claimDue(this.dataSource, this.clock.now(), limit, this.config.timerLeaseSeconds);
    const byTask = (row: (typeof rows)[number]): bigint => BigInt(row.lock_task ?? 0);
    rows.sort((a, b) =>
      byTask(a) === byTask(b) ? a.due_at.getTime() - b.due_at.getTime() || Number(BigInt(a.id) - BigInt(b.id)) : byTask(a) < byTask(b) ? -1 : 1,
    );
    return rows.map(({ id, attempts }) => ({ id, attempts }));
  }

  pendingDue(): Promise<number> {
    return this.timers.pendingDue(this.dataSource, this.clock.now());
  }

  nextAfterNow(): Promise<Date | null> {
    return this.timers.nextAfter(this.dataSource, this.clock.now());
  }

  nextDue(until: Date): Promise<{ id: string; dueAt: Date } | null> {
    return this.timers.nextDue(this.dataSource, until);
  }

  async fire(timerId: string): Promise<FiringOutcome> {
    return this.dataSource.transaction(async (manager) => (await this.fireChunkIn(manager, [timerId], true)).outcomes.get(timerId) ?? 'gone');
  }

  /**
   * Fires timers claimed together in one transaction, locking their tasks in id order (two chunks
   * never wait on each other in a cycle). If the transaction fails, each timer is fired on its own,
   * so one bad timer holds back only itself. Plan timers (milestone checks lock whole plans) go alone.
   */
  async fireAll(timerIds: string[]): Promise<FiringOutcome[]> {
    if (timerIds.length <= 1) return Promise.all(timerIds.map((id) => this.fire(id)));
    const outcomes = new Map<string, FiringOutcome>();
    let alone: string[] = [];
    try {
      await this.dataSource.transaction(async (manager) => {
        const fired = await this.fireChunkIn(manager, timerIds, false);
        for (const [id, outcome] of fired.outcomes) outcomes.set(id, outcome);
        alone = fired.alone;
      });
    } catch (error) {
      outcomes.clear();
      this.logger.warn(`a chunk of ${timerIds.length} timers failed together (${(error as Error).message}); firing them one by one`);
      alone = [...timerIds];
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
   * id order with every task's facts in one statement, then their timer rows; timers already fired,
   * cancelled or deleted are 'gone'; batched handlers' writes go together at the end (or before any
   * other handler touches the database), and every timer is marked fired by one statement. Without
   * `withPlanTimers`, plan timers are left untouched and answered in `alone`, to be fired on their own.
   */
  private async fireChunkIn(
    manager: EntityManager,
    timerIds: string[],
    withPlanTimers: boolean,
  ): Promise<{ outcomes: Map<string, FiringOutcome>; alone: string[] }> {
    const { tasks, facts, stale } = await this.tasks.lockTasksOfTimers(manager, timerIds);
    // a task changed by a transaction that committed while this one waited for its lock: its facts again
    for (const [id, fresh] of await this.taskFacts.timerFactsOf(manager, stale)) facts.set(id, fresh);
    const timers = await this.timers.lock(manager, timerIds);
    const now = this.clock.now();
    const outcomes = new Map<string, FiringOutcome>();
    const alone: string[] = [];
    const writes: ChunkWrites = { transitions: [], notices: [] };
    for (const timerId of timerIds) {
      const timer = timers.get(timerId);
      if (!timer || timer.state === 'fired' || timer.state === 'cancelled') {
        outcomes.set(timerId, 'gone');
        continue;
      }
      const handler = this.handlers.handlerOf(timer.kind);
      if (!handler) {
        this.logger.warn(`timer ${timer.id} has an unknown kind ${timer.kind}; marked fired without effect`);
        outcomes.set(timerId, 'skipped');
        continue;
      }
      if (handler.subject === 'plan' && !withPlanTimers) {
        alone.push(timerId);
        continue;
      }
      const task = timer.lock_task ? (tasks.get(timer.lock_task) ?? null) : null;
      const known = task ? (facts.get(task.id) ?? null) : null;
      // the facts are read for every locked task in the same transaction: without them there is no task
      if (handler.subject === 'task' && (!task || !known || isFinishedTaskState(task.state))) {
        outcomes.set(timerId, 'skipped');
        continue;
      }
      if (!handler.batched) await this.flush(manager, writes, now);
      const context: TimerContext = {
        manager,
        timer,
        task,
        facts: known,
        now,
        deferred: handler.batched ? writes.transitions : null,
        notify: async (item) => {
          if (handler.batched) writes.notices.push(item);
          else await this.inbox.notifyAll(manager, [item], now);
        },
      };
      outcomes.set(timerId, await handler.fire(context));
      // of a task's facts, a timer's events change only these two, which the new snapshot carries
      if (task?.snapshot && known) {
        known.overdue = task.snapshot.context.overdue ?? known.overdue;
        known.escalation_level = task.snapshot.context.escalationLevel ?? known.escalation_level;
      }
    }
    await this.flush(manager, writes, now);
    await this.timers.markFired(
      manager,
      [...outcomes].filter(([, outcome]) => outcome !== 'gone'),
      now,
    );
    return { outcomes, alone };
  }

  private async flush(manager: EntityManager, writes: ChunkWrites, now: Date): Promise<void> {
    await this.tasks.writeDeferred(manager, writes.transitions, now);
    await this.inbox.notifyAll(manager, writes.notices, now);
    writes.notices.length = 0;
  }
}
