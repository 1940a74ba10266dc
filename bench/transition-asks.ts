import type { Client } from 'pg';
import type { HttpRequest } from './load-drivers';
import type { Officer } from './officers';
import { shuffled } from './bench-support';

/** The cycle the transitions benchmark and its profiling tool send, and the tasks they send it to. */
export type TransitionState = 'assigned' | 'in_progress' | 'self_assessed';
export interface TransitionTask {
  id: string;
  token: string;
  unitId: string;
  state: TransitionState;
}

export const NEXT_TRANSITION: Record<TransitionState, { type: string; payload: Record<string, unknown>; to: TransitionState }> = {
  assigned: { type: 'START', payload: {}, to: 'in_progress' },
  in_progress: {
    type: 'SUBMIT_SELF_ASSESSMENT',
    payload: {
      rating: 'basically_completed',
      summary: '已按计划完成主要工作，正在巩固提升。',
      evidence: [{ title: '工作总结', url: 'https://example.org/report.pdf' }],
    },
    to: 'self_assessed',
  },
  self_assessed: { type: 'WITHDRAW', payload: {}, to: 'in_progress' },
};

/** Up to `count` tasks the officers lead, in a state the cycle handles, due after the reminders would fire; shuffled. */
export async function transitionTasks(db: Client, officers: Officer[], count: number): Promise<TransitionTask[]> {
  const tokens = new Map(officers.map((officer) => [officer.username, officer.token]));
  const { rows } = await db.query<{ id: string; unit_id: string; state: TransitionState }>(
    `SELECT t.id::text, tu.unit_id::text, t.state FROM task_units tu JOIN tasks t ON t.id = tu.task_id
      WHERE tu.unit_id = ANY($1::bigint[]) AND tu.role = 'lead' AND t.state IN ('assigned', 'in_progress', 'self_assessed') AND t.due_on > '2027-02-01'
      ORDER BY t.id LIMIT $2`,
    [officers.map((officer) => officer.unitId), count],
  );
  if (rows.length < Math.min(count, 100))
    throw new Error(`only ${rows.length} tasks for the transitions; a bigger dataset or more BENCH_LOGIN_USERS are needed`);
  return shuffled(
    rows.map((row) => ({ id: row.id, unitId: row.unit_id, state: row.state, token: tokens.get(`bench-u${row.unit_id}`) as string })),
    5,
  );
}

/** The tasks' states as stored (a refused request leaves its task where it was); answers their versions. */
export async function reloadStates(db: Client, tasks: TransitionTask[]): Promise<Map<string, number>> {
  const { rows } = await db.query<{ id: string; state: TransitionState; version: number }>(
    `SELECT id::text, state, version FROM tasks WHERE id = ANY($1::bigint[])`,
    [tasks.map((task) => task.id)],
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  for (const task of tasks) task.state = (byId.get(task.id) as { state: TransitionState }).state;
  return new Map(rows.map((row) => [row.id, row.version]));
}

/** The next task's next event, round robin (no two requests on one task at once); `sent` counts them by type. */
export function nextTransition(tasks: TransitionTask[], sent: Record<string, number> = {}): () => HttpRequest {
  let next = 0;
  return () => {
    const task = tasks[next++ % tasks.length];
    const step = NEXT_TRANSITION[task.state];
    task.state = step.to;
    sent[step.type] = (sent[step.type] ?? 0) + 1;
    return { method: 'POST', path: `/api/v1/tasks/${task.id}/events`, token: task.token, body: { type: step.type, payload: step.payload } };
  };
}
