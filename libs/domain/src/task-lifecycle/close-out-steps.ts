import { calendarDayIn } from '../calendar/calendar-day';
import type { DayCount } from '../calendar/working-days';
import { closeOutStepDueOn } from '../timers/close-out-terms';
import type { CloseOutGrade, CloseOutRole, CloseOutStep } from './close-out.types';
import type { TaskState } from './task-lifecycle.types';

/** One audit event of a task, as the chain's view reads it (seq order). */
export interface ChainEvent {
  type: string;
  fromState: TaskState;
  toState: TaskState;
  actorUserId: string | null;
  at: Date;
  payload: Record<string, unknown>;
}

export type CloseOutStepStatus = 'done' | 'current' | 'pending';

export interface CloseOutStepView {
  /** 0 is the inspector's verdict; the plan's steps follow */
  index: number;
  title: string;
  role: CloseOutRole;
  termDays: number | null;
  status: CloseOutStepStatus;
  /** the day the current step's term ends, counted from the day the task reached it */
  dueOn: string | null;
  /** the current step's term has passed (its approver has been reminded) */
  overdue: boolean;
  /** who completed the step, and when (done steps) */
  by: { userId: string } | null;
  at: string | null;
  /** the reason of the last return that sent the task back to (or before) this step */
  returnedReason: string | null;
}

export interface CloseOutChainView {
  steps: CloseOutStepView[];
  grade: CloseOutGrade | null;
}

/** The inspector's verdict opens every chain; it has no term of its own (the task's due day applies). */
export const VERDICT_STEP: CloseOutStep = { title: '督查员评定', role: 'inspector', termDays: null, returnTo: 'previous' };

/**
 * Where a task stands in its close-out chain, replayed from its audit trail: the steps the task entered
 * with (or, before it entered, the plan's), which are done, by whom and when, which one is current and
 * when its term ends (`days`: the plan's `deadlines.days`) and whether that day has passed (`today`, in the plan's zone).
 */
export function closeOutChainOf(
  steps: readonly CloseOutStep[],
  events: readonly ChainEvent[],
  days: DayCount,
  timeZone: string,
  today?: string,
): CloseOutChainView {
  const all = [VERDICT_STEP, ...steps];
  const done: ({ userId: string | null; at: Date } | null)[] = all.map(() => null);
  let current: number | null = null;
  let reachedAt: Date | null = null;
  let grade: CloseOutGrade | null = null;
  let returnedReason: string | null = null;
  const reset = () => done.fill(null);

  for (const event of events) {
    const by = { userId: event.actorUserId, at: event.at };
    if (event.type === 'INSPECT') {
      reset();
      // a pass into the chain completes the verdict; a fail (or a pass without a chain) leaves the chain
      if (event.toState === 'closing') [done[0], current, reachedAt] = [by, 1, event.at];
      else current = null;
    } else if (event.type === 'APPROVE_CLOSE' && current !== null) {
      done[current] = by;
      if (event.toState === 'closed') [grade, current] = [(event.payload.grade as CloseOutGrade | undefined) ?? null, null];
      else [current, reachedAt] = [current + 1, event.at];
    } else if (event.type === 'RETURN_CLOSE' && current !== null) {
      returnedReason = typeof event.payload.reason === 'string' ? event.payload.reason : null;
      if (event.toState === 'closing') {
        done[current - 1] = null;
        [current, reachedAt] = [current - 1, event.at];
      } else {
        reset();
        [current, reachedAt] = [event.toState === 'self_assessed' ? 0 : null, event.at];
      }
    } else if (event.toState === 'self_assessed' && event.fromState !== 'self_assessed') {
      // a submission reaches the inspector: the chain starts over
      reset();
      [current, reachedAt, grade, returnedReason] = [0, event.at, null, null];
    } else if (event.type === 'REOPEN') {
      reset();
      [current, reachedAt, grade] = [null, null, null];
    }
  }

  return {
    grade,
    steps: all.map((step, index): CloseOutStepView => {
      const status: CloseOutStepStatus = done[index] ? 'done' : index === current ? 'current' : 'pending';
      const startDay = status === 'current' && reachedAt && step.termDays !== null ? calendarDayIn(reachedAt, timeZone) : null;
      const dueOn = startDay === null || step.termDays === null ? null : closeOutStepDueOn(startDay, step.termDays, days);
      const completed = done[index];
      return {
        index,
        title: step.title,
        role: step.role,
        termDays: step.termDays,
        status,
        dueOn,
        overdue: dueOn !== null && today !== undefined && dueOn < today,
        by: completed?.userId ? { userId: completed.userId } : null,
        at: completed ? completed.at.toISOString() : null,
        returnedReason: index === current ? returnedReason : null,
      };
    }),
  };
}
