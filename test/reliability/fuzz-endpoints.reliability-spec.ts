import fc from 'fast-check';
import { recordFigures, StatusTally } from './support/figures';
import { createSeededApp, type SeededApp } from './support/seeded-app';

/** The subset of OpenAPI 3 the generator reads. */
interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
  oneOf?: Schema[];
  nullable?: boolean;
}
interface Operation {
  parameters?: { name: string; in: 'path' | 'query' | 'header'; schema?: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  security?: unknown[];
}
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

const TOTAL_REQUESTS = 1_200;
const HUGE = 'ä'.repeat(300_000);
const deepJson = (depth: number): unknown => {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
};

/** Values that are wrong for almost any field: wrong types, edge strings, bad dates, injection, deep nesting. */
const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\uD800',
    '👩‍👩‍👧‍👦',
    '\u202Eevil',
    'NaN',
    '-1',
    '0',
    '1e400',
    '9223372036854775808',
    '2021-02-30',
    '2021-13-01',
    '2021-1-1',
    'not-a-date',
    '9999-99-99T99:99:99Z',
  ),
  fc.constantFrom("'; DROP TABLE tasks; --", '<script>alert(1)</script>', '{{7*7}}', '../../etc/passwd', '%00'),
  fc.constant(HUGE),
  fc.constant(deepJson(60)),
  fc.array(fc.oneof(fc.string({ maxLength: 5 }), fc.integer()), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.string({ maxLength: 5 }), fc.integer()), { maxKeys: 4 }),
);

function resolve(doc: OpenApiDocument, schema: Schema | undefined): Schema {
  if (!schema) return {};
  if (schema.$ref) return resolve(doc, doc.components?.schemas?.[schema.$ref.replace('#/components/schemas/', '')]);
  if (schema.allOf?.length)
    return schema.allOf.reduce<Schema>((merged, part) => {
      const r = resolve(doc, part);
      return { ...merged, ...r, properties: { ...merged.properties, ...r.properties }, required: [...(merged.required ?? []), ...(r.required ?? [])] };
    }, {});
  return schema;
}

/** A value the schema accepts, or close to it (an unknown enum member, an impossible date), or junk. */
function valueFor(doc: OpenApiDocument, raw: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(doc, raw);
  const plausible = ((): fc.Arbitrary<unknown> => {
    if (schema.enum) return fc.constantFrom(...schema.enum, 'UNKNOWN_VALUE', String(schema.enum[0]).toLowerCase());
    if (schema.format === 'date' || schema.format === 'date-time')
      return fc.oneof(
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
        fc.constantFrom('2021-02-29', '2021-04-31', '0000-00-00', '2021/05/01'),
      );
    switch (schema.type) {
      case 'integer':
      case 'number':
        return fc.oneof(fc.integer({ min: -5, max: 200 }), fc.double(), fc.constant(Number.MAX_SAFE_INTEGER));
      case 'boolean':
        return fc.boolean();
      case 'array':
        return depth > 3 ? fc.constant([]) : fc.array(valueFor(doc, schema.items, depth + 1), { maxLength: 3 });
      case 'object':
        return depth > 3 ? fc.constant({}) : objectFor(doc, schema, depth + 1);
      default:
        return fc.string({ unit: 'grapheme', maxLength: 30 });
    }
  })();
  return fc.oneof({ weight: 3, arbitrary: plausible }, { weight: 1, arbitrary: junk });
}

/** Each property present or missing, plus sometimes a field the DTO does not know. */
function objectFor(doc: OpenApiDocument, schema: Schema, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const entries = Object.entries(schema.properties ?? {});
  const model: Record<string, fc.Arbitrary<unknown>> = Object.fromEntries(entries.map(([name, property]) => [name, valueFor(doc, property, depth)]));
  return fc
    .tuple(fc.record(model, { requiredKeys: [] }), fc.option(fc.tuple(fc.string({ minLength: 1, maxLength: 8 }), junk), { freq: 4 }))
    .map(([object, extra]) => (extra ? { ...object, [extra[0]]: extra[1] } : object));
}

/** A body as the text sent (so that a failure report never walks a 3,000-level value) and its top-level keys. */
interface Body {
  text: string;
  keys: string[];
}
function bodyFor(doc: OpenApiDocument, operation: Operation): fc.Arbitrary<Body> {
  const schema = operation.requestBody?.content['application/json']?.schema;
  const value = fc.oneof({ weight: 6, arbitrary: schema ? objectFor(doc, resolve(doc, schema), 0) : fc.constant({}) }, { weight: 1, arbitrary: junk });
  const asBody = (v: unknown): Body => {
    const text = JSON.stringify(v) ?? 'null';
    return {
      text,
      keys: v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v) : [],
      [fc.toStringMethod]: () => `body ${text.slice(0, 300)}`,
    } as Body;
  };
  return fc.oneof(
    { weight: 7, arbitrary: value.map(asBody) },
    { weight: 1, arbitrary: fc.constant(deepJson(3_000)).map(asBody) },
    { weight: 1, arbitrary: fc.constant<Body>({ text: '{"broken": ', keys: [] }) },
  );
}

