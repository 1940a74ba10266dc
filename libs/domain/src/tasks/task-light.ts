import { isFinishedTaskState } from '../task-lifecycle/task-lifecycle.constants';
import { daysBetween } from '../calendar/calendar-day';

export type TaskLight = 'green' | 'yellow' | 'red';

export interface TaskLightInput {
  state: string;
  overdue: boolean;
  /** the task's due day, `YYYY-MM-DD` */
  dueOn: string;
  /** today in the plan's time zone */
  today: string;
  /** days before the due day in which an open task that is not yet self-assessed turns yellow */
  yellowWindowDays?: number;
  rectificationOrderOverdue?: boolean;
  periodicReportMissing?: boolean;
}

/** The facts a light is decided on. */
export type TaskLightFact = 'cancelled' | 'finished' | 'flaggedOverdue' | 'pastDue' | 'orderOverdue' | 'dueWithinWindow' | 'notYetAssessed' | 'reportMissing';

/** A rule gives its light when any of its clauses holds; a clause holds when all of its facts hold. */
export interface TaskLightRule {
  /** null: no light at all (a cancelled task) */
  light: TaskLight | null;
  anyOf: readonly (readonly TaskLightFact[])[];
}

export const YELLOW_WINDOW_DAYS = 30;

/** States in which the lead unit has claimed the task done (or it is closed): due soon no longer turns them yellow. */
export const ASSESSED_OR_LATER_STATES: readonly string[] = ['self_assessed', 'inspected', 'closing', 'rectify', 'closed', 'cancelled'];

/**
 * The traffic light, as data: the first rule that holds decides, else green. A cancelled task (撤销) has no light:
 * it is shown as 已撤销, not as a colour, and no light filter finds it. A closed task is green;
 * red when overdue (flagged, or past its due day while open) or a rectification order is overdue;
 * yellow when due within the window and not yet self-assessed, or a periodic report is missing.
 * `taskLight` evaluates these rules in TypeScript and `taskLightSql` (libs/tasks) renders the same
 * rules as SQL, so lists can filter by light without a second definition.
 */
export const TASK_LIGHT_RULES: readonly TaskLightRule[] = [
  { light: null, anyOf: [['cancelled']] },
  { light: 'green', anyOf: [['finished']] },
  { light: 'red', anyOf: [['flaggedOverdue'], ['pastDue'], ['orderOverdue']] },
  { light: 'yellow', anyOf: [['dueWithinWindow', 'notYetAssessed'], ['reportMissing']] },
];

export const TASK_LIGHT_OTHERWISE: TaskLight = 'green';

export function taskLightFacts(input: TaskLightInput): Record<TaskLightFact, boolean> {
  const daysLeft = daysBetween(input.today, input.dueOn);
  return {
    cancelled: input.state === 'cancelled',
    finished: isFinishedTaskState(input.state),
    flaggedOverdue: input.overdue,
    pastDue: daysLeft < 0,
    orderOverdue: input.rectificationOrderOverdue === true,
    dueWithinWindow: daysLeft <= (input.yellowWindowDays ?? YELLOW_WINDOW_DAYS),
    notYetAssessed: !ASSESSED_OR_LATER_STATES.includes(input.state),
    reportMissing: input.periodicReportMissing === true,
  };
}

export function decideLight(facts: Readonly<Record<TaskLightFact, boolean>>): TaskLight | null {
  const rule = TASK_LIGHT_RULES.find((candidate) => candidate.anyOf.some((clause) => clause.every((fact) => facts[fact])));
  return rule === undefined ? TASK_LIGHT_OTHERWISE : rule.light;
}

/** The traffic light of a task, always derived (see TASK_LIGHT_RULES); null for a cancelled task. */
export function taskLight(input: TaskLightInput): TaskLight | null {
  return decideLight(taskLightFacts(input));
}
