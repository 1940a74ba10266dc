import { createTestApp, loginAs, type TestApp } from './support/test-app';
import { SEED_TABLE, seedUnitsAndUsers } from './support/seed-helpers';

describe('a plan’s policy document', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  const as = (username: string) => ({
    get: (path: string) => t.http.get(path).set('Authorization', `Bearer ${tokens[username]}`),
    post: (path: string, body: object) => t.http.post(path).set('Authorization', `Bearer ${tokens[username]}`).send(body),
    put: (path: string, body: object) => t.http.put(path).set('Authorization', `Bearer ${tokens[username]}`).send(body),
  });
  const pendingReminders = async (planId: string): Promise<number> => {
    const [row]: { n: number }[] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM timers m JOIN tasks k ON k.id = m.task_id WHERE k.plan_id = $1 AND m.kind = 'task_reminder' AND m.state = 'pending'`,
      [planId],
    );
    return row.n;
  };

  beforeAll(async () => {
    t = await createTestApp({ simulatedClock: true, now: '2021-03-01T02:00:00Z' });
  });
  beforeEach(async () => {
    await t.truncate();
    await seedUnitsAndUsers(t);
    for (const username of ['admin', 'weijian', 'inspector']) tokens[username] = await loginAs(t.http, username);
  });
  afterAll(() => t.close());

  it('publishes its schema, one section per rule set, every field named', async () => {
    const schema = (await as('weijian').get('/api/v1/plans/policy-schema').expect(200)).body;
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(Object.keys(schema.properties)).toEqual(['deadlines', 'evidence', 'contributions', 'feedback', 'signOff', 'closeOut', 'notices', 'cascade']);
    expect(schema.properties.cascade.properties.contributionFill.enum).toEqual(['manual', 'automatic']);
    expect(schema.properties.cascade.default).toEqual({ contributionFill: 'manual' });
    expect(schema.properties.evidence.properties.fileRequiredFor.items.enum).toEqual(['SUBMIT_SELF_ASSESSMENT', 'SUBMIT_RECTIFICATION']);
    expect(schema.properties.deadlines.default.orderDueDays).toBe(30);
  });

  it('is set at import, read by every user, replaced whole by an admin; a changed deadlines section moves the timers', async () => {
    const imported = await as('admin')
      .post('/api/v1/plans/import', { content: SEED_TABLE, planStart: '2021-01-01', policy: { evidence: { fileRequiredFor: ['SUBMIT_SELF_ASSESSMENT'] } } })
      .expect(200);
    const planId = imported.body.planId as string;
    const read = (await as('weijian').get(`/api/v1/plans/${planId}/policy`).expect(200)).body;
    expect(read.evidence).toEqual({ fileRequiredFor: ['SUBMIT_SELF_ASSESSMENT'] });
    expect(read.cascade).toEqual({ contributionFill: 'manual' });
    expect(read.deadlines.taskReminderDaysBefore).toEqual([30, 7, 1]);
    const reminders = await pendingReminders(planId);

    // the evidence alone: no timer is touched
    const evidenceOnly = await as('admin')
      .put(`/api/v1/plans/${planId}/policy`, { evidence: { fileRequiredFor: ['SUBMIT_SELF_ASSESSMENT', 'SUBMIT_RECTIFICATION'] } })
      .expect(200);
    expect(evidenceOnly.body).toMatchObject({
      rescheduledTasks: 0,
      policy: { evidence: { fileRequiredFor: ['SUBMIT_SELF_ASSESSMENT', 'SUBMIT_RECTIFICATION'] } },
    });
    expect(await pendingReminders(planId)).toBe(reminders);

    // the deadlines: one reminder instead of three, on every open task; the evidence left out returns to its defaults
    const deadlines = await as('admin')
      .put(`/api/v1/plans/${planId}/policy`, { deadlines: { taskReminderDaysBefore: [3] } })
      .expect(200);
    expect(deadlines.body.rescheduledTasks).toBe(45);
    expect(deadlines.body.policy.evidence).toEqual({ fileRequiredFor: [] });
    expect(await pendingReminders(planId)).toBeLessThan(reminders);
    // PUT /deadline-policy changes the deadlines only
    await as('admin')
      .put(`/api/v1/plans/${planId}/policy`, { deadlines: { taskReminderDaysBefore: [3] }, evidence: { fileRequiredFor: ['SUBMIT_RECTIFICATION'] } })
      .expect(200);
    await as('admin').put(`/api/v1/plans/${planId}/deadline-policy`, { deadlinePolicy: null }).expect(200);
    const after = (await as('weijian').get(`/api/v1/plans/${planId}/policy`).expect(200)).body;
    expect(after.evidence).toEqual({ fileRequiredFor: ['SUBMIT_RECTIFICATION'] });
    expect(after.deadlines.taskReminderDaysBefore).toEqual([30, 7, 1]);
  });

  it('refuses a bad document naming every problem, and changes nothing', async () => {
    const planId = (await as('admin').post('/api/v1/plans/import', { content: SEED_TABLE, planStart: '2021-01-01' }).expect(200)).body.planId as string;
    const refused = await as('admin')
      .put(`/api/v1/plans/${planId}/policy`, { deadlines: { reminderHour: 24 }, evidence: { fileRequiredFor: ['CLOSE'] } })
      .expect(400);
    expect(refused.body.code).toBe('invalid_policy');
    expect(refused.body.message).toEqual([
      'deadlines.reminderHour must be a whole hour from 0 to 23',
      'evidence.fileRequiredFor must be a list of SUBMIT_SELF_ASSESSMENT, SUBMIT_RECTIFICATION',
    ]);
    await as('admin').put(`/api/v1/plans/${planId}/policy`, { messages: {} }).expect(400);
    await as('admin')
      .put(`/api/v1/plans/${planId}/policy`, { notices: { quietHours: { start: '22:00' } } })
      .expect(400);
    await as('inspector').put(`/api/v1/plans/${planId}/policy`, {}).expect(403);
    await as('admin').put('/api/v1/plans/999999/policy', {}).expect(404);
    await as('admin').get('/api/v1/plans/999999/policy').expect(404);
    const [row]: { deadline_policy: unknown; policy: unknown }[] = await t.dataSource.query('SELECT deadline_policy, policy FROM plans WHERE id = $1', [
      planId,
    ]);
    expect(row).toEqual({ deadline_policy: null, policy: {} });
    // at import: deadlines given twice, or a bad section → nothing written
    await as('admin')
      .post('/api/v1/plans/import', { content: SEED_TABLE + '\n', deadlinePolicy: {}, policy: { deadlines: {} } })
      .expect(400);
    await as('admin')
      .post('/api/v1/plans/import', { content: SEED_TABLE + '\n', policy: { evidence: { fileRequiredFor: 'all' } } })
      .expect(400);
    const [plans]: { n: number }[] = await t.dataSource.query('SELECT count(*)::int AS n FROM plans');
    expect(plans.n).toBe(1);
  });
});
