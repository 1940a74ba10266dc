import { closeOutChainOf, type ChainEvent } from './close-out-steps';
import type { CloseOutStep } from './close-out.types';

const STEPS: CloseOutStep[] = [{ title: '督查室主任审核', role: 'office_head', termDays: 3, returnTo: 'previous' }];
const ZONE = 'Asia/Shanghai';

let minute = 0;
const event = (
  type: string,
  fromState: ChainEvent['fromState'],
  toState: ChainEvent['toState'],
  actorUserId: string,
  payload: Record<string, unknown> = {},
): ChainEvent => ({
  type,
  fromState,
  toState,
  actorUserId,
  // 2021-09-29 (a Wednesday) 10:00 in Beijing, a minute per event
  at: new Date(Date.UTC(2021, 8, 29, 2, minute++)),
  payload,
});

describe('closeOutChainOf', () => {
  beforeEach(() => {
    minute = 0;
  });

  it('waits on the inspector’s verdict once the self-assessment is in, with no step done', () => {
    const view = closeOutChainOf(STEPS, [event('APPROVE_SUBMISSION', 'awaiting_sign_off', 'self_assessed', 'head')], 'natural', ZONE);
    expect(view.steps.map((step) => step.status)).toEqual(['current', 'pending']);
    expect(view.grade).toBeNull();
  });

  it('names who passed and when, and counts the current step’s term in natural or working days', () => {
    const events = [event('SUBMIT_SELF_ASSESSMENT', 'in_progress', 'self_assessed', 'officer'), event('INSPECT', 'self_assessed', 'closing', 'inspector')];
    const natural = closeOutChainOf(STEPS, events, 'natural', ZONE);
    expect(natural.steps[0]).toMatchObject({ status: 'done', by: { userId: 'inspector' }, at: '2021-09-29T02:01:00.000Z' });
    expect(natural.steps[1]).toMatchObject({ status: 'current', dueOn: '2021-10-02' });
    // three working days from 29 September: the 30th, then past the National Day week to 9 October (a make-up working Saturday)
    expect(closeOutChainOf(STEPS, events, 'working', ZONE).steps[1].dueOn).toBe('2021-10-09');
  });

  it('undoes the verdict on a return to it, shows the reason, and ends with the grade', () => {
    const view = closeOutChainOf(
      STEPS,
      [
        event('SUBMIT_SELF_ASSESSMENT', 'in_progress', 'self_assessed', 'officer'),
        event('INSPECT', 'self_assessed', 'closing', 'inspector'),
        event('RETURN_CLOSE', 'closing', 'self_assessed', 'head', { reason: '照片不清' }),
      ],
      'natural',
      ZONE,
    );
    expect(view.steps.map((step) => step.status)).toEqual(['current', 'pending']);
    expect(view.steps[0].returnedReason).toBe('照片不清');

    const closed = closeOutChainOf(
      STEPS,
      [
        event('INSPECT', 'self_assessed', 'closing', 'inspector'),
        event('RETURN_CLOSE', 'closing', 'self_assessed', 'head', { reason: '照片不清' }),
        event('INSPECT', 'self_assessed', 'closing', 'inspector'),
        event('APPROVE_CLOSE', 'closing', 'closed', 'head', { grade: '良好' }),
      ],
      'natural',
      ZONE,
    );
    expect(closed.grade).toBe('良好');
    expect(closed.steps.map((step) => [step.status, step.by?.userId])).toEqual([
      ['done', 'inspector'],
      ['done', 'head'],
    ]);
    expect(closed.steps[1].dueOn).toBeNull();
  });

  it('starts over after a return to the unit and after a reopening', () => {
    const returned = closeOutChainOf(
      STEPS,
      [event('INSPECT', 'self_assessed', 'closing', 'inspector'), event('RETURN_CLOSE', 'closing', 'in_progress', 'head', { reason: '重做' })],
      'natural',
      ZONE,
    );
    expect(returned.steps.map((step) => step.status)).toEqual(['pending', 'pending']);
    const reopened = closeOutChainOf(
      STEPS,
      [
        event('INSPECT', 'self_assessed', 'closing', 'inspector'),
        event('APPROVE_CLOSE', 'closing', 'closed', 'head', { grade: '优秀' }),
        event('REOPEN', 'closed', 'in_progress', 'admin'),
      ],
      'natural',
      ZONE,
    );
    expect(reopened).toMatchObject({ grade: null, steps: [{ status: 'pending' }, { status: 'pending' }] });
  });
});
