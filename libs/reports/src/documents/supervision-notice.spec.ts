import type { TaskView } from '@duban/tasks';
import { chineseDate } from './official-document-content';
import { daysBetween, supervisionNotice } from './supervision-notice';

const task = (more: Partial<TaskView>): TaskView =>
  ({
    id: '35',
    planId: '1',
    seq: 35,
    text: '推进无烟党政机关建设。',
    state: 'in_progress',
    light: 'yellow',
    leadUnits: [{ id: '1', name: '市卫生健康委员会' }],
    supportUnits: [{ id: '2', name: '市教育体育局' }],
    leadText: '市卫健委',
    supportText: '市教体局',
    dueAt: '2022-12-31',
    milestones: [],
    ...more,
  }) as TaskView;
const context = { planName: '爱国卫生任务分解表', issuer: '市委市政府督查室', today: '2022-12-20' };
const paragraphs = (doc: ReturnType<typeof supervisionNotice>): string =>
  doc.body.map((block) => (block.kind === 'table' ? block.rows.flat().join('|') : block.text)).join('\n');

describe('the 督办单', () => {
  it('dates as official documents do, and counts days between calendar days', () => {
    expect(chineseDate('2023-01-02')).toBe('2023年1月2日');
    expect(daysBetween('2022-12-31', '2023-01-02')).toBe(2);
    expect(daysBetween('2023-01-02', '2022-12-31')).toBe(-2);
  });

  it('is addressed to the lead units, numbered by year and task, and says how many days are left', () => {
    const doc = supervisionNotice(task({}), context);
    expect(doc).toMatchObject({ title: '督 办 单', number: '督办〔2022〕35号', addressee: '市卫生健康委员会', issuer: '市委市政府督查室', date: '2022-12-20' });
    expect(paragraphs(doc)).toContain('现将第35项任务交由你单位牵头办理，市教育体育局配合。该任务距完成时限还有11天');
    expect(paragraphs(doc)).toContain('35|推进无烟党政机关建设。|市卫生健康委员会|市教育体育局|2022年12月31日');
  });

  it('says how long a task is overdue, lists its milestones as its term, and falls back to the lead cell without linked units', () => {
    const doc = supervisionNotice(
      task({
        leadUnits: [],
        supportUnits: [],
        milestones: [
          { date: '2022-06-30', clause: '2022年6月底前' },
          { date: '2022-12-31', clause: '年底前' },
        ],
      }),
      { ...context, today: '2023-01-05' },
    );
    expect(doc.addressee).toBe('市卫健委');
    expect(paragraphs(doc)).toContain('该任务已超过完成时限5天');
    expect(paragraphs(doc)).toContain('|—|2022年6月30日：2022年6月底前\n2022年12月31日：年底前');
  });

  it('says a cancelled task is no longer supervised, without a light', () => {
    const text = paragraphs(supervisionNotice(task({ state: 'cancelled', light: null }), { ...context, today: '2023-01-05' }));
    expect(text).toContain('该任务已撤销，不再督办。');
    expect(text).not.toContain('null');
  });

  it('asks a closed task only to hold its results', () => {
    expect(paragraphs(supervisionNotice(task({ state: 'closed' }), { ...context, today: '2023-01-05' }))).toContain('该任务已办结销号');
  });
});