/** Every byte percent-encoded (a lone surrogate becomes the replacement character's bytes, as a client would send). */
const percentEncode = (value: string) => [...Buffer.from(value, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');

describe('property-based fuzzing of every endpoint in the OpenAPI document: never a 5xx, every 4xx says what is wrong', () => {
  let s: SeededApp;
  let officerToken: string;
  const tally = new StatusTally();
  const silentFourHundreds: string[] = [];
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    s = await createSeededApp();
    const [task]: { id: string; unit_id: string }[] = await s.t.dataSource.query(
      `SELECT t.id::text, u.unit_id::text FROM tasks t JOIN task_units u ON u.task_id = t.id AND u.role = 'lead' ORDER BY t.seq LIMIT 1`,
    );
    officerToken = await s.tokenFor('officer', task.unit_id);
    // fuzzing PATCH /users/:id must not disable the admin sending the requests: it aims at a user of its own
    await s.tokenFor('viewer', null);
    const [victim]: { id: string }[] = await s.t.dataSource.query(`SELECT id::text FROM users WHERE username LIKE 'matrix.viewer.%'`);
    const [item]: { id: string }[] = await s.t.dataSource.query('SELECT id::text FROM inbox_items ORDER BY id LIMIT 1');
    Object.assign(ids, {
      plans: s.planId,
      tasks: task.id,
      units: task.unit_id,
      users: victim.id,
      inbox: item.id,
      'rectification-orders': '1',
      'milestone-checks': '1',
    });
  });
  afterAll(async () => {
    recordFigures({
      scenario: 'fuzz-endpoints',
      requestsSent: tally.total,
      faultsInjected: 0,
      eventsLost: 0,
      duplicates: 0,
      serverErrors: tally.serverErrors,
      details: { fourHundredsNamingNothing: silentFourHundreds.length, ...tally.summary() },
    });
    await s?.t.close();
  });

  it(`sends at least ${TOTAL_REQUESTS} generated requests over every operation`, async () => {
    const doc = (await s.t.http.get('/docs-json').expect(200)).body as OpenApiDocument;
    const operations = Object.entries(doc.paths)
      // logout would end the session of the very tokens the fuzzer sends (its refusals are in test/sessions.e2e-spec.ts)
      .filter(([path]) => path !== '/api/v1/auth/logout')
      .flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ path, method, operation })));
    expect(operations.length).toBeGreaterThan(15);
    const runsPerOperation = Math.ceil(TOTAL_REQUESTS / operations.length);

    for (const { path, method, operation } of operations) {
      const pathParams = (operation.parameters ?? []).filter((p) => p.in === 'path');
      const queryParams = (operation.parameters ?? []).filter((p) => p.in === 'query');
      const idOf = (name: string) => {
        const segments = path.split('/').filter(Boolean);
        const index = segments.indexOf(`{${name}}`);
        return ids[segments[index - 1]] ?? '1';
      };
      const pathValue = (name: string) =>
        fc.oneof(
          { weight: 2, arbitrary: fc.constant(idOf(name)) },
          { weight: 1, arbitrary: junk.map((v) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? 'undefined')).slice(0, 2_000)) },
        );
      const request = fc.record({
        params: fc.tuple(...pathParams.map((p) => pathValue(p.name))),
        query: fc.tuple(...queryParams.map((p) => fc.option(valueFor(doc, p.schema), { freq: 2 }))),
        extraQuery: fc.option(fc.tuple(fc.string({ minLength: 1, maxLength: 6 }), fc.string({ maxLength: 10 }))),
        body: bodyFor(doc, operation),
        asOfficer: fc.boolean(),
      });

      await fc.assert(
        fc.asyncProperty(request, async ({ params, query, extraQuery, body, asOfficer }) => {
          let url = path;
          pathParams.forEach((p, i) => (url = url.replace(`{${p.name}}`, percentEncode(String(params[i])))));
          const search = new URLSearchParams();
          queryParams.forEach((p, i) => {
            const value = query[i];
            if (value === null || value === undefined) return;
            for (const v of Array.isArray(value) ? value : [value]) search.append(p.name, typeof v === 'string' ? v : JSON.stringify(v));
          });
          if (extraQuery) search.append(extraQuery[0], extraQuery[1]);
          const target = `${url}${search.size ? `?${search.toString()}` : ''}`;
          const token = asOfficer ? officerToken : s.adminToken;
          let call = s.t.http[method as 'get' | 'post' | 'put' | 'patch' | 'delete'](target).set('Authorization', `Bearer ${token}`);
          if (method !== 'get' && method !== 'delete') call = call.set('Content-Type', 'application/json').send(body.text);
          const response = await call;
          tally.add(response.status);
          const described = `${method.toUpperCase()} ${target.slice(0, 200)} ${body.text.slice(0, 300)} → ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`;
          if (response.status >= 500) throw new Error(`a server error: ${described}`);
          // Node's HTTP parser refuses an oversized URL itself: the status is the reason (431 Request Header Fields Too Large)
          if (response.status >= 400 && response.status !== 431 && response.status !== 414) {
            const message: unknown = (response.body as { message?: unknown }).message;
            const messages = Array.isArray(message) ? message : [message];
            if (messages.length === 0 || messages.some((m) => typeof m !== 'string' || m.trim().length < 5))
              throw new Error(`a ${response.status} that says nothing: ${described}`);
            if (response.status === 400) {
              const names = [...pathParams, ...queryParams].map((p) => p.name);
              const bodySchema = resolve(doc, operation.requestBody?.content['application/json']?.schema);
              names.push(...Object.keys(bodySchema.properties ?? {}));
              names.push(...body.keys);
              if (extraQuery) names.push(extraQuery[0]);
              const text = messages.join(' ');
              if (!names.some((name) => name && text.includes(name)) && !/body|JSON|cursor|table|content|too large/i.test(text))
                silentFourHundreds.push(described);
            }
          }
        }),
        { numRuns: runsPerOperation, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000), endOnFailure: true },
      );
    }
    expect(tally.total).toBeGreaterThanOrEqual(TOTAL_REQUESTS);
    expect(tally.serverErrors).toBe(0);
    expect(silentFourHundreds).toEqual([]);
  });
});
