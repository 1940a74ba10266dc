import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp, loginAs, type TestApp } from './support/test-app';
import { planLookups, SEED_TABLE, seedUnitsAndUsers } from './support/seed-helpers';

/**
 * The OpenAPI document's examples are real answers of the seed plan, not written by hand: this test
 * asks the api for them on the seed and fails when an example no longer is what the api answers.
 * `UPDATE_OPENAPI_EXAMPLES=1 npx jest test/openapi-examples.e2e-spec.ts` writes them anew (then run
 * `npm run api:document`).
 */
const EXAMPLES_DIR = join(__dirname, '..', 'apps', 'api', 'src', 'openapi', 'examples');

function expectExample(file: string, answer: unknown): void {
  const path = join(EXAMPLES_DIR, file);
  if (process.env.UPDATE_OPENAPI_EXAMPLES === '1') writeFileSync(path, `${JSON.stringify(answer, null, 2)}\n`);
  expect(answer).toEqual(JSON.parse(readFileSync(path, 'utf8')));
}

describe('the OpenAPI document’s seed examples', () => {
  let t: TestApp;
  let weijian: string;
  let taskId: (seq: number) => string;

  beforeAll(async () => {
    // the examples show the seed right after import, on a fixed day of the plan's first year
    t = await createTestApp({ now: '2021-03-15T02:00:00Z' });
    await seedUnitsAndUsers(t);
    const admin = await loginAs(t.http, 'admin');
    const imported = await t.http
      .post('/api/v1/plans/import')
      .set('Authorization', `Bearer ${admin}`)
      .send({ content: SEED_TABLE, planStart: '2021-01-01' })
      .expect(200);
    ({ taskId } = await planLookups(t, imported.body.planId));
    weijian = await loginAs(t.http, 'weijian');
  });
  afterAll(() => t.close());

  it('shows task 28 with its three targets as GET /tasks/{id} answers it to its lead unit', async () => {
    const task = await t.http
      .get(`/api/v1/tasks/${taskId(28)}`)
      .set('Authorization', `Bearer ${weijian}`)
      .expect(200);
    expect(task.body.targets).toHaveLength(3);
    expectExample('seed-task-28.example.json', task.body);
  });

  it('shows the first page of the health commission’s inbox as GET /inbox answers it', async () => {
    const inbox = await t.http.get('/api/v1/inbox?limit=3').set('Authorization', `Bearer ${weijian}`).expect(200);
    expect(inbox.body.nextCursor).toEqual(expect.any(String));
    expectExample('seed-inbox-page.example.json', inbox.body);
  });

  it('are the examples the document carries', async () => {
    type Answer = { content: Record<string, { examples: Record<string, { value: unknown }> }> };
    const document = (await t.http.get('/docs-json').expect(200)).body as { paths: Record<string, { get: { responses: Record<string, Answer> } }> };
    const exampleOf = (path: string): unknown => document.paths[path].get.responses['200'].content['application/json'].examples.seed.value;
    expect(exampleOf('/api/v1/tasks/{id}')).toEqual(JSON.parse(readFileSync(join(EXAMPLES_DIR, 'seed-task-28.example.json'), 'utf8')));
    expect(exampleOf('/api/v1/inbox')).toEqual(JSON.parse(readFileSync(join(EXAMPLES_DIR, 'seed-inbox-page.example.json'), 'utf8')));
  });
});
