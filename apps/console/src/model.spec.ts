import { ApiError } from './api-error';
import type { InboxItem, Task, TaskEvent } from './api';
import { fromProgressReport, inboxOrder, latestReadings, splitMessages, summarise } from './model';

const item = (id: string, dueAt: string | null, overdue: boolean, createdAt = '2021-03-01T00:00:00Z'): InboxItem => ({
  id,
  kind: 'notice',
  taskId: null,
  orderId: null,
  title: id,
  dueAt,
  overdue,
  createdAt,
  readAt: null,
  status: 'open',
  doneAt: null,
  payload: {},
  handlerIds: [],
  handlerNames: [],
});

const task = (seq: number, section: string, lead: string, state: Task['state'], light: Task['light'], overdue = false): Task => ({
  id: String(seq),
  planId: '1',
  seq,
  number: String(seq),
  section: { title: section },
  workItem: { title: 'w' },
  text: 't',
  state,
  leadUnits: [{ id: lead, name: lead }],
  supportUnits: [],
  leadText: lead,
  supportText: '',
  dueAt: '2025-12-31',
  milestones: [],
  recurrence: null,
  source: null,
  urgency: 'normal',
  targets: [],
  overdue,
  escalationLevel: 0,
  light,
  version: 0,
  allowedEvents: [],
});

describe('the console model', () => {
  it('orders the inbox overdue first, then by due day with undated items last, then oldest first', () => {
    const items = [
      item('later', '2025-12-31', false),
      item('undated', null, false),
      item('overdue', '2022-12-31', true),
      item('soon-old', '2022-06-30', false, '2021-01-01T00:00:00Z'),
      item('soon', '2022-06-30', false),
    ];
    expect([...items].sort(inboxOrder).map((i) => i.id)).toEqual(['overdue', 'soon-old', 'soon', 'later', 'undated']);
  });

  it('puts payload messages at their field and keeps the others for the form', () => {
    const error = new ApiError(400, [
      'payload.evidence needs at least one item',
      'payload.summary must be longer than or equal to 1 characters',
      'expectedVersion must not be less than 0',
    ]);
    const { byField, general } = splitMessages(error);
    expect(byField).toEqual({
      evidence: ['payload.evidence needs at least one item'],
      summary: ['payload.summary must be longer than or equal to 1 characters'],
    });
    expect(general?.messages).toEqual(['expectedVersion must not be less than 0']);
    expect(splitMessages(new ApiError(409, ['not allowed']))).toEqual({ byField: {}, general: null });
  });

  it('takes the latest reading of each target from the REPORT_PROGRESS events, by asOf', () => {
    const event = (seq: number, indicators: unknown): TaskEvent => ({
      seq,
      type: 'REPORT_PROGRESS',
      fromState: 'in_progress',
      toState: 'in_progress',
      actor: 'system',
      payload: { indicators },
      at: '2021-03-01T00:00:00Z',
    });
    const readings = latestReadings([
      event(1, [{ targetId: '7', value: 20, asOf: '2021-06-30' }]),
      event(2, [
        { targetId: '7', value: 18, asOf: '2021-03-31' },
        { targetId: '8', value: 1, asOf: '2021-03-31' },
      ]),
      { ...event(3, undefined), type: 'START' },
    ]);
    expect(Object.fromEntries(readings)).toEqual({ '7': { value: 20, asOf: '2021-06-30' }, '8': { value: 1, asOf: '2021-03-31' } });
  });

  it('counts states and lights by section and by lead unit, the most red first', () => {
    const summary = summarise([
      task(1, 'A', '卫健委', 'closed', 'green'),
      task(2, 'A', '教体局', 'in_progress', 'red', true),
      task(3, 'B', '教体局', 'assigned', 'yellow'),
    ]);
    expect(summary.byState).toMatchObject({ assigned: 1, in_progress: 1, closed: 1, rectify: 0 });
    expect(summary.all).toMatchObject({ total: 3, green: 1, yellow: 1, red: 1, closed: 1, overdue: 1 });
    expect(summary.bySection.map((row) => [row.name, row.total, row.red])).toEqual([
      ['A', 2, 1],
      ['B', 1, 0],
    ]);
    expect(summary.byLead.map((row) => row.name)).toEqual(['教体局', '卫健委']);
  });

  it('counts a cancelled task (no light) in its state only, in no light or grid', () => {
    const summary = summarise([task(1, 'A', '卫健委', 'in_progress', 'green'), task(2, 'A', '卫健委', 'cancelled', null, true)]);
    expect(summary.byState).toMatchObject({ in_progress: 1, cancelled: 1 });
    expect(summary.all).toMatchObject({ total: 1, green: 1, yellow: 0, red: 0, overdue: 0 });
    expect(summary.bySection.map((row) => [row.name, row.total])).toEqual([['A', 1]]);
  });

  it('prefers the reports service counts, keeping the overdue column of the task list', () => {
    const computed = summarise([task(1, 'A', '卫健委', 'in_progress', 'red', true)]);
    const group = { tasks: 5, byState: { closed: 2, in_progress: 3 }, byLight: { green: 3, yellow: 1, red: 1 } };
    const merged = fromProgressReport(
      { totals: { ...group, overdue: 1 }, bySection: [{ ...group, title: 'A' }], byLeadUnit: [{ ...group, name: '卫健委' }], byState: group.byState },
      computed,
    );
    expect(merged.all).toMatchObject({ total: 5, closed: 2, red: 1, overdue: 1 });
    expect(merged.bySection[0]).toMatchObject({ name: 'A', total: 5, overdue: 1 });
    expect(merged.byState).toMatchObject({ closed: 2, in_progress: 3, assigned: 0 });
  });
});
