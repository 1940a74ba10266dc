import { addDays, TASK_STATES, type TaskLight, taskLight, type TaskState, YELLOW_WINDOW_DAYS } from '@duban/domain';
import { type TaskLightColumns, taskLightSql } from '@duban/tasks';
import { createMediumDatabase, type MediumDatabase } from '../support/medium-database';

/**
 * The light is defined once (TASK_LIGHT_RULES) and evaluated twice: by `taskLight` in TypeScript
 * (a task's page) and by `taskLightSql` in PostgreSQL (lists filtered by light, reports). Every
 * combination of the facts below is evaluated by both and compared case by case.
 */

interface LightCase {
  name: string;
  state: TaskState;
  overdue: boolean;
  dueOn: string;
  today: string;
  /** undefined: the default window, as callers that do not name one get it */
  window: number | undefined;
  orderOverdue: boolean;
  reportDueOn: string | null;
}

/** a leap day and a year's end, so that "today + window" crosses both in SQL and in TypeScript */
const TODAYS = ['2024-02-28', '2021-12-31'];
const WINDOWS: (number | undefined)[] = [0, 7, undefined];

/** Due days relative to today: before it, on it, inside the window, on its last day, just and far outside it. */
function dueOffsets(window: number): { offset: number; where: string }[] {
  const offsets = [
    { offset: -40, where: 'long past' },
    { offset: -1, where: 'yesterday' },
    { offset: 0, where: 'today' },
    { offset: 1, where: 'inside the window' },
    { offset: window - 1, where: 'inside the window, its last day but one' },
    { offset: window, where: 'on the window’s last day' },
    { offset: window + 1, where: 'just outside the window' },
    { offset: window + 60, where: 'far outside the window' },
  ];
  // a small window has fewer distinct places: keep the first name of each offset, and nothing inside a window of 0 days
  const seen = new Set<number>();
  return offsets.filter(({ offset, where }) => {
    if (seen.has(offset) || (where.startsWith('inside') && (offset <= 0 || offset >= window))) return false;
    seen.add(offset);
    return true;
  });
}

function lightCases(): LightCase[] {
  const cases: LightCase[] = [];
  for (const today of TODAYS) {
    for (const window of WINDOWS) {
      const days = window ?? YELLOW_WINDOW_DAYS;
      const reports: { reportDueOn: string | null; what: string }[] = [
        { reportDueOn: null, what: 'no open report' },
        { reportDueOn: addDays(today, -1), what: 'a report due yesterday (missing)' },
        { reportDueOn: today, what: 'a report due today (not yet missing)' },
        { reportDueOn: addDays(today, 5), what: 'a report due in 5 days' },
      ];
      for (const state of TASK_STATES) {
        for (const overdue of [false, true]) {
          for (const { offset, where } of dueOffsets(days)) {
            for (const orderOverdue of [false, true]) {
              for (const { reportDueOn, what } of reports) {
                const dueOn = addDays(today, offset);
                cases.push({
                  name: [
                    state,
                    overdue ? 'flagged overdue' : 'not flagged',
                    `due ${dueOn} (${where}, today${offset < 0 ? '' : '+'}${offset})`,
                    `today ${today}`,
                    window === undefined ? `the default window (${days} days)` : `a window of ${days} days`,
                    orderOverdue ? 'an order overdue' : 'no order overdue',
                    what,
                  ].join(', '),
                  state,
                  overdue,
                  dueOn,
                  today,
                  window,
                  orderOverdue,
                  reportDueOn,
                });
              }
            }
          }
        }
      }
    }
  }
  return cases;
}

/** What the task's page shows: the domain's light, with the report fact read as the task row reads it. */
function typeScriptLight(c: LightCase): TaskLight | null {
  return taskLight({
    state: c.state,
    overdue: c.overdue,
    dueOn: c.dueOn,
    today: c.today,
    yellowWindowDays: c.window,
    rectificationOrderOverdue: c.orderOverdue,
    periodicReportMissing: c.reportDueOn !== null && c.reportDueOn < c.today,
  });
}

type Render = (columns: TaskLightColumns, today: string, window: number | undefined) => string;

const COLUMNS: TaskLightColumns = {
  state: 'c.state',
  overdue: 'c.overdue',
  dueOn: 'c.due_on',
  orderOverdue: 'c.order_overdue',
  reportDueOn: 'c.report_due_on',
};

const literal = (value: string | null, type: 'text' | 'date'): string => (value === null ? `NULL::${type}` : `'${value.replace(/'/g, "''")}'::${type}`);

