import { ApiError } from './api-error';

// the console's language lives in localStorage; the unit tests run without a browser
(globalThis as { localStorage?: Pick<Storage, 'getItem' | 'setItem'> }).localStorage = { getItem: () => null, setItem: () => undefined };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { saveCascadePolicy } = require('./plan-policy-form') as typeof import('./plan-policy-form');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { language } = require('./i18n') as typeof import('./i18n');

interface Seen {
  method: string;
  path: string;
  key: string | null;
  body: unknown;
}
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

/** A plan's policy as GET answers it (defaults filled in), with sign-off and close-out set by an earlier PUT. */
const policy = {
  deadlines: { reminderDaysBefore: [7, 3, 1], days: 'natural' },
  evidence: { fileRequiredFor: ['SUBMIT_SELF_ASSESSMENT'] },
  contributions: { termWorkingDaysBeforeReport: 3, days: 'working' },
  feedback: { urgentFirstDays: 1, urgentEveryDays: 3, days: 'working' },
  signOff: { submissions: ['CONTRIBUTE'] },
  closeOut: { steps: [{ title: '督查室审核', role: 'inspector', termDays: 5, returnTo: 'unit' }], gradeRequired: true },
  notices: { quietHours: null, urgentKinds: ['interview'], routes: {} },
  cascade: { contributionFill: 'manual' },
};

function fakeApi(answers: (seen: Seen) => Response): Seen[] {
  const seen: Seen[] = [];
  globalThis.fetch = jest.fn(async (input: RequestInfo | URL) => {
    const request = input as Request;
    const text = await request.text();
    const one = {
      method: request.method,
      path: new URL(request.url).pathname,
      key: request.headers.get('Idempotency-Key'),
      body: text ? JSON.parse(text) : null,
    };
    seen.push(one);
    return answers(one);
  });
  return seen;
}

const realFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = realFetch;
  language.set('zh');
});

describe('the plan policy’s cascade section', () => {
  it('saves what the admin chose: the document read just before, only the cascade section changed', async () => {
    const saved = { ...policy, cascade: { contributionFill: 'automatic' } };
    const seen = fakeApi((request) => (request.method === 'GET' ? json(200, policy) : json(200, { policy: saved, rescheduledTasks: 0 })));
    const result = await saveCascadePolicy('3', { contributionFill: 'automatic' });
    expect(result).toEqual({ ok: true, policy: saved });
    expect(seen.map(({ method, path }) => `${method} ${path}`)).toEqual(['GET /api/v1/plans/3/policy', 'PUT /api/v1/plans/3/policy']);
    // PUT replaces the whole document: every other section goes back as it was
    expect(seen[1].body).toEqual(saved);
    expect(seen[1].key).toMatch(/^[0-9a-f-]{20,}$/i);
  });

  it('shows a bad value beside its field, in the console’s language, and sends nothing', async () => {
    const seen = fakeApi(() => json(500, {}));
    expect(await saveCascadePolicy('3', { contributionFill: 'sometimes' })).toEqual({
      ok: false,
      byField: { contributionFill: ['请选择“手工报送”或“自动填报”。'] },
      general: null,
    });
    language.set('en');
    expect(await saveCascadePolicy('3', { contributionFill: '' })).toMatchObject({
      byField: { contributionFill: ['Choose “By hand” or “Filled automatically”.'] },
    });
    expect(seen).toEqual([]);
  });

  it('puts the api’s refusal of the field beside it, and what no field shows in the error box', async () => {
    const refusal = (message: string[]) => json(400, { statusCode: 400, code: 'invalid_policy', message, params: {} });
    fakeApi((request) => (request.method === 'GET' ? json(200, policy) : refusal(['cascade.contributionFill must be one of manual, automatic'])));
    expect(await saveCascadePolicy('3', { contributionFill: 'automatic' })).toEqual({
      ok: false,
      byField: { contributionFill: ['请选择“手工报送”或“自动填报”。'] },
      general: null,
    });

    fakeApi((request) =>
      request.method === 'GET'
        ? json(200, policy)
        : refusal(['cascade.contributionFill must be one of manual, automatic', 'closeOut.steps[0].termDays must be 1–90']),
    );
    const both = await saveCascadePolicy('3', { contributionFill: 'automatic' });
    expect(both).toMatchObject({ ok: false, byField: { contributionFill: ['请选择“手工报送”或“自动填报”。'] } });
    const general = (both as { general: ApiError }).general;
    expect([general.status, general.code, general.messages]).toEqual([400, 'invalid_policy', ['closeOut.steps[0].termDays must be 1–90']]);

    fakeApi((request) =>
      request.method === 'GET' ? json(200, policy) : json(403, { statusCode: 403, code: 'forbidden', message: ['admins only'], params: {} }),
    );
    const forbidden = await saveCascadePolicy('3', { contributionFill: 'automatic' });
    expect(forbidden).toMatchObject({ ok: false, byField: {} });
    expect((forbidden as { general: ApiError }).general).toBeInstanceOf(ApiError);
  });
});
