import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { nodeArgsFor } from './support/service-process';
import { createTestApp, type TestApp } from './support/test-app';

jest.setTimeout(180_000);

const ROOT = join(__dirname, '..');

/** `npm run user:create-admin` (the fresh build, else the sources) on the test's database. */
function createAdmin(t: TestApp, args: string[], stdin = ''): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [...nodeArgsFor('apps/cli/src/user-create-admin.command.ts'), ...args], {
    cwd: ROOT,
    input: stdin,
    encoding: 'utf8',
    env: {
      ...process.env,
      TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'),
      DATABASE_URL: t.config.databaseUrl,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      JWT_SECRET: t.config.jwtSecret,
    },
    timeout: 150_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('npm run user:create-admin: the first admin of a deployment', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const users = () =>
    t.dataSource.query<{ username: string; roles: string[]; must_change_password: boolean }[]>(
      'SELECT username, roles, must_change_password FROM users ORDER BY id',
    );

  it('refuses a weak password, saying why, and creates nothing', async () => {
    const run = createAdmin(t, ['--password-stdin'], 'short\n');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/at least 12 characters .*password_too_short.*nothing was created/);
    const common = createAdmin(t, ['--password-stdin'], 'duban-demo-2021\n');
    expect(common.stderr).toMatch(/common passwords/);
    expect(await users()).toEqual([]);
  });

  it('creates an admin with a piped password, which is theirs (no change required)', async () => {
    const run = createAdmin(t, ['--username', 'ops', '--password-stdin'], 'the operator chose this one\n');
    expect([run.status, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toMatch(/^created the admin ops \(user \d+\)\n$/);
    const login = await t.http.post('/api/v1/auth/login').send({ username: 'ops', password: 'the operator chose this one' }).expect(200);
    expect(login.body).toMatchObject({ mustChangePassword: false, user: { roles: ['admin'] } });
  });

  it('generates a password, prints it once, and requires it to be changed at the first login', async () => {
    const run = createAdmin(t, ['--generate']);
    expect(run.status).toBe(0);
    const password = /shown this once: (\S+)\n/.exec(run.stdout)?.[1];
    expect(password).toHaveLength(24);
    const login = await t.http.post('/api/v1/auth/login').send({ username: 'admin', password }).expect(200);
    expect(login.body.mustChangePassword).toBe(true);
    await t.http.get('/api/v1/plans').set('Authorization', `Bearer ${login.body.accessToken}`).expect(403);
    expect(await users()).toEqual([
      { username: 'ops', roles: ['admin'], must_change_password: false },
      { username: 'admin', roles: ['admin'], must_change_password: true },
    ]);
    // the same username again: refused, nothing changed
    const again = createAdmin(t, ['--generate']);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/exists already/);
  });
});
