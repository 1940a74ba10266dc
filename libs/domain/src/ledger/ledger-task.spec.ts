import { dueDayOfTerm, ledgerTask } from './ledger-task';

describe('a task beyond the table', () => {
  it('counts its term in working days from the next working day, holidays and 调休 included', () => {
    // Monday 2024-09-30: National Day from 10-01 to 10-07; Saturday 10-12 is a make-up working day
    expect(dueDayOfTerm({ termWorkingDays: 3 }, '2024-09-30')).toEqual({ ok: true, dueOn: '2024-10-10', deadlineText: '3个工作日内' });
    expect(dueDayOfTerm({ termWorkingDays: 5 }, '2024-09-30')).toEqual({ ok: true, dueOn: '2024-10-12', deadlineText: '5个工作日内' });
    // a Friday: the weekend is skipped
    expect(dueDayOfTerm({ termWorkingDays: 1 }, '2024-11-15')).toMatchObject({ dueOn: '2024-11-18' });
  });

  it('takes a due day after today, or refuses naming the field', () => {
    expect(dueDayOfTerm({ dueAt: '2024-10-31' }, '2024-09-30')).toEqual({ ok: true, dueOn: '2024-10-31', deadlineText: null });
    expect(dueDayOfTerm({ dueAt: '2024-09-30' }, '2024-09-30')).toEqual({ ok: false, error: 'dueAt must be after today (2024-09-30)' });
    expect(dueDayOfTerm({ dueAt: '2024-02-30' }, '2024-01-01')).toMatchObject({ ok: false, error: expect.stringContaining('calendar day') });
    expect(dueDayOfTerm({}, '2024-09-30')).toEqual({ ok: false, error: 'give either dueAt or termWorkingDays' });
    expect(dueDayOfTerm({ dueAt: '2024-10-31', termWorkingDays: 3 }, '2024-09-30')).toMatchObject({ ok: false });
    expect(dueDayOfTerm({ termWorkingDays: 0 }, '2024-09-30')).toMatchObject({ ok: false, error: expect.stringContaining('termWorkingDays') });
    expect(dueDayOfTerm({ termWorkingDays: 1.5 }, '2024-09-30')).toMatchObject({ ok: false });
  });

  it('has the shape of an imported task, its targets read from its text', () => {
    const task = ledgerTask({
      seq: 4,
      text: '城区公厕改造完成率达到90%以上。',
      dueOn: '2024-12-31',
      deadlineText: null,
      leadNames: ['市城市管理综合执法局'],
      supportNames: ['东胜区人民政府', '康巴什区人民政府'],
    });
    expect(task).toMatchObject({
      seq: 4,
      number: '4',
      leadText: '市城市管理综合执法局',
      supportText: '东胜区人民政府、康巴什区人民政府',
      dueDate: '2024-12-31',
    });
    expect(task.leads).toEqual([{ name: '市城市管理综合执法局', isNew: false, viaGroup: null }]);
    expect(task.targets).toEqual([expect.objectContaining({ value: 90, comparator: '>=', unit: '%' })]);
  });
});
