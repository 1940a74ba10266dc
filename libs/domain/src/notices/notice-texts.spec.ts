import { excerptOf, inboxItemTitle, NOTICE_TEXTS } from './notice-texts';

const task28 = { seq: 28, text: '继续开展健康素养巡讲进农村、进社区、进企业、进学校、进机关活动，每年不少于10场', dueOn: '2025-12-31' };

describe('the notice catalogue', () => {
  it('quotes a long task text up to a fixed number of characters, counting Chinese characters as one each', () => {
    expect(excerptOf('一二三四五', 3)).toBe('一二三…');
    expect(excerptOf('一二三', 3)).toBe('一二三');
  });

  it('titles an action item with what to do and on which task', () => {
    expect(inboxItemTitle('start_task', 28, task28.text)).toBe('启动任务：第28项 继续开展健康素养巡讲进农村、进社区、进企业、进学校、进机关活…');
    expect(inboxItemTitle('unknown_kind', 3, '短')).toBe('unknown_kind：第3项 短');
  });

  it('writes the ladder’s notices with the task, its due day and the days late', () => {
    expect(NOTICE_TEXTS.dueReminder(task28, 7)).toBe('【到期提醒】第28项将于2025-12-31到期（还有7天）：继续开展健康素养巡讲进农村、进社区、进企业、进学…');
    expect(NOTICE_TEXTS.supervise(task28, 15)).toMatch(/^【督办】第28项逾期15天：/);
    expect(NOTICE_TEXTS.interview(task28, 30)).toMatch(/^【约谈】第28项逾期30天，约谈牵头单位：/);
  });

  it('titles the bulk urge and the milestone check’s urge', () => {
    expect(NOTICE_TEXTS.bulkUrge({ seq: 35, dueOn: '2022-12-31' }, '2023-01-10', 10)).toBe(
      '【催办】第35项已于2022-12-31到期，逾期10天（2023-01-10督查室一键催办），请尽快办结并报送进展',
    );
    expect(NOTICE_TEXTS.milestoneUrge('2022-12-31')).toBe('【催办】节点检查（2022-12-31）：第{seq}项未按期完成，请尽快办结');
  });

  it('names a rectification round and a reporting period', () => {
    expect(NOTICE_TEXTS.orderReminder(task28, { round: 2, dueOn: '2021-04-30' }, 3)).toBe('【整改提醒】第28项第2轮整改将于2021-04-30到期（还有3天）');
    expect(NOTICE_TEXTS.reportMissing(task28, { label: '2021年第一季度', reportDueOn: '2021-04-15' })).toBe(
      '【催报】第28项2021年第一季度进展应于2021-04-15前报送，尚未收到',
    );
  });
});
