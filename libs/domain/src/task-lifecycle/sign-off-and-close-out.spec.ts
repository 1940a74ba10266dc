import type { Relation, Role, UserActor } from './actor.types';
import { DEFAULT_TASK_LIFECYCLE_POLICY, type CloseOutStep, type TaskLifecyclePolicy } from './close-out.types';
import { allowedEvents, applyTaskEvent, taskSnapshotAt } from './task-lifecycle';
import { initialTaskContext } from './task-lifecycle.machine';
import type {
  PersistedTaskSnapshot,
  TaskContext,
  TaskEvent,
  TaskEventPayloads,
  TaskEventType,
  TaskTransition,
  TaskTransitionResult,
} from './task-lifecycle.types';

const user = (roles: Role[], relations: Relation[], unitId: string): UserActor => ({
  kind: 'user',
  userId: `${unitId}:${roles.join('+')}`,
  unitId,
  roles,
  relations,
});

const handler = user(['officer'], ['lead'], 'lead');
const leadHead = user(['officer', 'unit_head'], ['lead'], 'lead');
const supportHead = user(['unit_head'], ['support'], 'support');
const inspector = user(['inspector'], ['none'], 'office');
const officeHead = user(['inspector', 'unit_head'], ['none'], 'office');
const admin = user(['admin'], [], 'admin');

const STEPS: CloseOutStep[] = [
  { title: '督查员复核', role: 'inspector', termDays: 2, returnTo: 'previous' },
  { title: '督查室主任审核', role: 'office_head', termDays: 3, returnTo: 'previous' },
];
const policy: TaskLifecyclePolicy = { signOff: { submissions: ['SUBMIT_SELF_ASSESSMENT'] }, closeOut: { steps: STEPS, gradeRequired: true } };

function eventOf<T extends TaskEventType>(type: T, actor: UserActor, payload: TaskEventPayloads[T], withPolicy = policy): TaskEvent {
  return { type, payload, actor, policy: withPolicy } as TaskEvent;
}

function applied(result: TaskTransitionResult): TaskTransition {
  if (!result.ok) throw new Error(`expected the event to be applied, got ${result.code}: ${result.reason}`);
  return result;
}

const at = (state: Parameters<typeof taskSnapshotAt>[0], context: Partial<TaskContext> = {}): PersistedTaskSnapshot =>
  taskSnapshotAt(state, { ...initialTaskContext(), ...context });

const selfAssessment = { rating: 'completed' as const, summary: 'all clinics open', evidence: [{ title: '验收报告' }] };
const pass = { verdict: 'pass' as const, findings: 'verified on site' };

describe('sign-off of a self-assessment (plan policy signOff)', () => {
  it('keeps the draft in awaiting_sign_off until the lead unit’s head approves it', () => {
    const drafted = applied(applyTaskEvent(at('in_progress'), eventOf('SUBMIT_SELF_ASSESSMENT', handler, selfAssessment)));
    expect(drafted.to).toBe('awaiting_sign_off');
    expect(allowedEvents(drafted.snapshot, leadHead)).toEqual(expect.arrayContaining(['APPROVE_SUBMISSION', 'RETURN_SUBMISSION']));
    expect(allowedEvents(drafted.snapshot, handler)).toEqual(['RETURN_CONTRIBUTION', 'WITHDRAW', 'REQUEST_EXTENSION']);
    expect(applied(applyTaskEvent(drafted.snapshot, eventOf('APPROVE_SUBMISSION', leadHead, {}))).to).toBe('self_assessed');
  });

  it('sends a returned draft back to the unit with the head’s reason, which the next sent draft clears', () => {
    const drafted = applied(applyTaskEvent(at('in_progress'), eventOf('SUBMIT_SELF_ASSESSMENT', handler, selfAssessment)));
    const returned = applied(applyTaskEvent(drafted.snapshot, eventOf('RETURN_SUBMISSION', leadHead, { reason: '缺三月数据' })));
    expect(returned.to).toBe('in_progress');
    expect(returned.context.returnedDraft).toEqual({ reason: '缺三月数据', byUserId: leadHead.userId });
    const redrafted = applied(applyTaskEvent(returned.snapshot, eventOf('SUBMIT_SELF_ASSESSMENT', handler, selfAssessment)));
    expect(redrafted.context.returnedDraft).not.toBeNull();
    const approved = applied(applyTaskEvent(redrafted.snapshot, eventOf('APPROVE_SUBMISSION', leadHead, {})));
    expect(approved.context.returnedDraft).toBeNull();
  });

  it('refuses the head of another unit, a return without a reason, and approval when nothing waits', () => {
    const waiting = at('awaiting_sign_off');
    expect(applyTaskEvent(waiting, eventOf('APPROVE_SUBMISSION', supportHead, {}))).toMatchObject({ ok: false, code: 'forbidden' });
    expect(applyTaskEvent(waiting, eventOf('APPROVE_SUBMISSION', handler, {}))).toMatchObject({ ok: false, code: 'forbidden' });
    expect(applyTaskEvent(waiting, eventOf('RETURN_SUBMISSION', leadHead, { reason: ' ' }))).toEqual({
      ok: false,
      code: 'precondition_failed',
      rule: 'hasReason',
      reason: 'RETURN_SUBMISSION needs a non-empty reason',
    });
    expect(applyTaskEvent(at('in_progress'), eventOf('APPROVE_SUBMISSION', leadHead, {}))).toMatchObject({ ok: false, code: 'not_allowed_now' });
  });

  it('sends the self-assessment at once when the plan asks for no sign-off (the default)', () => {
    const sent = applied(applyTaskEvent(at('in_progress'), eventOf('SUBMIT_SELF_ASSESSMENT', handler, selfAssessment, DEFAULT_TASK_LIFECYCLE_POLICY)));
    expect(sent.to).toBe('self_assessed');
    const withoutPolicy = applied(applyTaskEvent(at('in_progress'), { type: 'SUBMIT_SELF_ASSESSMENT', payload: selfAssessment, actor: handler }));
    expect(withoutPolicy.to).toBe('self_assessed');
  });
});

