import type { Handling, Relation, Role, UserActor } from './actor.types';
import type { TaskLifecyclePolicy } from './close-out.types';
import { allowedEvents, applyTaskEvent, taskSnapshotAt } from './task-lifecycle';
import type { SubmissionDraftFact, TaskEvent, TaskEventPayloads, TaskEventType, TaskTransition, TaskTransitionResult } from './task-lifecycle.types';

const user = (roles: Role[], relations: Relation[], unitId: string, handling?: Handling): UserActor => ({
  kind: 'user',
  userId: `${unitId}:${roles.join('+')}`,
  unitId,
  roles,
  relations,
  ...(handling ? { handling } : {}),
});

const supportOfficer = user(['officer'], ['support'], 'banner');
const supportHead = user(['officer', 'unit_head'], ['support'], 'banner');
const otherSupportHead = user(['unit_head'], ['support'], 'other-banner');
const leadHead = user(['officer', 'unit_head'], ['lead'], 'lead');
const leadOfficer = user(['officer'], ['lead'], 'lead');

const policy: TaskLifecyclePolicy = { signOff: { submissions: ['CONTRIBUTE'] }, closeOut: { steps: [], gradeRequired: false } };
const contribution = { summary: '已完成辖区内病媒消杀', period: '2021-03-31' };
const draft: SubmissionDraftFact = { id: '7', submission: 'CONTRIBUTE', unitId: 'banner', payload: contribution };

function eventOf<T extends TaskEventType>(type: T, actor: UserActor, payload: TaskEventPayloads[T], extra: Partial<TaskEvent> = {}): TaskEvent {
  return { type, payload, actor, policy, ...extra } as TaskEvent;
}

function applied(result: TaskTransitionResult): TaskTransition {
  if (!result.ok) throw new Error(`expected the event to be applied, got ${result.code}: ${result.reason}`);
  return result;
}

describe('sign-off of a contribution (plan policy signOff lists CONTRIBUTE)', () => {
  it('keeps a responsible unit’s contribution as a draft: nothing is recorded and the task does not wait', () => {
    const drafted = applied(applyTaskEvent(taskSnapshotAt('in_progress'), eventOf('CONTRIBUTE', supportOfficer, contribution)));
    expect(drafted.to).toBe('in_progress');
    expect(drafted.effects).toEqual([{ type: 'draftSubmission', submission: 'CONTRIBUTE', unitId: 'banner', payload: contribution }]);
    // without the policy it is sent at once, as before
    const sent = applied(applyTaskEvent(taskSnapshotAt('in_progress'), { type: 'CONTRIBUTE', payload: contribution, actor: supportOfficer }));
    expect(sent.effects).toEqual([{ type: 'recordContribution', unitId: 'banner', summary: contribution.summary, evidence: [], period: '2021-03-31' }]);
  });

  it('records the draft’s content when its unit’s head approves it, in progress, awaiting sign-off and in rectification', () => {
    for (const state of ['in_progress', 'awaiting_sign_off', 'rectify'] as const) {
      const approved = applied(applyTaskEvent(taskSnapshotAt(state), eventOf('APPROVE_SUBMISSION', supportHead, { draftId: '7' }, { draft })));
      expect(approved.to).toBe(state);
      expect(approved.effects).toEqual([
        { type: 'decideDraft', draftId: '7', unitId: 'banner', submission: 'CONTRIBUTE', decision: 'approved', reason: null },
        { type: 'recordContribution', unitId: 'banner', summary: contribution.summary, evidence: [], period: '2021-03-31' },
      ]);
    }
  });

  it('returns the draft with the head’s reason, recording nothing', () => {
    const returned = applied(
      applyTaskEvent(taskSnapshotAt('in_progress'), eventOf('RETURN_SUBMISSION', supportHead, { reason: '缺照片', draftId: '7' }, { draft })),
    );
    expect(returned.effects).toEqual([
      { type: 'decideDraft', draftId: '7', unitId: 'banner', submission: 'CONTRIBUTE', decision: 'returned', reason: '缺照片' },
    ]);
  });

  it('lets only the draft’s own unit head decide, and a draftless decision only on a self-assessment awaiting sign-off', () => {
    const inProgress = taskSnapshotAt('in_progress');
    expect(applyTaskEvent(inProgress, eventOf('APPROVE_SUBMISSION', otherSupportHead, { draftId: '7' }, { draft }))).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
    expect(applyTaskEvent(inProgress, eventOf('APPROVE_SUBMISSION', leadHead, { draftId: '7' }, { draft }))).toMatchObject({ ok: false, code: 'forbidden' });
    expect(applyTaskEvent(inProgress, eventOf('APPROVE_SUBMISSION', supportOfficer, { draftId: '7' }, { draft }))).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
    expect(applyTaskEvent(inProgress, eventOf('APPROVE_SUBMISSION', supportHead, {}))).toMatchObject({ ok: false, code: 'forbidden' });
    expect(applyTaskEvent(inProgress, eventOf('APPROVE_SUBMISSION', leadHead, {}))).toMatchObject({ ok: false, code: 'not_allowed_now' });
    // a self-assessment awaiting sign-off: the draftless events are offered to the lead's head only
    expect(allowedEvents(taskSnapshotAt('awaiting_sign_off'), leadHead)).toEqual(expect.arrayContaining(['APPROVE_SUBMISSION', 'RETURN_SUBMISSION']));
    expect(allowedEvents(taskSnapshotAt('awaiting_sign_off'), supportHead)).not.toContain('APPROVE_SUBMISSION');
    expect(allowedEvents(inProgress, leadHead)).not.toContain('APPROVE_SUBMISSION');
  });
});

