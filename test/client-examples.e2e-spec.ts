import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestApp, TEST_PASSWORD, type TestApp } from './support/test-app';
import { planLookups, SEED_TABLE, seedUnitsAndUsers } from './support/seed-helpers';

const run = promisify(execFile);
const EXAMPLES = join(__dirname, '..', 'docs', 'examples');

/** The client examples of docs/api-clients.md, run against a real api on loopback: an integrator copies them as they are. */
describe('the client examples in docs/examples', () => {
  let t: TestApp;
  let env: NodeJS.ProcessEnv;
  let taskId: (seq: number) => string;

  beforeAll(async () => {
    t = await createTestApp({ now: '2021-03-15T02:00:00Z' });
    await seedUnitsAndUsers(t);
    const admin = await t.http.post('/api/v1/auth/login').send({ username: 'admin', password: TEST_PASSWORD }).expect(200);
    const imported = await t.http
      .post('/api/v1/plans/import')
      .set('Authorization', `Bearer ${admin.body.accessToken}`)
      .send({ content: SEED_TABLE, planStart: '2021-01-01' })
      .expect(200);
    ({ taskId } = await planLookups(t, imported.body.planId));
    await t.app.listen(0, '127.0.0.1');
    env = { ...process.env, DUBAN_URL: await t.app.getUrl(), DUBAN_USER: 'weijian', DUBAN_PASSWORD: TEST_PASSWORD };
  });
  afterAll(() => t.close());

  const versionOf = async (seq: number): Promise<{ state: string; version: number }> => {
    const [row] = await t.dataSource.query<{ state: string; version: number }[]>('SELECT state, version FROM tasks WHERE id = $1', [taskId(seq)]);
    return row;
  };

  it('shell: lists the unit’s open items, and starts a task once though the write is sent twice', async () => {
    const inbox = await run('bash', [join(EXAMPLES, 'duban.sh')], { env });
    const lines = inbox.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^open \d+, overdue 0$/);
    expect(lines).toHaveLength(1 + 23);
    expect(lines.filter((line) => line.startsWith(`start_task\t${taskId(28)}\t2025-12-31\t启动任务：第28项 `))).toHaveLength(1);

    const started = await run('bash', [join(EXAMPLES, 'duban.sh'), 'start', taskId(28)], { env });
    expect(started.stdout.trim()).toBe(`task ${taskId(28)}: in_progress version 1 (retried: in_progress version 1)`);
    expect(await versionOf(28)).toEqual({ state: 'in_progress', version: 1 });

    const refused = await run('bash', [join(EXAMPLES, 'duban.sh'), 'start', taskId(28)], { env }).catch((error: { stderr: string; code: number }) => error);
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringMatching(/^refused: 409 not_allowed_now: /) });
  });

  it('Python: reads a task with its targets, reports progress once though the write is sent twice, and reads a refusal’s code', async () => {
    const { stdout } = await run('python3', [join(EXAMPLES, 'duban_client.py'), taskId(6)], { env });
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^task 6: assigned, due \d{4}-\d{2}-\d{2}, \d+ targets$/);
    expect(lines).toContain('reported: version 2 (retried: version 2)');
    expect(lines[lines.length - 1]).toBe('refused: 409 not_allowed_now');
    expect(await versionOf(6)).toEqual({ state: 'in_progress', version: 2 });
  });
});
