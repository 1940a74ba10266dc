import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@duban/config';
import { Clock } from '@duban/domain';
import { InboxStore, type NoticeItem } from '@duban/inbox';
import { type DeferredTransition, TaskFactsService, TaskStore } from '@duban/tasks';
import type { TimerContext } from './timer-handler';
import { TimerHandlerRegistry } from './timer-handlers.registry';
import { type FiringOutcome, type LiveTimer, TimerStore } from './timer.store';

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

  nextDue(until: Date): Promise<{ id: string; dueAt: Date } | null> {
    return this.timers.nextDue(this.dataSource, until);
  }

  async fire(timerId: string): Promise<FiringOutcome> {
    const [live] = await this.timers.live(this.dataSource, [timerId]);
    if (!live) return 'gone';
    return this.dataSource.transaction(async (manager) => (await this.fireChunkIn(manager, [live])).get(live.id) ?? 'gone');
  }

  /**
   * Fires timers claimed together in one transaction, locking their tasks in id order (two chunks
   * never wait on each other in a cycle). If the transaction fails, each timer is fired on its own,
   * so one bad timer holds back only itself. Plan timers (milestone checks lock whole plans) go alone.
   */
  async fireAll(timerIds: string[]): Promise<FiringOutcome[]> {
    if (timerIds.length <= 1) return Promise.all(timerIds.map((id) => this.fire(id)));
    const live = await this.timers.live(this.dataSource, timerIds);
    const together = live.filter((timer) => this.handlers.handlerOf(timer.kind)?.subject !== 'plan');
    const alone = live.filter((timer) => this.handlers.handlerOf(timer.kind)?.subject === 'plan').map((timer) => timer.id);
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
   * are 'gone'; batched handlers' writes go together at the end (or before any other handler touches
   * the database), and every timer is marked fired by one statement.
   */
  private async fireChunkIn(manager: EntityManager, chunk: LiveTimer[]): Promise<Map<string, FiringOutcome>> {
    const taskIds = [...new Set(chunk.flatMap((timer) => (timer.lock_task ? [timer.lock_task] : [])))];
    const tasks = await this.tasks.lockTasks(manager, taskIds);
    const timers = await this.timers.lock(
      manager,
      chunk.map((timer) => timer.id),
    );
    const facts = await this.taskFacts.timerFactsOf(manager, [...tasks.keys()]);
    const now = this.clock.now();
    const outcomes = new Map<string, FiringOutcome>();
    const writes: ChunkWrites = { transitions: [], notices: [] };
    for (const live of chunk) {
      const timer = timers.get(live.id);
      if (!timer || timer.state === 'fired' || timer.state === 'cancelled') {
        outcomes.set(live.id, 'gone');
        continue;
      }
      const handler = this.handlers.handlerOf(timer.kind);
      if (!handler) {
        this.logger.warn(`timer ${timer.id} has an unknown kind ${timer.kind}; marked fired without effect`);
        outcomes.set(live.id, 'skipped');
        continue;
      }
      const task = live.lock_task ? (tasks.get(live.lock_task) ?? null) : null;
      const known = task ? (facts.get(task.id) ?? null) : null;
      // the facts are read for every locked task in the same transaction: without them there is no task
      if (handler.subject === 'task' && (!task || !known || task.state === 'closed')) {
        outcomes.set(live.id, 'skipped');
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
      outcomes.set(live.id, await handler.fire(context));
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
    return outcomes;
  }

  private async flush(manager: EntityManager, writes: ChunkWrites, now: Date): Promise<void> {
    await this.tasks.writeDeferred(manager, writes.transitions, now);
    await this.inbox.notifyAll(manager, writes.notices, now);
    writes.notices.length = 0;
  }
}