describe('sign-off of a progress report and of an order’s answer (plan policy signOff lists REPORT_PROGRESS, SUBMIT_RECTIFICATION)', () => {
  const reportPolicy: TaskLifecyclePolicy = { signOff: { submissions: ['REPORT_PROGRESS'] }, closeOut: { steps: [], gradeRequired: false } };
  const report = { percent: 40, summary: '按计划推进', indicators: [{ targetId: '3', value: 12, asOf: '2021-03-31' }] };

  it('keeps the lead’s report as a draft: no indicators recorded, the task stays in progress', () => {
    const drafted = applied(applyTaskEvent(taskSnapshotAt('in_progress'), eventOf('REPORT_PROGRESS', leadOfficer, report, { policy: reportPolicy })));
    expect(drafted.to).toBe('in_progress');
    expect(drafted.effects).toEqual([{ type: 'draftSubmission', submission: 'REPORT_PROGRESS', unitId: 'lead', payload: report }]);
    // without the policy it is sent, its indicators recorded
    const sent = applied(applyTaskEvent(taskSnapshotAt('in_progress'), { type: 'REPORT_PROGRESS', payload: report, actor: leadOfficer }));
    expect(sent.effects).toEqual([{ type: 'recordIndicators', indicators: report.indicators }]);
  });

  it('approves a report’s or an answer’s draft by its unit’s head without recording a contribution (the service sends the real event)', () => {
    const reportDraft: SubmissionDraftFact = { id: '8', submission: 'REPORT_PROGRESS', unitId: 'lead', payload: report };
    const approved = applied(applyTaskEvent(taskSnapshotAt('in_progress'), eventOf('APPROVE_SUBMISSION', leadHead, { draftId: '8' }, { draft: reportDraft })));
    expect(approved.effects).toEqual([
      { type: 'decideDraft', draftId: '8', unitId: 'lead', submission: 'REPORT_PROGRESS', decision: 'approved', reason: null },
    ]);
    const answer: SubmissionDraftFact = {
      id: '9',
      submission: 'SUBMIT_RECTIFICATION',
      unitId: 'banner',
      orderId: '4',
      payload: { summary: '已整改', evidence: [] },
    };
    expect(applyTaskEvent(taskSnapshotAt('rectify'), eventOf('APPROVE_SUBMISSION', leadHead, { draftId: '9' }, { draft: answer }))).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
    const byItsHead = applied(applyTaskEvent(taskSnapshotAt('rectify'), eventOf('APPROVE_SUBMISSION', supportHead, { draftId: '9' }, { draft: answer })));
    expect(byItsHead.to).toBe('rectify');
    expect(byItsHead.effects.map((effect) => effect.type)).toEqual(['decideDraft']);
  });

  it('approves a report’s draft only while the task is in progress (a report is sent there only); elsewhere it may be returned', () => {
    const reportDraft: SubmissionDraftFact = { id: '8', submission: 'REPORT_PROGRESS', unitId: 'lead', payload: report };
    for (const state of ['awaiting_sign_off', 'rectify'] as const) {
      expect(applyTaskEvent(taskSnapshotAt(state), eventOf('APPROVE_SUBMISSION', leadHead, { draftId: '8' }, { draft: reportDraft }))).toMatchObject({
        ok: false,
        code: 'not_allowed_now',
        reason: expect.stringContaining('only while the task is in progress'),
      });
      const returned = applyTaskEvent(
        taskSnapshotAt(state),
        eventOf('RETURN_SUBMISSION', leadHead, { reason: '已过报送期', draftId: '8' }, { draft: reportDraft }),
      );
      expect(returned).toMatchObject({ ok: true, to: state });
    }
  });
});

describe('handlers (承办人) draft their unit’s submissions', () => {
  const inProgress = taskSnapshotAt('in_progress');
  const report = { percent: 40, summary: '按计划推进' };

  it('refuses an officer of a unit whose handlers are named and who is not one of them, with not_a_handler', () => {
    const other = { ...leadOfficer, handling: 'other' as const };
    expect(applyTaskEvent(inProgress, eventOf('REPORT_PROGRESS', other, report))).toMatchObject({ ok: false, code: 'not_a_handler' });
    expect(applyTaskEvent(inProgress, eventOf('CONTRIBUTE', { ...supportOfficer, handling: 'other' }, contribution))).toMatchObject({
      ok: false,
      code: 'not_a_handler',
    });
    expect(allowedEvents(inProgress, other)).not.toContain('REPORT_PROGRESS');
    expect(allowedEvents(inProgress, other)).not.toContain('SUBMIT_SELF_ASSESSMENT');
  });

  it('lets a named handler, the unit’s head and any officer of a unit with none named draft', () => {
    for (const handling of ['handler', 'unnamed', undefined] as const) {
      const actor = { ...leadOfficer, ...(handling ? { handling } : {}) };
      expect(applyTaskEvent(inProgress, eventOf('REPORT_PROGRESS', actor, report)).ok).toBe(true);
    }
    expect(applyTaskEvent(inProgress, eventOf('REPORT_PROGRESS', { ...leadHead, handling: 'other' }, report)).ok).toBe(true);
  });

  it('leaves the events that are not a unit’s submission alone', () => {
    const other = { ...leadOfficer, handling: 'other' as const };
    expect(applyTaskEvent(inProgress, eventOf('REQUEST_EXTENSION', other, { proposedDueAt: '2030-01-01', reason: '延期' })).ok).toBe(true);
  });
});
