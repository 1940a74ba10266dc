import { SetMetadata } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AnyTimerKind } from '@duban/domain';
import type { NoticeItem } from '@duban/inbox';
import type { DeferredTransition, LockedTask, TaskTimerFacts } from '@duban/tasks';
import type { FiringOutcome, TimerRow } from './timer.store';

export const TIMER_HANDLER = 'duban:timerHandler';

/** Marks a provider as the handler of one kind of timer; the registry finds it at start-up. */
export const HandlesTimer = (kind: AnyTimerKind): ClassDecorator => SetMetadata(TIMER_HANDLER, kind);

/** What a handler is given: the timer, its locked task and the task's facts, and where its writes go. */
export interface TimerContext {
  readonly manager: EntityManager;
  readonly timer: TimerRow;
  /** the task the effect locks (its own, or its order's); null for a plan's timer */
  readonly task: LockedTask | null;
  readonly facts: TaskTimerFacts | null;
  readonly now: Date;
  /** for a batched handler: system transitions written together at the chunk's end (null otherwise) */
  readonly deferred: DeferredTransition[] | null;
  /** a notice: sent with the chunk's others for a batched handler, at once otherwise */
  notify(item: NoticeItem): Promise<void>;
}

/** A context for a handler of a task's timer: its task is there and open (the engine skips the rest). */
export interface TaskTimerContext extends TimerContext {
  readonly task: LockedTask;
  readonly facts: TaskTimerFacts;
}

/**
 * The effect of one kind of timer, applied in the transaction that marks the timer fired.
 * `subject`: `task` handlers run only for a task that exists and is not closed (else the timer is
 * skipped); `plan` handlers get no task. `batched` handlers' writes (system events without effects,
 * notices) may wait for the end of the chunk, so a chunk of reminders costs two statements, not two
 * per timer; any other handler first has those writes flushed.
 */
export interface TimerHandler {
  readonly subject: 'task' | 'plan';
  readonly batched: boolean;
  fire(context: TimerContext): Promise<FiringOutcome>;
}
