import { createConfig, lintFromString, type NormalizedProblem } from '@redocly/openapi-core';
import { buildDocumentOffline } from '../apps/api/src/openapi/offline-document';
import { createTestApp, loginAs, type TestApp } from './support/test-app';
import { seedUnitsAndUsers } from './support/seed-helpers';

interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  oneOf?: Schema[];
  items?: Schema;
}
interface Response {
  description: string;
  content?: Record<string, { schema?: Schema }>;
}
interface Operation {
  operationId?: string;
  summary?: string;
  responses: Record<string, Response>;
}
interface Document {
  servers?: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const ERROR_SCHEMA = '#/components/schemas/ErrorView';
const BINARY_DOWNLOADS: Record<string, string> = {
  'GET /api/v1/reports/progress.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'GET /api/v1/reports/progress.csv': 'text/csv',
  'GET /api/v1/tasks/{id}/supervision-notice.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'GET /api/v1/reports/circular.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  // an attachment's own Content-Type is the one judged at upload; the document names the bytes generically
  'GET /api/v1/attachments/{id}/content': 'application/octet-stream',
  'GET /api/v1/attachments/{id}/thumbnail': 'image/jpeg',
};
/** The health check is public and takes no input: it answers 200 or 503, never a 4xx. */
const WITHOUT_4XX = new Set(['GET /health']);

const where = (problem: NormalizedProblem): string => `${problem.ruleId} at ${problem.location[0]?.pointer ?? '?'}: ${problem.message}`;

describe('the OpenAPI document (GET /docs-json)', () => {
  let t: TestApp;
  let document: Document;
  let operations: [string, Operation][];

  beforeAll(async () => {
    t = await createTestApp();
    document = (await t.http.get('/docs-json').expect(200)).body as Document;
    operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]): [string, Operation] => [`${method.toUpperCase()} ${path}`, operation]),
    );
  });
  afterAll(() => t.close());

  it('validates with Redocly’s recommended rules: no error, and no warning but the health check’s', async () => {
    // a private project: there is no licence to name
    const config = await createConfig({ extends: ['recommended'], rules: { 'info-license': 'off', 'info-license-strict': 'off' } });
    const problems = await lintFromString({ source: JSON.stringify(document), absoluteRef: 'docs-json.json', config });
    expect(problems.filter((problem) => problem.severity === 'error').map(where)).toEqual([]);
    expect(problems.filter((problem) => problem.severity === 'warn').map(where)).toEqual([
      'operation-4xx-response at #/paths/~1health/get/responses: Operation must have at least one `4XX` response.',
    ]);
    // the ruleset validates the structure against the OpenAPI 3.0 schema and resolves every reference: a broken copy fails
    const broken = structuredClone(document) as unknown as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    broken.paths['/api/v1/tasks/{id}'].get.responses['200'] = { content: { 'application/json': { schema: { $ref: '#/components/schemas/Nowhere' } } } };
    const brokenProblems = await lintFromString({ source: JSON.stringify(broken), absoluteRef: 'broken.json', config });
    expect(brokenProblems.filter((problem) => problem.severity === 'error').map((problem) => problem.ruleId)).toEqual(
      expect.arrayContaining(['struct', 'no-unresolved-refs']),
    );
  });

  it('names its server, and gives every operation a summary, an operationId and a success answer with a schema', () => {
    expect(document.servers).toEqual([expect.objectContaining({ url: '/' })]);
    expect(operations.length).toBeGreaterThan(30);
    for (const [name, operation] of operations) {
      expect([name, operation.summary]).toEqual([name, expect.stringMatching(/\S/)]);
      expect([name, operation.operationId]).toEqual([name, expect.stringMatching(/^[A-Za-z]+_[A-Za-z]+$/)]);
      const success = Object.entries(operation.responses).filter(([status]) => /^2\d\d$/.test(status));
      expect([name, success.length]).toEqual([name, 1]);
      const [status, answer] = success[0];
      if (status === '204') continue;
      const media = BINARY_DOWNLOADS[name] ?? 'application/json';
      expect([name, Object.keys(answer.content ?? {})]).toEqual([name, [media]]);
      const schema = answer.content![media].schema;
      if (name in BINARY_DOWNLOADS) expect([name, schema]).toEqual([name, { type: 'string', format: 'binary' }]);
      else expect([name, schema?.$ref ?? schema?.type ?? schema?.items?.$ref]).toEqual([name, expect.stringMatching(/\S/)]);
    }
  });

  it('describes every refusal (400, 401, 403, 404, 409, 429) with the one error schema', () => {
    for (const [name, operation] of operations) {
      const refusals = Object.entries(operation.responses).filter(([status]) => /^4\d\d$/.test(status));
      if (!WITHOUT_4XX.has(name)) expect([name, refusals.length > 0]).toEqual([name, true]);
      for (const [status, refusal] of refusals) {
        expect([name, status, refusal.content]).toEqual([name, status, { 'application/json': { schema: { $ref: ERROR_SCHEMA } } }]);
        expect([name, status, refusal.description]).toEqual([name, status, expect.stringMatching(/\S/)]);
      }
    }
    expect(document.components.schemas.ErrorView).toMatchObject({
      properties: {
        statusCode: { type: 'number' },
        message: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
        error: { type: 'string' },
        code: { type: 'string' },
      },
      required: ['statusCode', 'message', 'error'],
    });
  });

  it('tells an integrator how to authenticate, retry and read a refusal, and what each tag is for', () => {
    const { info, tags, components } = document as unknown as {
      info: { description: string };
      tags: { name: string; description?: string }[];
      components: { securitySchemes: Record<string, { description?: string }> };
    };
    for (const heading of ['## Authentication', '## Retrying a write', '## Refusals', '## Lists']) expect(info.description).toContain(heading);
    expect(components.securitySchemes.bearer.description).toMatch(/auth\/login/);
    const used = [...new Set(operations.flatMap(([, operation]) => (operation as { tags?: string[] }).tags ?? []))].sort();
    expect(tags.map((tag) => tag.name)).toEqual(used);
    expect(tags.filter((tag) => !tag.description).map((tag) => tag.name)).toEqual([]);
  });

  it('describes the refusals as the api answers them', async () => {
    await seedUnitsAndUsers(t);
    const admin = await loginAs(t.http, 'admin');
    const notFound = await t.http.get('/api/v1/tasks/999').set('Authorization', `Bearer ${admin}`).expect(404);
    expect(notFound.body).toEqual({ statusCode: 404, message: expect.any(String), error: 'Not Found', code: 'task_not_found' });
    const invalid = await t.http.get('/api/v1/tasks?limit=0').set('Authorization', `Bearer ${admin}`).expect(400);
    expect(invalid.body).toEqual({
      statusCode: 400,
      message: [expect.any(String)],
      error: 'Bad Request',
      code: 'invalid_field',
      params: { field: 'limit', constraint: 'min' },
    });
    const unauthorized = await t.http.get('/api/v1/tasks').expect(401);
    expect(unauthorized.body).toEqual({ statusCode: 401, message: expect.any(String), error: 'Unauthorized', code: 'unauthenticated' });
    const wrong = await t.http.post('/api/v1/auth/login').send({ username: 'admin', password: 'not the password' }).expect(401);
    expect(wrong.body).toMatchObject({ statusCode: 401, code: 'login_failed' });
    const officer = await loginAs(t.http, 'weijian');
    const notAdmin = await t.http.get('/api/v1/users').set('Authorization', `Bearer ${officer}`).expect(403);
    expect(notAdmin.body).toMatchObject({ statusCode: 403, code: 'forbidden', params: { roles: 'admin' } });
    const badId = await t.http.get('/api/v1/tasks/abc').set('Authorization', `Bearer ${admin}`).expect(400);
    expect(badId.body).toMatchObject({ statusCode: 400, code: 'invalid_id', params: { field: 'id' } });
    const noRoute = await t.http.get('/api/v1/no-such-thing').set('Authorization', `Bearer ${admin}`).expect(404);
    expect(noRoute.body).toMatchObject({ statusCode: 404, code: 'route_not_found' });
  });

  it('is the document npm run api:types builds without a database (the console’s types come from it)', async () => {
    expect(await buildDocumentOffline()).toEqual(document);
  });
});