/**
 * The light of every case by one query: the cases as a VALUES list, each window's SQL chosen by the
 * case's window. Answers the differences, each naming its case.
 */
async function differences(db: MediumDatabase, cases: LightCase[], render: Render): Promise<string[]> {
  const values = cases.map(
    (c, n) =>
      `(${n}, ${literal(c.state, 'text')}, ${c.overdue}, ${literal(c.dueOn, 'date')}, ${c.orderOverdue}, ${literal(c.reportDueOn, 'date')}, ${literal(c.today, 'date')}, ${c.window ?? -1})`,
  );
  const byWindow = WINDOWS.map((window) => `WHEN ${window ?? -1} THEN ${render(COLUMNS, 'c.today', window)}`).join(' ');
  const found: { n: number; light: TaskLight | null }[] = await db.dataSource.query(
    `SELECT c.n, CASE c.win ${byWindow} END AS light
       FROM (VALUES ${values.join(',\n')}) AS c(n, state, overdue, due_on, order_overdue, report_due_on, today, win)
      ORDER BY c.n`,
  );
  expect(found).toHaveLength(cases.length);
  return found.flatMap(({ n, light }) => {
    const expected = typeScriptLight(cases[n]);
    return light === expected ? [] : [`${cases[n].name}: taskLight says ${expected}, taskLightSql says ${light}`];
  });
}

const rendered: Render = (columns, today, window) => (window === undefined ? taskLightSql(columns, today) : taskLightSql(columns, today, window));

describe('the light in SQL is the light in TypeScript (PostgreSQL)', () => {
  let db: MediumDatabase;
  const cases = lightCases();

  beforeAll(async () => {
    db = await createMediumDatabase({ poolSize: 1 });
  });
  afterAll(async () => {
    await db.close();
  });

  it('covers every state, flag, due day, order, report and window, and every light', () => {
    expect(new Set(cases.map((c) => c.state))).toEqual(new Set(TASK_STATES));
    expect(new Set(cases.map((c) => c.window))).toEqual(new Set(WINDOWS));
    expect(new Set(cases.map((c) => typeScriptLight(c)))).toEqual(new Set(['green', 'yellow', 'red', null]));
    // each rule decides some case: cancelled none (even overdue), closed green, red by each of its three facts, yellow by each of its two clauses
    const decidedBy = (pick: (c: LightCase) => boolean, light: TaskLight | null) => cases.some((c) => pick(c) && typeScriptLight(c) === light);
    expect(decidedBy((c) => c.state === 'cancelled' && c.overdue, null)).toBe(true);
    expect(cases.some((c) => c.state === 'cancelled' && typeScriptLight(c) !== null)).toBe(false);
    expect(decidedBy((c) => c.state === 'closed' && c.overdue, 'green')).toBe(true);
    expect(decidedBy((c) => c.overdue && !c.orderOverdue && c.dueOn >= c.today, 'red')).toBe(true);
    expect(decidedBy((c) => !c.overdue && !c.orderOverdue && c.dueOn < c.today, 'red')).toBe(true);
    expect(decidedBy((c) => !c.overdue && c.orderOverdue && c.dueOn >= c.today, 'red')).toBe(true);
    expect(decidedBy((c) => c.reportDueOn === null && c.state === 'in_progress', 'yellow')).toBe(true);
    expect(decidedBy((c) => c.reportDueOn !== null && c.state === 'self_assessed', 'yellow')).toBe(true);
    // 672 cases for each of the 9 states (awaiting_sign_off, closing and cancelled among them)
    expect(cases.length).toBe(6_048);
  });

  it('gives every case the same light in one query as taskLight does', async () => {
    expect(await differences(db, cases, rendered)).toEqual([]);
  });

  it('names the cases where an SQL rendering disagrees (a window one day too wide)', async () => {
    const wrong = await differences(db, cases, (columns, today, window) => taskLightSql(columns, today, (window ?? YELLOW_WINDOW_DAYS) + 1));
    expect(wrong.length).toBeGreaterThan(0);
    // exactly the open, unflagged, not yet assessed tasks due the day after the window, with nothing else to make them yellow or red
    expect(wrong.every((line) => line.includes('just outside the window') && line.includes('taskLight says green, taskLightSql says yellow'))).toBe(true);
    expect(wrong).toContain(
      'assigned, not flagged, due 2024-03-07 (just outside the window, today+8), today 2024-02-28, a window of 7 days, no order overdue, no open report: taskLight says green, taskLightSql says yellow',
    );
  });
});
