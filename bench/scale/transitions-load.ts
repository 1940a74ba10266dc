import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import type { Client } from 'pg';

/**
 * The transitions of bench:scale: each task goes assigned → START → in_progress →
 * SUBMIT_SELF_ASSESSMENT → self_assessed → WITHDRAW → in_progress → …, the tasks taken round robin
 * (so no two requests touch one task at once), a fixed number of requests per load, every one of them
 * answered (autocannon's `amount`), and the answers counted by event type, so that they can be held
 * against the audit trail afterwards.
 */
export type CycleState = 'assigned' | 'in_progress' | 'self_assessed';
export const TRANSITION_TYPES = ['START', 'SUBMIT_SELF_ASSESSMENT', 'WITHDRAW'] as const;
type TransitionType = (typeof TRANSITION_TYPES)[number];

const NEXT: Record<CycleState, { type: TransitionType; payload: Record<string, unknown>; to: CycleState }> = {
  assigned: { type: 'START', payload: {}, to: 'in_progress' },
  in_progress: {
    type: 'SUBMIT_SELF_ASSESSMENT',
    payload: { rating: 'basically_completed', summary: '已按计划完成主要工作。', evidence: [{ title: '工作总结', url: 'https://example.org/report.pdf' }] },
    to: 'self_assessed',
  },
  self_assessed: { type: 'WITHDRAW', payload: {}, to: 'in_progress' },
};

export interface CycleTask {
  id: string;
  token: string;
  state: CycleState;
}

export interface TransitionLoad {
  requests: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  /** connection errors and timeouts */
  errors: number;
  sent: Record<TransitionType, number>;
  /** 2xx answers by event type */
  ok: Record<TransitionType, number>;
  /** every answer by status */
  statuses: Record<string, number>;
}

const perType = (): Record<TransitionType, number> => ({ START: 0, SUBMIT_SELF_ASSESSMENT: 0, WITHDRAW: 0 });

/** `amount` transitions from `connections` clients against `baseUrl`, continuing the cycle at `cursor.next`. */
export async function loadTransitions(
  baseUrl: string,
  connections: number,
  amount: number,
  tasks: CycleTask[],
  cursor: { next: number },
): Promise<TransitionLoad> {
  const sent = perType();
  const ok = perType();
  const statuses: Record<string, number> = {};
  // autocannon ends a fixed-amount load on its next whole second: the load's time runs from the first
  // request sent to the last answer received
  let first = 0;
  let last = 0;
  const result = await autocannon({
    url: baseUrl,
    connections,
    amount,
    pipelining: 1,
    timeout: 30,
    requests: [
      {
        setupRequest: (request, context) => {
          first ||= performance.now();
          const task = tasks[cursor.next++ % tasks.length];
          const step = NEXT[task.state];
          task.state = step.to;
          sent[step.type] += 1;
          (context as { type?: TransitionType }).type = step.type;
          return {
            ...request,
            method: 'POST',
            path: `/api/v1/tasks/${task.id}/events`,
            headers: { authorization: `Bearer ${task.token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ type: step.type, payload: step.payload }),
          };
        },
        onResponse: (status, _body, context) => {
          last = performance.now();
          statuses[status] = (statuses[status] ?? 0) + 1;
          const type = (context as { type?: TransitionType }).type;
          if (type && status >= 200 && status < 300) ok[type] += 1;
        },
      },
    ],
  });
  const seconds = (last - first) / 1_000;
  return {
    requests: result.requests.total,
    seconds,
    perSecond: result.requests.total / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    errors: result.errors + result.timeouts,
    sent,
    ok,
    statuses,
  };
}

/** The tasks' states as stored (a refused request leaves its task where it was). */
export async function reloadStates(db: Client, tasks: CycleTask[]): Promise<void> {
  const { rows } = await db.query<{ id: string; state: CycleState }>(`SELECT id::text, state FROM tasks WHERE id = ANY($1::bigint[])`, [
    tasks.map((t) => t.id),
  ]);
  const byId = new Map(rows.map((row) => [row.id, row.state]));
  for (const task of tasks) task.state = byId.get(task.id) as CycleState;
}

/** Where the audit trail and the tasks' versions stand, to count what a load wrote. */
export interface AuditMark {
  lastEventId: string;
  versions: number;
}

export async function auditMark(db: Client, taskIds: string[]): Promise<AuditMark> {
  const { rows } = await db.query<AuditMark>(
    `SELECT (SELECT coalesce(max(id), 0)::text FROM task_events) AS "lastEventId",
            (SELECT coalesce(sum(version), 0)::float8 FROM tasks WHERE id = ANY($1::bigint[])) AS versions`,
    [taskIds],
  );
  return rows[0];
}

/**
 * Exactly once, from the audit trail: the events each type wrote on the tasks since `mark` equal the
 * 2xx answers of that type, and the tasks' versions moved by as many (one per applied transition).
 */
export async function checkApplied(db: Client, taskIds: string[], mark: AuditMark, load: Pick<TransitionLoad, 'ok'>) {
  const { rows } = await db.query<{ type: string; n: number }>(
    `SELECT type, count(*)::int AS n FROM task_events WHERE id > $1::bigint AND task_id = ANY($2::bigint[]) GROUP BY type`,
    [mark.lastEventId, taskIds],
  );
  const written = Object.fromEntries(rows.map((row) => [row.type, row.n]));
  const after = await auditMark(db, taskIds);
  const events = rows.reduce((sum, row) => sum + row.n, 0);
  const answered = TRANSITION_TYPES.reduce((sum, type) => sum + load.ok[type], 0);
  const exactlyOnce =
    events === answered && after.versions - mark.versions === answered && TRANSITION_TYPES.every((type) => (written[type] ?? 0) === load.ok[type]);
  return { written, events, versionBumps: after.versions - mark.versions, exactlyOnce };
}
