import { type TallyTask, tallyProgress } from './progress-tally';

const health = { id: '11', name: '市卫生健康委员会' };
const dongsheng = { id: '21', name: '东胜区人民政府' };
const kangbashi = { id: '22', name: '康巴什区人民政府' };

const task = (state: string, light: 'green' | 'yellow' | 'red', section: [string, number] | null, owed: Record<string, number> | null = {}): TallyTask => [
  state,
  light,
  light === 'red',
  section?.[0] ?? null,
  section ? `第${section[1]}部分` : null,
  section?.[1] ?? null,
  section ? `${section[0]}.1` : null,
  section ? `工作${section[1]}` : null,
  section ? 1 : null,
  [health],
  [dongsheng, kangbashi],
  owed,
];

describe('the dashboard’s tallies', () => {
  const tallies = tallyProgress([
    task('in_progress', 'green', ['2', 2], { 21: 2 }),
    task('assigned', 'red', ['1', 1]),
    task('closed', 'green', ['2', 2], null),
    // a ledger task without a section or work item: in the units' tallies, not in the sections' or the totals
    task('in_progress', 'yellow', null),
  ]);

  it('counts the placed tasks by section and work item in their positions’ order, the overdue open ones in the totals', () => {
    expect(tallies.totals).toMatchObject({ tasks: 3, overdue: 1, byLight: { green: 2, yellow: 0, red: 1 } });
    expect(tallies.totals.byState).toMatchObject({ in_progress: 1, assigned: 1, closed: 1 });
    expect(tallies.bySection.map((section) => [section.sectionId, section.title, section.tasks])).toEqual([
      ['1', '第1部分', 1],
      ['2', '第2部分', 2],
    ]);
    expect(tallies.byWorkItem.map((item) => [item.workItemId, item.sectionId, item.tasks])).toEqual([
      ['1.1', '1', 1],
      ['2.1', '2', 2],
    ]);
  });

  it('counts every task for its lead, and makes a responsible unit’s light red where it owes a contribution', () => {
    expect(tallies.byLeadUnit).toEqual([
      expect.objectContaining({ unitId: '11', name: '市卫生健康委员会', tasks: 4, byLight: { green: 2, yellow: 1, red: 1 } }),
    ]);
    expect(tallies.byResponsibleUnit).toEqual([
      expect.objectContaining({ unitId: '21', tasks: 4, overdueContributions: 2, byLight: { green: 1, yellow: 1, red: 2 } }),
      expect.objectContaining({ unitId: '22', tasks: 4, overdueContributions: 0, byLight: { green: 2, yellow: 1, red: 1 } }),
    ]);
  });
});
