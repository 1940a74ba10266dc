import { OPEN_TASK_STATES } from '../task-lifecycle/task-lifecycle.constants';
import { initialTaskContext } from '../task-lifecycle/task-lifecycle.machine';
import type { TaskState } from '../task-lifecycle/task-lifecycle.types';
import { expectedTaskInbox, inboxItemKey, type ExpectedInboxItem, type TaskInboxInput } from './task-inbox.policy';

const pendingExtension = { proposedDueAt: '2026-06-30', reason: 'flood season', requestedByUnitId: 'lead-1' };

function input(state: TaskState, overrides: Partial<TaskInboxInput> = {}): TaskInboxInput {
  return {
    state,
    context: initialTaskContext(),
    leadUnitIds: ['lead-1', 'lead-2'],
    supportUnitIds: ['support-1'],
    inspectorUnitIds: ['inspection-office'],
    openOrders: [],
    contributedUnitIds: [],
    ...overrides,
  };
}

const item = (unitId: string, kind: ExpectedInboxItem['kind'], orderId: string | null = null): ExpectedInboxItem => ({ unitId, kind, orderId });

describe('expectedTaskInbox', () => {
  it.each<[TaskState, ExpectedInboxItem[]]>([
    ['assigned', [item('lead-1', 'start_task'), item('lead-2', 'start_task')]],
    ['in_progress', [item('lead-1', 'self_assess'), item('lead-2', 'self_assess'), item('support-1', 'contribute')]],
    ['self_assessed', [item('inspection-office', 'inspect')]],
    ['inspected', [item('inspection-office', 'inspect')]],
    ['rectify', [item('support-1', 'contribute')]],
    ['closed', []],
    // sign-off: the lead units' heads have the draft; the responsible units still owe their contributions
    ['awaiting_sign_off', [item('lead-1', 'sign_off'), item('lead-2', 'sign_off'), item('support-1', 'contribute')]],
  ])('in %s', (state, expected) => {
    expect(expectedTaskInbox(input(state))).toEqual(expected);
  });

  it('gives a unit whose contribution waits as a draft a sign_off item while the task takes contributions; the contribution is still owed', () => {
    const drafting = { draftingUnitIds: ['support-1'] };
    expect(expectedTaskInbox(input('in_progress', drafting))).toContainEqual(item('support-1', 'sign_off'));
    expect(expectedTaskInbox(input('in_progress', drafting))).toContainEqual(item('support-1', 'contribute'));
    expect(expectedTaskInbox(input('rectify', drafting))).toContainEqual(item('support-1', 'sign_off'));
    expect(expectedTaskInbox(input('awaiting_sign_off', { draftingUnitIds: ['lead-1'] })).filter((i) => i.kind === 'sign_off')).toHaveLength(2);
    expect(expectedTaskInbox(input('self_assessed', drafting))).not.toContainEqual(item('support-1', 'sign_off'));
    // a unit no longer of the task (an edit took it off) has nothing to sign off here
    expect(expectedTaskInbox(input('in_progress', { draftingUnitIds: ['support-gone'] })).map((i) => i.unitId)).not.toContain('support-gone');
  });

  it('gives the supervision units an approve_close item on an inspector’s or office head’s close-out step, none on an admin’s', () => {
    const chain = (role: 'inspector' | 'office_head' | 'admin') => ({
      ...initialTaskContext(),
      closeOut: { steps: [{ title: '审批', role, termDays: null, returnTo: 'previous' as const }], gradeRequired: false, step: 0 },
    });
    expect(expectedTaskInbox(input('closing', { context: chain('office_head') }))).toEqual([item('inspection-office', 'approve_close')]);
    expect(expectedTaskInbox(input('closing', { context: chain('inspector'), leadUnitIds: ['inspection-office'] }))).toEqual([]);
    expect(expectedTaskInbox(input('closing', { context: chain('admin') }))).toEqual([]);
  });

  it('gives every order awaiting an answer a rectify item for its unit', () => {
    const openOrders = [
      { orderId: 'order-1', unitId: 'lead-1', state: 'issued' as const },
      { orderId: 'order-2', unitId: 'support-1', state: 'returned' as const },
      { orderId: 'order-3', unitId: 'lead-2', state: 'submitted' as const },
    ];
    expect(expectedTaskInbox(input('rectify', { openOrders }))).toEqual([
      item('lead-1', 'rectify', 'order-1'),
      item('support-1', 'rectify', 'order-2'),
      item('support-1', 'contribute'),
    ]);
  });

  it.each([...OPEN_TASK_STATES])('asks the inspectors to decide a pending extension in %s', (state) => {
    const items = expectedTaskInbox(input(state, { context: { pendingExtension } }));
    expect(items.filter((expected) => expected.kind === 'decide_extension')).toEqual([item('inspection-office', 'decide_extension')]);
  });

  it('forgets a pending extension once the task is closed', () => {
    expect(expectedTaskInbox(input('closed', { context: { pendingExtension } }))).toEqual([]);
  });

  it('leaves out inspector units that lead the task', () => {
    const items = expectedTaskInbox(input('self_assessed', { inspectorUnitIds: ['inspection-office', 'lead-1'], context: { pendingExtension } }));
    expect(items).toEqual([item('inspection-office', 'inspect'), item('inspection-office', 'decide_extension')]);
  });

  it('lists each item once even when the input repeats a unit', () => {
    expect(expectedTaskInbox(input('assigned', { leadUnitIds: ['lead-1', 'lead-1'] }))).toEqual([item('lead-1', 'start_task')]);
  });

  it.each<TaskState>(['in_progress', 'rectify'])('closes the contribute item of a support unit whose contribution is in (%s), not the others', (state) => {
    const items = expectedTaskInbox(input(state, { supportUnitIds: ['support-1', 'support-2', 'support-3'], contributedUnitIds: ['support-2'] }));
    expect(items.filter((expected) => expected.kind === 'contribute')).toEqual([item('support-1', 'contribute'), item('support-3', 'contribute')]);
  });

  it('keys items by kind, unit and order', () => {
    expect(inboxItemKey(item('lead-1', 'rectify', 'order-1'))).toBe('rectify|lead-1|order-1');
    expect(inboxItemKey(item('lead-1', 'start_task'))).toBe('start_task|lead-1|');
    expect(inboxItemKey(item('lead-1', 'rectify', 'order-1'))).not.toBe(inboxItemKey(item('lead-1', 'rectify', 'order-2')));
  });
});
