import { calendarDayIn, instantOfDay } from '../calendar/calendar-day';
import { addCountedDays, type DayCount } from '../calendar/working-days';
import type { TaskUrgency } from '../ledger/ledger-task';
import type { TimerSpec } from './deadline-policy';

/**
 * 紧急事项的反馈节奏: an urgent task's lead units report progress on a short rhythm until the due day
 * (first within `urgentFirstDays`, then every `urgentEveryDays`); after the due day the ladder takes over.
 */
export interface FeedbackRhythm {
  /** the first feedback this many days after the task is created (0: urgent tasks have no rhythm) */
  urgentFirstDays: number;
  /** each further feedback this many days after the last one, or after the progress report that gave it */
  urgentEveryDays: number;
  days: DayCount;
}

export const DEFAULT_FEEDBACK_RHYTHM: Readonly<FeedbackRhythm> = Object.freeze({ urgentFirstDays: 1, urgentEveryDays: 3, days: 'working' });

export interface FeedbackTimerOptions {
  rhythm: FeedbackRhythm;
  timeZone: string;
  /** the hour of the day the feedback falls due (the deadline policy's reminder hour) */
  hour: number;
}

/** A feedback due on `on`: a progress report after `since` gives it. */
export function feedbackTimer(on: string, since: Date, dueOn: string, options: FeedbackTimerOptions): TimerSpec {
  return { kind: 'task_feedback', dueAt: instantOfDay(on, options.timeZone, options.hour), payload: { on, since: since.toISOString(), dueOn } };
}

/** The first feedback of a task created at `now` and due on `dueOn`; none for a task that is not urgent, or when it would fall after the due day. */
export function firstFeedbackTimer(urgency: TaskUrgency, dueOn: string, now: Date, options: FeedbackTimerOptions): TimerSpec | null {
  const { rhythm } = options;
  if (urgency !== 'urgent' || rhythm.urgentFirstDays === 0) return null;
  const on = addCountedDays(calendarDayIn(now, options.timeZone), rhythm.urgentFirstDays, rhythm.days);
  return on <= dueOn ? feedbackTimer(on, now, dueOn, options) : null;
}

export interface FeedbackFacts {
  /** the feedback's own day and the instant after which a progress report gives it */
  on: string;
  since: Date;
  /** the task's due day now (it may have moved since the feedback was armed) */
  dueOn: string;
  /** the task's latest progress report, if any */
  lastReportAt: Date | null;
  now: Date;
}

export interface FeedbackDecision {
  /** no progress report came since the feedback was armed: remind the lead units */
  remind: boolean;
  /** the next feedback, or null once it would fall after the due day (the ladder's turn) */
  next: TimerSpec | null;
}

/**
 * What a feedback timer does when it falls due. A progress report since it was armed gave the feedback:
 * no reminder, and the next one is due `urgentEveryDays` after that report. Without one the lead units
 * are reminded and the next is due `urgentEveryDays` after this one. Either way never before tomorrow.
 */
export function feedbackDecision(facts: FeedbackFacts, options: FeedbackTimerOptions): FeedbackDecision {
  const { rhythm, timeZone } = options;
  const reported = facts.lastReportAt !== null && facts.lastReportAt.getTime() > facts.since.getTime();
  const today = calendarDayIn(facts.now, timeZone);
  const from = reported ? calendarDayIn(facts.lastReportAt as Date, timeZone) : facts.on;
  let on = addCountedDays(from, Math.max(rhythm.urgentEveryDays, 1), rhythm.days);
  if (on <= today) on = addCountedDays(today, 1, rhythm.days);
  const since = reported ? (facts.lastReportAt as Date) : facts.now;
  return { remind: !reported, next: on <= facts.dueOn ? feedbackTimer(on, since, facts.dueOn, options) : null };
}
