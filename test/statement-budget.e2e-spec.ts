import { Client } from 'pg';
import { MilestoneCheckService, TimerFiringService } from '@duban/clock';
import { createTestApp, loginAs, type TestApp } from './support/test-app';
import { planLookups, SEED_TABLE, seedUnitsAndUsers } from './support/seed-helpers';

/**
 * The statements each step sends to PostgreSQL, counted on the wire (every `pg` Client query of the
 * process, transaction control included). A change that adds a round trip to a hot path fails here
 * with the statements listed; lowering a budget after a measured improvement is welcome. A user's event
 * answers the task as its write read it (no read after the effects): each answer is checked against
 * the task read back.
 */
const BUDGET = {
  // a user's event (transactionBegunByFirstStatement): its BEGIN goes out with the task's lock, and the statements
  // nothing reads the answer of (the inbox's changes, the timers replaced, the reports closed) with the next one or the COMMIT
  START: 3,
  REPORT_PROGRESS: 5,
  // the same with an Idempotency-Key: + the key's insert and the answer's (HOT) update; the keyed transaction's
  // BEGIN and COMMIT replace the service's, which joins it
  'REPORT_PROGRESS with an Idempotency-Key': 9,
  // its repeat: BEGIN, the insert that finds the key, the read of the answer, ROLLBACK
  'the repeat of a keyed REPORT_PROGRESS': 4,
  // the contribution's row (its period chosen in the same statement), then the inbox facts read after it and the item closed
  CONTRIBUTE: 5,
  // the plan's evidence policy (does it require a file?) comes with the task's lock
  SUBMIT_SELF_ASSESSMENT: 3,
  INSPECT: 3,
  ORDER_RECTIFICATION: 11,
  // + the plan's evidence policy
  'order submit (last of the round)': 17,
  REQUEST_EXTENSION: 3,
  APPROVE_EXTENSION: 3,
  'a chunk of 25 reminders': 7,
  'a milestone check of 45 tasks': 7,
} as const;

type Step = keyof typeof BUDGET;

