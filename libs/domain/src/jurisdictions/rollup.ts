import type { TaskLight } from '../tasks/task-light';

/** One lower government's task as the roll-up counts it. */
export interface RolledTask {
  state: string;
  /** null for a cancelled task: it has no light */
  light: TaskLight | null;
  overdue: boolean;
  /** its latest reported percent (null: none reported yet) */
  percent: number | null;
}

export interface RollUp {
  tasks: number;
  overdue: number;
  byState: Record<string, number>;
  byLight: Record<TaskLight, number>;
  /** the worst of its tasks' lights; null when it has no task serving the parent yet (or only cancelled ones) */
  light: TaskLight | null;
  /** the mean of its tasks' progress (a closed task counts 100, one not reported 0); null without tasks */
  percent: number | null;
}

const FINISHED = new Set(['closed']);

/** A lower government's share of a parent task, summed over the child tasks serving it. */
export function rollUp(tasks: readonly RolledTask[]): RollUp {
  const byState: Record<string, number> = {};
  const byLight: Record<TaskLight, number> = { red: 0, yellow: 0, green: 0 };
  let overdue = 0;
  let percentSum = 0;
  let counted = 0;
  for (const task of tasks) {
    byState[task.state] = (byState[task.state] ?? 0) + 1;
    if (task.light !== null) byLight[task.light] += 1;
    if (task.overdue) overdue += 1;
    if (task.state === 'cancelled') continue; // a cancelled task is nobody's progress
    percentSum += FINISHED.has(task.state) ? 100 : (task.percent ?? 0);
    counted += 1;
  }
  const light: TaskLight | null = byLight.red > 0 ? 'red' : byLight.yellow > 0 ? 'yellow' : byLight.green > 0 ? 'green' : null;
  return { tasks: tasks.length, overdue, byState, byLight, light, percent: counted === 0 ? null : Math.round(percentSum / counted) };
}
