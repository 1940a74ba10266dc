import type { AddressInfo } from 'node:net';
import { InboxSync } from '@duban/inbox';
import { recordFigures, StatusTally } from './support/figures';
import { http } from './support/processes';
import { createSeededApp, type SeededApp } from './support/seeded-app';

const CLIENTS = 64;
const TASKS = 100;
const HEADER = '序号\t工作内容\t工作任务\t牵头单位\t责任单位';
const LEADS = ['市卫生健康委员会', '市教育体育局', '东胜区人民政府', '市公安局'];
const SUPPORT = '中共鄂尔多斯市委宣传部';

const PAYLOADS: Record<string, object> = {
  START: {},
  REPORT_PROGRESS: { percent: 30, summary: '进展' },
  SUBMIT_SELF_ASSESSMENT: { rating: 'completed', summary: '完成', evidence: [{ title: '报告' }] },
  WITHDRAW: {},
  REQUEST_EXTENSION: { proposedDueAt: '2031-12-31', reason: '延期' },
  CONTRIBUTE: { summary: '配合' },
};

class RolledBack extends Error {}

describe(`${CLIENTS} clients sending conflicting events over real HTTP`, () => {
  let s: SeededApp;
  let baseUrl: string;
  const tally = new StatusTally();
  const unexpected: string[] = [];
  /** 200s per task id */
  const successes = new Map<string, number>();

  const sendEvent = async (token: string, taskId: string, type: string, expectedVersion?: number) => {
    const response = await http(baseUrl, 'POST', `/api/v1/tasks/${taskId}/events`, {
      token,
      body: { type, payload: PAYLOADS[type], ...(expectedVersion === undefined ? {} : { expectedVersion }) },
      timeoutMs: 60_000,
    });
    tally.add(response.status);
    if (response.status === 200) successes.set(taskId, (successes.get(taskId) ?? 0) + 1);
    else if (response.status !== 409) unexpected.push(`${type} → ${response.status} ${response.text.slice(0, 200)}`);
    return response;
  };

  /** Version = 200s; one audit event per success with seq 1..n; re-deriving the inbox changes nothing. */
  const checkTask = async (taskId: string): Promise<string[]> => {
    const problems: string[] = [];
    const expected = successes.get(taskId) ?? 0;
    const [task]: { version: number }[] = await s.t.dataSource.query('SELECT version FROM tasks WHERE id = $1', [taskId]);
    const events: { seq: number }[] = await s.t.dataSource.query('SELECT seq FROM task_events WHERE task_id = $1 ORDER BY seq', [taskId]);
    if (task.version !== expected) problems.push(`task ${taskId}: version ${task.version}, 200s ${expected}`);
    if (events.length !== expected) problems.push(`task ${taskId}: ${events.length} audit events, 200s ${expected}`);
    if (events.some((event, i) => event.seq !== i + 1)) problems.push(`task ${taskId}: audit seqs ${events.map((e) => e.seq).join(',')}`);
    const inbox = () =>
      s.t.dataSource.query(`SELECT unit_id, kind, order_id FROM inbox_items WHERE task_id = $1 AND status = 'open' ORDER BY unit_id, kind, order_id`, [taskId]);
    const before = JSON.stringify(await inbox());
    // re-derive the inbox from the task's state inside a transaction that is then rolled back
    let rederived = '';
    await s.t.dataSource
      .transaction(async (manager) => {
        await s.t.app.get(InboxSync).syncTask(manager, taskId, s.t.clock.now());
        rederived = JSON.stringify(
          await manager.query(`SELECT unit_id, kind, order_id FROM inbox_items WHERE task_id = $1 AND status = 'open' ORDER BY unit_id, kind, order_id`, [
            taskId,
          ]),
        );
        throw new RolledBack();
      })
      .catch((error: unknown) => {
        if (!(error instanceof RolledBack)) throw error;
      });
    if (rederived !== before) problems.push(`task ${taskId}: open inbox ${before}, the state implies ${rederived}`);
    return problems;
  };

  beforeAll(async () => {
    s = await createSeededApp();
    await s.t.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(s.t.app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await s?.t.close();
  });

  it(`${CLIENTS} clients race on one task with expectedVersion: only 200 or 409, and the version counts the 200s`, async () => {
    const [task]: { id: string; lead: string }[] = await s.t.dataSource.query(
      `SELECT t.id::text, u.unit_id::text AS lead FROM tasks t JOIN task_units u ON u.task_id = t.id AND u.role = 'lead' WHERE t.plan_id = $1 ORDER BY t.seq LIMIT 1`,
      [s.planId],
    );
    const token = await s.tokenFor('officer', task.lead);
    const cycle = ['START', 'REPORT_PROGRESS', 'REQUEST_EXTENSION', 'SUBMIT_SELF_ASSESSMENT', 'WITHDRAW'];
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, client) => {
        for (let round = 0; round < 5; round++) {
          const read = await http(baseUrl, 'GET', `/api/v1/tasks/${task.id}`, { token });
          tally.add(read.status);
          const { version } = read.body as { version: number };
          await sendEvent(token, task.id, cycle[(client + round) % cycle.length], version);
        }
      }),
    );
    expect(unexpected).toEqual([]);
    expect(successes.get(task.id)).toBeGreaterThan(0);
    expect(await checkTask(task.id)).toEqual([]);
  });

  it(`${CLIENTS} clients send events to ${TASKS} tasks at once: every answer 200 or 409, every task's version and audit trail count its 200s, inboxes match`, async () => {
    const table = [
      HEADER,
      '一、并发',
      ...Array.from({ length: TASKS }, (_, i) => `${i + 1}\t工作\t并发任务${i + 1}\t${LEADS[i % LEADS.length]}\t${SUPPORT}`),
    ].join('\n');
    const imported = await http(baseUrl, 'POST', '/api/v1/plans/import', {
      token: s.adminToken,
      body: { content: table, name: 'concurrency', planStart: '2021-01-01' },
    });
    expect(imported.status).toBe(200);
    const tasks: { id: string; lead: string; support: string }[] = await s.t.dataSource.query(
      `SELECT t.id::text, l.unit_id::text AS lead, p.unit_id::text AS support FROM tasks t
         JOIN task_units l ON l.task_id = t.id AND l.role = 'lead' JOIN task_units p ON p.task_id = t.id AND p.role = 'support'
        WHERE t.plan_id = $1 ORDER BY t.seq`,
      [(imported.body as { planId: string }).planId],
    );
    expect(tasks).toHaveLength(TASKS);
    const tokens = new Map<string, string>();
    for (const unit of new Set(tasks.flatMap((t) => [t.lead, t.support]))) tokens.set(unit, await s.tokenFor('officer', unit));
    const types = Object.keys(PAYLOADS);
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31), seed % n);
    const plan = Array.from({ length: CLIENTS }, () => Array.from({ length: 10 }, () => ({ task: tasks[random(TASKS)], type: types[random(types.length)] })));
    await Promise.all(
      plan.map(async (steps) => {
        for (const { task, type } of steps) await sendEvent(tokens.get(type === 'CONTRIBUTE' ? task.support : task.lead)!, task.id, type);
      }),
    );
    const problems = (await Promise.all(tasks.map((task) => checkTask(task.id)))).flat();
    recordFigures({
      scenario: 'concurrency',
      requestsSent: tally.total,
      faultsInjected: 0,
      eventsLost: problems.filter((p) => p.includes('audit events')).length,
      duplicates: problems.filter((p) => p.includes('seqs')).length,
      serverErrors: tally.serverErrors,
      details: {
        clients: CLIENTS,
        tasks: TASKS + 1,
        successes: [...successes.values()].reduce((a, b) => a + b, 0),
        unexpectedAnswers: unexpected.length,
        inconsistentTasks: problems.length,
        ...tally.summary(),
      },
    });
    expect(unexpected).toEqual([]);
    expect(problems).toEqual([]);
  });
});
