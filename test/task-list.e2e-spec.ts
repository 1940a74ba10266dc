import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AuthenticatedUser } from '@duban/auth';
import { TASK_STATES, taskLight } from '@duban/domain';
import type { Role } from '@duban/domain';
import { createTestApp, loginAs, type TestApp } from './support/test-app';
import { SEED_TABLE, seedUnitsAndUsers } from './support/seed-helpers';
import type { TaskListQuery } from '@duban/tasks';
import { TaskListService } from '@duban/tasks/task-list.service';
import { taskLightSql } from '@duban/tasks/task-light-sql';

const FIXTURES = join(__dirname, 'fixtures', 'tables');
const TASK_COUNT = 45;

describe('the task list (TaskListService) on the seed', () => {
  let t: TestApp;
  let service: TaskListService;
  let planId: string;
  let idOfSeq: (seq: number) => string;
  let seqOfId: (id: string) => number;
  const users: Record<string, AuthenticatedUser> = {};

  const userFromTable = async (username: string): Promise<AuthenticatedUser> => {
    const [row]: { id: string; username: string; unit_id: string | null; roles: Role[] }[] = await t.dataSource.query(
      'SELECT id::text, username, unit_id::text, roles FROM users WHERE username = $1',
      [username],
    );
    return { id: row.id, username: row.username, unitId: row.unit_id, roles: row.roles };
  };

  /** Every task id of the list, following nextCursor; fails if a page repeats or goes back. */
  const listAll = async (user: AuthenticatedUser, query: TaskListQuery = {}, limit = 200): Promise<string[]> => {
    const ids: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 100; pages++) {
      const page = await service.list(user, { ...query, limit, cursor });
      ids.push(...page.items.map((task) => task.id));
      if (page.nextCursor === null) return ids;
      cursor = page.nextCursor;
    }
    throw new Error('the cursor does not advance');
  };
  const seqs = (ids: string[]): number[] => ids.map(seqOfId);
  const sortedIds = (rows: { id: string }[]): string[] => rows.map((row) => row.id).sort((a, b) => Number(a) - Number(b));

  /** Tasks linked to a unit, computed independently of the service. */
  const linkedTo = async (unitId: string, role?: 'lead' | 'support'): Promise<string[]> =>
    sortedIds(
      role
        ? await t.dataSource.query('SELECT task_id::text AS id FROM task_units WHERE unit_id = $1 AND role = $2', [unitId, role])
        : await t.dataSource.query(
            'SELECT task_id::text AS id FROM task_units WHERE unit_id = $1 UNION SELECT task_id::text FROM rectification_orders WHERE unit_id = $1',
            [unitId],
          ),
    );

  beforeAll(async () => {
    t = await createTestApp({ now: '2021-03-01T02:00:00Z' });
    await seedUnitsAndUsers(t);
    const admin = await loginAs(t.http, 'admin');
    const imported = await t.http
      .post('/api/v1/plans/import')
      .set('Authorization', `Bearer ${admin}`)
      .send({ content: SEED_TABLE, planStart: '2021-01-01' })
      .expect(200);
    planId = imported.body.planId;
    const tasks: { id: string; seq: number }[] = await t.dataSource.query('SELECT id::text, seq FROM tasks WHERE plan_id = $1', [planId]);
    idOfSeq = (seq) => tasks.find((task) => task.seq === seq)!.id;
    seqOfId = (id) => tasks.find((task) => task.id === id)!.seq;
    service = t.app.get(TaskListService);
    for (const username of ['admin', 'inspector', 'weijian', 'aiweiban', 'dongsheng', 'jiaoti']) users[username] = await userFromTable(username);
  });
  afterAll(() => t.close());

  describe('visibility', () => {
    it('shows admins, inspectors and users without a unit all 45 tasks in id order', async () => {
      const all = await listAll(users.admin);
      expect(all).toHaveLength(TASK_COUNT);
      expect(all).toEqual([...all].sort((a, b) => Number(a) - Number(b)));
      expect(seqs(all)).toEqual(Array.from({ length: TASK_COUNT }, (_, i) => i + 1));
      expect(await listAll(users.inspector)).toEqual(all);
      expect(await listAll({ id: '0', username: 'reader', unitId: null, roles: ['viewer'] })).toEqual(all);
    });

    it('shows an officer exactly the tasks linked to its unit', async () => {
      const expected = await linkedTo(users.weijian.unitId!);
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(TASK_COUNT);
      expect(await listAll(users.weijian)).toEqual(expected);
      // the same for a viewer of the unit, and page by page
      expect(await listAll({ ...users.weijian, roles: ['viewer'] })).toEqual(expected);
      expect(await listAll(users.weijian, {}, 3)).toEqual(expected);
    });

    it('lets an officer name its own unit and refuses another', async () => {
      expect(await listAll(users.weijian, { unitId: users.weijian.unitId! })).toEqual(await linkedTo(users.weijian.unitId!));
      await expect(service.list(users.weijian, { unitId: users.aiweiban.unitId! })).rejects.toMatchObject({ kind: 'forbidden' });
    });

    it('lets admins and inspectors select the tasks of any unit', async () => {
      const expected = await linkedTo(users.dongsheng.unitId!);
      expect(expected.length).toBeGreaterThan(0);
      expect(await listAll(users.admin, { unitId: users.dongsheng.unitId! })).toEqual(expected);
      expect(await listAll(users.inspector, { unitId: users.dongsheng.unitId! })).toEqual(expected);
      expect(await listAll(users.admin, { unitId: '999999' })).toEqual([]);
    });

    it('narrows to a link role of the filter unit or the caller’s unit', async () => {
      const lead = await linkedTo(users.weijian.unitId!, 'lead');
      const support = await linkedTo(users.weijian.unitId!, 'support');
      expect(lead.length).toBeGreaterThan(0);
      expect(support.length).toBeGreaterThan(0);
      expect(await listAll(users.weijian, { role: 'lead' })).toEqual(lead);
      expect(await listAll(users.weijian, { role: 'support' })).toEqual(support);
      expect(await listAll(users.admin, { unitId: users.weijian.unitId!, role: 'lead' })).toEqual(lead);
      await expect(service.list(users.admin, { role: 'lead' })).rejects.toMatchObject({ kind: 'invalid' });
    });

    it('shows a unit the tasks it has only rectification orders of', async () => {
      const unitId = users.jiaoti.unitId!;
      const linked = await linkedTo(unitId);
      const task = (await listAll(users.admin)).find((id) => !linked.includes(id))!;
      expect(await listAll(users.jiaoti)).not.toContain(task);
      await t.dataSource.query(
        `INSERT INTO rectification_orders (task_id, unit_id, round, state, findings, required_actions, due_on, issued_at)
         VALUES ($1, $2, 1, 'issued', '台账不全', '补齐台账', '2021-04-30', now()), ($1, $2, 2, 'issued', '仍不全', '再补', '2021-05-30', now()),
               ($3, $2, 1, 'issued', '进度滞后', '加快推进', '2021-04-30', now())`,
        [task, unitId, linked[0]],
      );
      try {
        const listed = await listAll(users.jiaoti);
        expect(listed).toContain(task);
        expect(listed).toEqual(await linkedTo(unitId));
        // linked and addressed by an order, or addressed in two rounds: listed once
        expect(new Set(listed).size).toBe(listed.length);
        expect(await listAll(users.jiaoti, {}, 2)).toEqual(listed);
        expect(await listAll(users.jiaoti, { role: 'support' })).not.toContain(task);
      } finally {
        await t.dataSource.query('DELETE FROM rectification_orders WHERE task_id = ANY($1::bigint[])', [[task, linked[0]]]);
      }
    });
  });

  describe('paging', () => {
    it('covers all 45 tasks exactly once in pages of 10', async () => {
      const pages: string[][] = [];
      let cursor: string | undefined;
      do {
        const page = await service.list(users.admin, { limit: 10, cursor });
        pages.push(page.items.map((task) => task.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined && pages.length < 10);
      expect(pages.map((page) => page.length)).toEqual([10, 10, 10, 10, 5]);
      const all = pages.flat();
      expect(new Set(all).size).toBe(TASK_COUNT);
      expect(seqs(all)).toEqual(Array.from({ length: TASK_COUNT }, (_, i) => i + 1));
    });

    it('defaults to 50 and answers the Task shape with allowedEvents left to the caller', async () => {
      const page = await service.list(users.admin, {});
      expect(page.items).toHaveLength(TASK_COUNT);
      expect(page.nextCursor).toBeNull();
      const task = page.items.find((item) => item.seq === 28)!;
      expect(Object.keys(task).sort()).toEqual(
        [
          'allowedEvents',
          'dueAt',
          'escalationLevel',
          'id',
          'leadText',
          'leadUnits',
          'light',
          'milestones',
          'number',
          'overdue',
          'planId',
          'recurrence',
          'section',
          'seq',
          'source',
          'state',
          'supportText',
          'supportUnits',
          'targets',
          'text',
          'urgency',
          'version',
          'workItem',
        ].sort(),
      );
      expect(task).toMatchObject({
        id: idOfSeq(28),
        planId,
        number: '28',
        state: 'assigned',
        allowedEvents: [],
        overdue: false,
        light: 'green',
        source: null,
        urgency: 'normal',
      });
      const byPlan = await t.http
        .get(`/api/v1/plans/${planId}/tasks`)
        .set('Authorization', `Bearer ${await loginAs(t.http, 'admin')}`)
        .expect(200);
      const sameTask = (byPlan.body as { seq: number }[]).find((item) => item.seq === 28);
      expect({ ...task, allowedEvents: [] }).toEqual({ ...sameTask, allowedEvents: [] });
    });

    it('refuses a cursor it did not write', async () => {
      for (const cursor of [
        'garbage!',
        'abc',
        Buffer.from(JSON.stringify(['o', null, '1'])).toString('base64url'),
        Buffer.from(JSON.stringify(['t', '1; DROP TABLE tasks'])).toString('base64url'),
      ]) {
        await expect(service.list(users.admin, { cursor })).rejects.toMatchObject({ kind: 'invalid' });
      }
    });
  });

  describe('filters', () => {
    beforeAll(async () => {
      await t.dataSource.query(`UPDATE tasks SET state = 'in_progress' WHERE id = ANY($1::bigint[])`, [[1, 2, 3, 28].map((seq) => idOfSeq(seq))]);
      await t.dataSource.query(`UPDATE tasks SET state = 'self_assessed' WHERE id = $1`, [idOfSeq(4)]);
      await t.dataSource.query(`UPDATE tasks SET state = 'closed' WHERE id = $1`, [idOfSeq(45)]);
      await t.dataSource.query(`UPDATE tasks SET overdue = true WHERE id = ANY($1::bigint[])`, [[7, 8].map((seq) => idOfSeq(seq))]);
    });

    it('filters by state, one or several', async () => {
      expect(seqs(await listAll(users.admin, { state: ['in_progress'] }))).toEqual([1, 2, 3, 28]);
      expect(seqs(await listAll(users.admin, { state: ['in_progress', 'closed'] }))).toEqual([1, 2, 3, 28, 45]);
      expect(seqs(await listAll(users.admin, { state: ['in_progress', 'closed'] }, 2))).toEqual([1, 2, 3, 28, 45]);
      expect(await listAll(users.admin, { state: ['rectify'] })).toEqual([]);
      const weijianInProgress: { id: string }[] = await t.dataSource.query(
        `SELECT DISTINCT tu.task_id::text AS id FROM task_units tu JOIN tasks x ON x.id = tu.task_id WHERE tu.unit_id = $1 AND x.state = 'in_progress'`,
        [users.weijian.unitId],
      );
      expect(await listAll(users.weijian, { state: ['in_progress'] })).toEqual(sortedIds(weijianInProgress));
    });

    it('filters by the overdue flag', async () => {
      expect(seqs(await listAll(users.admin, { overdue: true }))).toEqual([7, 8]);
      expect(await listAll(users.admin, { overdue: false })).toHaveLength(TASK_COUNT - 2);
    });

    it('filters by plan', async () => {
      const admin = await loginAs(t.http, 'admin');
      const fixture = readdirSync(FIXTURES).find((name) => name.startsWith('baotou'))!;
      const other = await t.http
        .post('/api/v1/plans/import')
        .set('Authorization', `Bearer ${admin}`)
        .field('jurisdiction', '包头市')
        .attach('file', join(FIXTURES, fixture))
        .expect(200);
      const otherTasks: { id: string }[] = await t.dataSource.query('SELECT id::text FROM tasks WHERE plan_id = $1', [other.body.planId]);
      expect(otherTasks.length).toBeGreaterThan(0);
      expect(await listAll(users.admin)).toHaveLength(TASK_COUNT + otherTasks.length);
      expect(await listAll(users.admin, { planId: other.body.planId }, 2)).toEqual(sortedIds(otherTasks));
      expect(await listAll(users.admin, { planId })).toHaveLength(TASK_COUNT);
      expect(seqs(await listAll(users.admin, { planId, state: ['in_progress'] }))).toEqual([1, 2, 3, 28]);
      expect(await listAll(users.weijian, { planId: other.body.planId })).toEqual([]);
      expect(await listAll(users.weijian, { planId })).toEqual(await linkedTo(users.weijian.unitId!));
      expect(await listAll(users.admin, { planId: '999999' })).toEqual([]);
    });

    it('searches task text, work item titles and lead text, with LIKE wildcards taken literally', async () => {
      const everything = (await service.list(users.admin, { planId, limit: 200 })).items;
      const matching = (text: string): number[] =>
        everything.filter((task) => task.text.includes(text) || task.workItem.title.includes(text) || task.leadText.includes(text)).map((task) => task.seq);
      for (const text of ['健康素养', '病媒生物', '卫生健康委', '%']) {
        const expected = matching(text);
        expect(expected.length).toBeGreaterThan(0);
        expect(expected.length).toBeLessThan(TASK_COUNT);
        expect(seqs(await listAll(users.admin, { planId, q: text }))).toEqual(expected);
      }
      // a work item title that no task text repeats
      const byTitle = everything.find((task) => !task.text.includes(task.workItem.title))!;
      expect(seqs(await listAll(users.admin, { planId, q: byTitle.workItem.title }))).toContain(byTitle.seq);
      expect(await listAll(users.admin, { q: '_' })).toEqual([]);
      expect(await listAll(users.admin, { q: '健康%素养' })).toEqual([]);
    });
  });

  describe('lights', () => {
    afterEach(() => t.clock.set('2021-03-01T02:00:00Z'));

    const byLight = async (user: AuthenticatedUser, query: TaskListQuery = {}): Promise<Record<string, number[]>> => {
      const result: Record<string, number[]> = {};
      for (const light of ['green', 'yellow', 'red'] as const) result[light] = seqs(await listAll(user, { ...query, planId, light }));
      return result;
    };

    it('filters by the same light it shows, on dates where the lights differ', async () => {
      const order = { task: idOfSeq(10), unit: users.jiaoti.unitId! };
      await t.dataSource.query(
        `INSERT INTO rectification_orders (task_id, unit_id, round, state, findings, required_actions, due_on, overdue, issued_at)
         VALUES ($1, $2, 1, 'issued', '未按期整改', '立即整改', '2025-11-30', true, now())`,
        [order.task, order.unit],
      );
      try {
        for (const now of ['2021-03-01T02:00:00Z', '2022-12-15T02:00:00Z', '2025-12-10T02:00:00Z', '2026-01-02T02:00:00Z']) {
          t.clock.set(now);
          const shown = (await service.list(users.admin, { planId, limit: 200 })).items;
          const expected: Record<string, number[]> = { green: [], yellow: [], red: [] };
          for (const task of shown) if (task.light !== null) expected[task.light].push(task.seq);
          expect(await byLight(users.admin)).toEqual(expected);
        }

        t.clock.set('2025-12-10T02:00:00Z');
        const lights = await byLight(users.admin);
        const dueOn = new Map((await service.list(users.admin, { planId, limit: 200 })).items.map((task) => [task.seq, task.dueAt]));
        expect(dueOn.get(35)).toBe('2022-12-31');
        expect(lights.red).toContain(35);
        // flagged overdue, and due 2025-12-31 but held red by its overdue order
        expect(lights.red).toEqual(expect.arrayContaining([7, 8, 10]));
        // due 2025-12-31 (21 days away) and not yet self-assessed
        expect(lights.yellow).toEqual(expect.arrayContaining([1, 2, 28]));
        expect(lights.yellow.every((seq) => dueOn.get(seq) === '2025-12-31')).toBe(true);
        // self-assessed, closed
        expect(lights.green).toEqual(expect.arrayContaining([4, 45]));
        expect(lights.green.length + lights.yellow.length + lights.red.length).toBe(TASK_COUNT);

        t.clock.set('2021-03-01T02:00:00Z');
        const early = await byLight(users.admin);
        expect(early.yellow).toEqual([]);
        expect(early.red).toEqual([7, 8, 10]);

        // the officer's list applies the light within its unit
        t.clock.set('2025-12-10T02:00:00Z');
        const ownRed = new Set((await listAll(users.weijian, { planId })).filter((id) => lights.red.includes(seqOfId(id))));
        expect(new Set(await listAll(users.weijian, { planId, light: 'red' }))).toEqual(ownRed);
      } finally {
        await t.dataSource.query('DELETE FROM rectification_orders WHERE task_id = $1', [order.task]);
      }
    });

    it('computes in SQL what taskLight computes, for every state, flag and distance to the due day', async () => {
      const today = '2025-12-10';
      const cases: { n: number; state: string; overdue: boolean; order_overdue: boolean; due_on: string; report_due_on: string | null }[] = [];
      for (const state of TASK_STATES) {
        for (const overdue of [false, true]) {
          for (const orderOverdue of [false, true]) {
            for (const reportDueOn of [null, '2025-12-09', '2025-12-10']) {
              for (const offset of [-400, -1, 0, 1, 29, 30, 31, 400]) {
                const due = new Date(Date.UTC(2025, 11, 10 + offset)).toISOString().slice(0, 10);
                cases.push({ n: cases.length, state, overdue, order_overdue: orderOverdue, due_on: due, report_due_on: reportDueOn });
              }
            }
          }
        }
      }
      const light = taskLightSql(
        { state: 'c.state', overdue: 'c.overdue', dueOn: 'c.due_on', orderOverdue: 'c.order_overdue', reportDueOn: 'c.report_due_on' },
        '$2::date',
      );
      const rows: { light: string }[] = await t.dataSource.query(
        `SELECT ${light} AS light FROM jsonb_to_recordset($1::jsonb) AS c(n int, state text, overdue boolean, order_overdue boolean, due_on date, report_due_on date) ORDER BY c.n`,
        [JSON.stringify(cases), today],
      );
      const fromDomain = cases.map((c) =>
        taskLight({
          state: c.state,
          overdue: c.overdue,
          dueOn: c.due_on,
          today,
          rectificationOrderOverdue: c.order_overdue,
          periodicReportMissing: c.report_due_on !== null && c.report_due_on < today,
        }),
      );
      expect(rows.map((row) => row.light)).toEqual(fromDomain);
      // every colour, and none for a cancelled task
      expect(new Set(fromDomain)).toEqual(new Set(['green', 'yellow', 'red', null]));
    });
  });
});

describe('GET /api/v1/tasks query validation (TaskListQuery)', () => {
  let t: TestApp;
  let token: string;
  const get = (query: Record<string, string | string[]>) => t.http.get('/api/v1/tasks').query(query).set('Authorization', `Bearer ${token}`);

  beforeAll(async () => {
    t = await createTestApp();
    await seedUnitsAndUsers(t);
    token = await loginAs(t.http, 'admin');
    await t.http.post('/api/v1/plans/import').set('Authorization', `Bearer ${token}`).send({ content: SEED_TABLE, planStart: '2021-01-01' }).expect(200);
  });
  afterAll(() => t.close());

  it('reads lists, booleans and numbers from the query string', async () => {
    const states = await get({ state: 'assigned,in_progress', overdue: 'false', limit: '7' }).expect(200);
    expect(states.body.items).toHaveLength(7);
    expect(states.body.nextCursor).toEqual(expect.any(String));
    const repeated = await get({ state: ['assigned', 'closed'], q: '  健康素养  ' }).expect(200);
    expect(repeated.body.items.length).toBeGreaterThan(0);
    expect(
      (repeated.body.items as { text: string; workItem: { title: string } }[]).every((task) => `${task.text}${task.workItem.title}`.includes('健康素养')),
    ).toBe(true);
  });

  it('names every bad query value in one 400', async () => {
    const response = await get({
      state: 'assigned,done',
      light: 'purple',
      role: 'boss',
      overdue: 'maybe',
      limit: '0',
      planId: 'x',
      unitId: '-1',
      q: 'x'.repeat(201),
      sort: 'seq',
    }).expect(400);
    const message = JSON.stringify(response.body.message);
    for (const field of ['state', 'light', 'role', 'overdue', 'limit', 'planId', 'unitId', 'q', 'sort']) expect(message).toContain(field);
  });

  it('answers 400 for a cursor it did not write', async () => {
    const response = await get({ cursor: 'nonsense' }).expect(400);
    expect(JSON.stringify(response.body.message)).toContain('cursor');
  });
});
