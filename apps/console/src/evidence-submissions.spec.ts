import type { TaskEvent } from './api';
import { submissionsWithEvidence } from './evidence-submissions';

const event = (seq: number, type: string, payload: Record<string, unknown>, unitId: string | null = '3'): TaskEvent => ({
  seq,
  type,
  fromState: 'in_progress',
  toState: 'in_progress',
  actor: { userId: '11', unitId, username: 'weijian', name: '马丽娟', unitName: null },
  payload,
  at: `2021-03-0${seq}T02:00:00Z`,
});

describe('the evidence of a task, from its audit trail', () => {
  it('gathers self-assessments, contributions and rectification submissions, newest first, each under the unit that sent it', () => {
    const photo = { title: '公厕改造后.jpg', attachmentId: '7', fileName: '公厕改造后.jpg' };
    const events = [
      event(1, 'START', {}),
      event(2, 'CONTRIBUTE', { summary: '巡讲12场', evidence: [{ title: '巡讲照片', attachmentId: '5', fileName: 'IMG_0001.jpg' }] }, '9'),
      event(3, 'REPORT_PROGRESS', { percent: 40, summary: '推进中' }),
      event(4, 'SUBMIT_SELF_ASSESSMENT', { rating: 'completed', summary: '完成', evidence: [photo, { title: '说明', url: 'https://example.org/a' }] }),
      // an order's submission names the addressed unit in its payload; the inspector's audit actor has none
      event(5, 'ORDER_SUBMITTED', { orderId: '2', unitId: '9', summary: '已补拍', evidence: [{ title: '补拍', attachmentId: '8' }] }, '9'),
      event(6, 'CONTRIBUTE', { summary: '无材料', evidence: [] }, '9'),
    ];
    expect(submissionsWithEvidence(events).map((submission) => [submission.seq, submission.type, submission.unitId, submission.items.length])).toEqual([
      [5, 'ORDER_SUBMITTED', '9', 1],
      [4, 'SUBMIT_SELF_ASSESSMENT', '3', 2],
      [2, 'CONTRIBUTE', '9', 1],
    ]);
    expect(submissionsWithEvidence(events)[1].items[0]).toEqual(photo);
  });

  it('answers nothing for a task without evidence', () => {
    expect(submissionsWithEvidence([event(1, 'START', {}), event(2, 'REPORT_PROGRESS', { percent: 10, summary: '' })])).toEqual([]);
  });
});
