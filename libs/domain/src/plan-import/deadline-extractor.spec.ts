import { extractDeadlines, findDeadlineClauses, readDeadlineCell } from './deadline-extractor';

describe('deadlines in a task’s text', () => {
  it.each([
    ['到2025年，所有旗（区）完成旱厕改水厕任务。', '2025-12-31', '到2025年'],
    ['到2022年底，所有机关事业单位建成无烟单位。', '2022-12-31', '到2022年底'],
    ['力争到2022年末基本完成。', '2022-12-31', '到2022年末'],
    ['2025年底前全面完成。', '2025-12-31', '2025年底前'],
    ['2023年6月底前完成摸底。', '2023-06-30', '2023年6月底前'],
    ['2024年2月底前完成（闰年）。', '2024-02-29', '2024年2月底前'],
    ['2023年2月底完成。', '2023-02-28', '2023年2月底'],
    ['2022年9月15日前上报。', '2022-09-15', '2022年9月15日前'],
    ['2023年上半年完成验收。', '2023-06-30', '2023年上半年'],
    ['2023年下半年启动。', '2023-12-31', '2023年下半年'],
    ['到2023年第三季度末完成。', '2023-09-30', '到2023年第三季度末'],
    ['2022年内完成。', '2022-12-31', '2022年内'],
    ['2025年前实现全覆盖。', '2025-12-31', '2025年前'],
  ])('%s → %s (%s)', (text, date, clause) => {
    expect(extractDeadlines(text).milestones).toEqual([{ date, clause }]);
  });

  it.each([
    ['a year with 起', '2022年起逐步推开。'],
    ['a year with 以来', '2021年以来成效明显。'],
    ['a bare year-month in running text', '2022年6月召开推进会。'],
    ['前 that starts “the first three quarters”', '2025年前三季度完成投资。'],
    ['a day that does not exist', '2023年2月29日前完成。'],
    ['no date at all', '着力提高15分钟健身圈的数量和覆盖率。'],
  ])('reads no deadline from %s', (_case, text) => {
    expect(extractDeadlines(text).milestones).toEqual([]);
  });

  it('returns several deadlines distinct and ascending', () => {
    const text = '到2025年，全部完成；2022年底前完成试点。到2025年底前巩固提升。';
    expect(extractDeadlines(text).milestones).toEqual([
      { date: '2022-12-31', clause: '2022年底前' },
      { date: '2025-12-31', clause: '到2025年' },
    ]);
  });

  it('reports where each deadline is, for the target extractor', () => {
    expect(findDeadlineClauses('加强管理。到2025年，达到80%')).toEqual([{ date: '2025-12-31', clause: '到2025年', index: 5, end: 11 }]);
  });

  it.each([
    ['每年开展一次评估', 'annual'],
    ['每季度调度一次', 'quarterly'],
    ['每个季度报送进展', 'quarterly'],
    ['每月通报', 'monthly'],
    ['确保学生每天在校体育活动时间不少于1小时，力争近视率每年降低0.5个百分点以上。', 'annual'],
    ['每万人1.5台', null],
    ['每个人是自己健康第一责任人', null],
  ])('reads the cadence of “%s” as %s', (text, recurrence) => {
    expect(extractDeadlines(text).recurrence).toBe(recurrence);
  });
});

describe('a 完成时限 cell', () => {
  it.each([
    ['2022-12-31', '2022-12-31'],
    ['2022/6/30', '2022-06-30'],
    ['2022.12', '2022-12-31'],
    ['2024.2', '2024-02-29'],
    ['2022年12月', '2022-12-31'],
    ['2022年', '2022-12-31'],
    ['2022年底前', '2022-12-31'],
    ['2023年6月30日前', '2023-06-30'],
    ['2023年上半年', '2023-06-30'],
    ['2021—2025年', '2025-12-31'],
    ['2022年6月底前，长期坚持', '2022-06-30'],
  ])('%s → %s', (cell, date) => {
    const reading = readDeadlineCell(cell);
    expect(reading.milestones.map((milestone) => milestone.date)).toEqual([date]);
    expect(reading.readable).toBe(true);
  });

  it.each([['长期坚持'], ['持续推进'], ['长期'], ['常态化开展'], ['']])('reads “%s” as open-ended: no milestone, no problem', (cell) => {
    expect(readDeadlineCell(cell)).toEqual({ milestones: [], recurrence: null, readable: true });
  });

  it('reads a cadence as a recurrence', () => {
    expect(readDeadlineCell('每季度')).toEqual({ milestones: [], recurrence: 'quarterly', readable: true });
    expect(readDeadlineCell('每年12月底前')).toEqual({ milestones: [], recurrence: 'annual', readable: true });
  });

  it.each([['尽快'], ['待定'], ['2023-02-29'], ['2022.13']])('flags “%s” as unreadable', (cell) => {
    expect(readDeadlineCell(cell)).toMatchObject({ milestones: [], readable: false });
  });
});