describe('the close-out chain (plan policy closeOut)', () => {
  const passed = () => applied(applyTaskEvent(at('self_assessed'), eventOf('INSPECT', inspector, pass)));

  it('enters the chain on a pass, with the steps the policy had then', () => {
    const result = passed();
    expect(result.to).toBe('closing');
    expect(result.context.closeOut).toEqual({ steps: STEPS, gradeRequired: true, step: 0 });
    expect(allowedEvents(result.snapshot, inspector)).toEqual(['CANCEL', 'APPROVE_CLOSE', 'RETURN_CLOSE']);
    expect(allowedEvents(result.snapshot, officeHead)).toEqual(['CANCEL', 'APPROVE_CLOSE', 'RETURN_CLOSE']);
    expect(allowedEvents(result.snapshot, handler)).toEqual(['REQUEST_EXTENSION']);
  });

  it('chases each step it reaches with its term, and ends the chase when the chain is left', () => {
    expect(passed().effects).toEqual([{ type: 'chaseCloseOutStep', step: 0, title: '督查员复核', termDays: 2 }]);
    const second = applied(applyTaskEvent(passed().snapshot, eventOf('APPROVE_CLOSE', inspector, {})));
    expect(second.effects).toEqual([{ type: 'chaseCloseOutStep', step: 1, title: '督查室主任审核', termDays: 3 }]);
    const back = applied(applyTaskEvent(second.snapshot, eventOf('RETURN_CLOSE', officeHead, { reason: '照片不清' })));
    expect(back.effects).toEqual([{ type: 'chaseCloseOutStep', step: 0, title: '督查员复核', termDays: 2 }]);
    const left = applied(applyTaskEvent(back.snapshot, eventOf('RETURN_CLOSE', inspector, { reason: '再核' })));
    expect(left.effects).toEqual([{ type: 'chaseCloseOutStep', step: null, title: null, termDays: null }]);
  });

  it('keeps a fail on the old path: inspected, then a rectification order', () => {
    expect(applied(applyTaskEvent(at('self_assessed'), eventOf('INSPECT', inspector, { verdict: 'fail', findings: 'gaps' }))).to).toBe('inspected');
  });

  it('moves step by step; the last step closes with a grade, and only its role may act', () => {
    const second = applied(applyTaskEvent(passed().snapshot, eventOf('APPROVE_CLOSE', inspector, {})));
    expect(second.to).toBe('closing');
    expect(second.context.closeOut?.step).toBe(1);
    expect(applyTaskEvent(second.snapshot, eventOf('APPROVE_CLOSE', inspector, { grade: '良好' }))).toEqual({
      ok: false,
      code: 'forbidden',
      reason: expect.stringContaining('the close-out step "督查室主任审核" is for the head of a supervision office'),
    });
    expect(allowedEvents(second.snapshot, inspector)).toEqual(['CANCEL']);
    expect(applyTaskEvent(second.snapshot, eventOf('APPROVE_CLOSE', officeHead, {}))).toEqual({
      ok: false,
      code: 'precondition_failed',
      rule: 'gradeFitsStep',
      reason: 'the last close-out step needs a grade (优秀, 良好, 合格 or 不合格)',
    });
    const closed = applied(applyTaskEvent(second.snapshot, eventOf('APPROVE_CLOSE', officeHead, { grade: '良好' })));
    expect(closed.to).toBe('closed');
    expect(closed.context).toMatchObject({ grade: '良好', closeOut: null });
    expect(closed.effects).toEqual([{ type: 'cancelTimers' }]);
    const reopened = applied(applyTaskEvent(closed.snapshot, eventOf('REOPEN', admin, { reason: 'audit' })));
    expect(reopened.context.grade).toBeNull();
  });

  it('refuses a grade before the last step, and an office head of a lead unit', () => {
    expect(applyTaskEvent(passed().snapshot, eventOf('APPROVE_CLOSE', inspector, { grade: '优秀' }))).toEqual({
      ok: false,
      code: 'precondition_failed',
      rule: 'gradeFitsStep',
      reason: 'a grade is given on the last close-out step only',
    });
    const leadingOfficeHead = user(['inspector', 'unit_head'], ['lead'], 'lead');
    const second = applied(applyTaskEvent(passed().snapshot, eventOf('APPROVE_CLOSE', inspector, {})));
    expect(applyTaskEvent(second.snapshot, eventOf('APPROVE_CLOSE', leadingOfficeHead, { grade: '优秀' }))).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it('returns to the step before, and from the first step to the inspector’s verdict', () => {
    const second = applied(applyTaskEvent(passed().snapshot, eventOf('APPROVE_CLOSE', inspector, {})));
    const back = applied(applyTaskEvent(second.snapshot, eventOf('RETURN_CLOSE', officeHead, { reason: '照片不清' })));
    expect(back.to).toBe('closing');
    expect(back.context.closeOut?.step).toBe(0);
    const verdictAgain = applied(applyTaskEvent(back.snapshot, eventOf('RETURN_CLOSE', inspector, { reason: '再核' })));
    expect(verdictAgain.to).toBe('self_assessed');
    expect(verdictAgain.context).toMatchObject({ closeOut: null, lastVerdict: null });
    expect(applyTaskEvent(second.snapshot, eventOf('RETURN_CLOSE', officeHead, { reason: '' }))).toMatchObject({ code: 'precondition_failed' });
  });

  it('returns to the unit (in progress) where the step says so', () => {
    const toUnit: TaskLifecyclePolicy = { ...policy, closeOut: { steps: [{ ...STEPS[1], returnTo: 'unit' }], gradeRequired: false } };
    const entered = applied(applyTaskEvent(at('self_assessed'), eventOf('INSPECT', inspector, pass, toUnit)));
    const back = applied(applyTaskEvent(entered.snapshot, eventOf('RETURN_CLOSE', officeHead, { reason: '重新整理材料' })));
    expect(back.to).toBe('in_progress');
    // no grade asked for: the approval closes without one
    const again = applied(applyTaskEvent(at('self_assessed'), eventOf('INSPECT', inspector, pass, toUnit)));
    expect(applied(applyTaskEvent(again.snapshot, eventOf('APPROVE_CLOSE', officeHead, {}))).context.grade).toBeNull();
  });

  it('accepts the orders of a rectification round when its re-inspection passes into the chain', () => {
    const result = applied(applyTaskEvent(at('self_assessed', { rectificationRound: 2 }), eventOf('INSPECT', inspector, pass)));
    expect(result.to).toBe('closing');
    expect(result.effects).toEqual([
      { type: 'acceptRectificationOrders', round: 2 },
      { type: 'chaseCloseOutStep', step: 0, title: '督查员复核', termDays: 2 },
    ]);
  });

  it('closes on the inspector’s CLOSE after a pass when the plan has no chain (the default)', () => {
    const inspected = applied(applyTaskEvent(at('self_assessed'), eventOf('INSPECT', inspector, pass, DEFAULT_TASK_LIFECYCLE_POLICY)));
    expect(inspected.to).toBe('inspected');
    expect(applied(applyTaskEvent(inspected.snapshot, eventOf('CLOSE', inspector, {}))).to).toBe('closed');
  });
});