describe('statements per step (round trips to PostgreSQL)', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  let taskId: (seq: number) => string;
  let planId: string;
  let counting = false;
  let sent: string[] = [];
  const originalQuery = Client.prototype.query;

  const measure = async <T>(step: Step, work: () => Promise<T>): Promise<T> => {
    sent = [];
    counting = true;
    let done: T;
    try {
      done = await work();
    } finally {
      counting = false;
    }
    if (process.env.SHOW_STATEMENTS) process.stdout.write(`${step}: ${sent.length}\n${sent.map((s) => `   ${s}`).join('\n')}\n`);
    const listing = sent.map((text, index) => `${index + 1}. ${text}`).join('\n');
    if (sent.length > BUDGET[step]) throw new Error(`${step}: ${sent.length} statements, the budget is ${BUDGET[step]}:\n${listing}`);
    return done;
  };
  /** the answer of a user's event is the task as the same user reads it afterwards */
  const answeredAsRead = async (username: string, seq: number, answer: { body: unknown }) => {
    const read = await t.http
      .get(`/api/v1/tasks/${taskId(seq)}`)
      .set('Authorization', `Bearer ${tokens[username]}`)
      .expect(200);
    expect(answer.body).toEqual(read.body);
  };
  const post = (username: string, path: string, body: object) =>
    t.http.post(`/api/v1${path}`).set('Authorization', `Bearer ${tokens[username]}`).send(body).expect(200);
  const send = (username: string, seq: number, type: string, payload: object = {}) => post(username, `/tasks/${taskId(seq)}/events`, { type, payload });
  const sendKeyed = (username: string, seq: number, key: string, type: string, payload: object) =>
    t.http
      .post(`/api/v1/tasks/${taskId(seq)}/events`)
      .set('Authorization', `Bearer ${tokens[username]}`)
      .set('Idempotency-Key', key)
      .send({ type, payload })
      .expect(200);

  beforeAll(async () => {
    // the guard's user read is cached per token: with the longest cache (a minute, longer than this file runs) it is not part of any step
    process.env.AUTH_USER_CACHE_MS = '60000';
    t = await createTestApp({ now: '2021-03-01T02:00:00Z' });
    delete process.env.AUTH_USER_CACHE_MS;
    await seedUnitsAndUsers(t);
    for (const username of ['admin', 'inspector', 'weijian', 'xuanchuanbu']) tokens[username] = await loginAs(t.http, username);
    const imported = await post('admin', '/plans/import', { content: SEED_TABLE, planStart: '2021-01-01' });
    planId = (imported.body as { planId: string }).planId;
    ({ taskId } = await planLookups(t, planId));
    // warm every token's cache entry
    for (const username of Object.keys(tokens)) await t.http.get('/api/v1/inbox').set('Authorization', `Bearer ${tokens[username]}`);
    Client.prototype.query = function countedQuery(this: Client, ...args: unknown[]) {
      if (counting) {
        const config = args[0] as string | { text?: string };
        const text = typeof config === 'string' ? config : (config.text ?? '');
        sent.push(text.replace(/\s+/g, ' ').trim().slice(0, 100));
      }
      return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof Client.prototype.query;
  });
  afterAll(async () => {
    Client.prototype.query = originalQuery;
    await t.close();
  });

  it('keeps each step of a task’s life within its budget', async () => {
    const targetId = ((await t.http.get(`/api/v1/tasks/${taskId(28)}`).set('Authorization', `Bearer ${tokens.weijian}`)).body as { targets: { id: string }[] })
      .targets[0].id;
    await answeredAsRead('weijian', 28, await measure('START', () => send('weijian', 28, 'START')));
    await answeredAsRead(
      'weijian',
      28,
      await measure('REPORT_PROGRESS', () =>
        send('weijian', 28, 'REPORT_PROGRESS', { percent: 40, summary: '巡讲已开展12场', indicators: [{ targetId, value: 25, asOf: '2021-02-28' }] }),
      ),
    );
    const keyed = { percent: 45, summary: '巡讲已开展14场', indicators: [{ targetId, value: 27, asOf: '2021-03-01' }] };
    await measure('REPORT_PROGRESS with an Idempotency-Key', () => sendKeyed('weijian', 28, 'report-1', 'REPORT_PROGRESS', keyed));
    await measure('the repeat of a keyed REPORT_PROGRESS', () => sendKeyed('weijian', 28, 'report-1', 'REPORT_PROGRESS', keyed));
    await answeredAsRead('xuanchuanbu', 28, await measure('CONTRIBUTE', () => send('xuanchuanbu', 28, 'CONTRIBUTE', { summary: '宣传部配合开展宣传' })));
    await answeredAsRead(
      'weijian',
      28,
      await measure('SUBMIT_SELF_ASSESSMENT', () =>
        send('weijian', 28, 'SUBMIT_SELF_ASSESSMENT', { rating: 'completed', summary: '已完成', evidence: [{ title: '总结报告' }] }),
      ),
    );
    await answeredAsRead('inspector', 28, await measure('INSPECT', () => send('inspector', 28, 'INSPECT', { verdict: 'fail', findings: '材料不全' })));
    await measure('ORDER_RECTIFICATION', () =>
      send('inspector', 28, 'ORDER_RECTIFICATION', { findings: '材料不全', requiredActions: '补充材料', dueAt: '2021-04-30' }),
    );
    const orders: { id: string }[] = await t.dataSource.query('SELECT id::text FROM rectification_orders WHERE task_id = $1', [taskId(28)]);
    expect(orders).toHaveLength(1);
    await measure('order submit (last of the round)', () =>
      post('weijian', `/rectification-orders/${orders[0].id}/submit`, { summary: '已补充', evidence: [{ title: '补充材料' }] }),
    );
    const [task] = await t.dataSource.query('SELECT state FROM tasks WHERE id = $1', [taskId(28)]);
    expect(task.state).toBe('self_assessed');

    await send('weijian', 29, 'START');
    await answeredAsRead(
      'weijian',
      29,
      await measure('REQUEST_EXTENSION', () => send('weijian', 29, 'REQUEST_EXTENSION', { proposedDueAt: '2026-06-30', reason: '疫情影响' })),
    );
    await answeredAsRead('inspector', 29, await measure('APPROVE_EXTENSION', () => send('inspector', 29, 'APPROVE_EXTENSION')));
  });

  it('fires a chunk of timers and runs a milestone check within their budgets', async () => {
    const timers: { id: string }[] = await t.dataSource.query(
      `INSERT INTO timers (kind, task_id, due_at, payload, created_at)
       SELECT 'task_reminder', t.id, timestamptz '2021-02-01 00:00:00+08', jsonb_build_object('offsetDays', 7), now()
         FROM (SELECT id FROM tasks WHERE plan_id = $1 AND seq BETWEEN 1 AND 25) t
       RETURNING id::text`,
      [planId],
    );
    const firing = t.app.get(TimerFiringService);
    await measure('a chunk of 25 reminders', () => firing.fireAll(timers.map((timer) => timer.id)));
    const fired: { n: number }[] = await t.dataSource.query(`SELECT count(*)::int AS n FROM timers WHERE id = ANY($1::bigint[]) AND state = 'fired'`, [
      timers.map((timer) => timer.id),
    ]);
    expect(fired[0].n).toBe(25);

    await measure('a milestone check of 45 tasks', () => t.app.get(MilestoneCheckService).run(planId, '2025-12-31', 'admin', null));
    const flagged: { n: number }[] = await t.dataSource.query(`SELECT count(*)::int AS n FROM tasks WHERE plan_id = $1 AND overdue`, [planId]);
    expect(flagged[0].n).toBeGreaterThan(40);
  });
});
