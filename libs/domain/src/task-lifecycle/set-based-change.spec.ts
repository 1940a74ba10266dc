import { milestoneOverdueChange, setBasedChange } from './set-based-change';
import { applyTaskEvent, taskSnapshotAt } from './task-lifecycle';
import { initialTaskContext } from './task-lifecycle.machine';
import { OPEN_TASK_STATES } from './task-lifecycle.constants';
import type { TaskEvent } from './task-lifecycle.types';

const system = { kind: 'system' } as const;

describe('a change the machine makes to many tasks at once', () => {
  it('flags every open task overdue and raises it to level 1 at a milestone check; a closed task is left alone', () => {
    const change = milestoneOverdueChange('7', '2022-12-31');
    expect(change.states).toEqual([...OPEN_TASK_STATES]);
    expect(change).toMatchObject({ overdue: true, escalationLevelAtLeast: 1 });
    expect(change.events.map((event) => event.type)).toEqual(['OVERDUE', 'ESCALATE']);
    expect(change.events[0].payload).toEqual({ milestoneCheckId: '7', asOf: '2022-12-31' });
    expect(change.initialSnapshot.value).toBe('assigned');
  });

  it('agrees with the machine run task by task, whatever the level the task was at', () => {
    const change = milestoneOverdueChange('7', '2022-12-31');
    for (const state of change.states) {
      for (const [level, overdue] of [
        [0, false],
        [1, true],
        [2, false],
        [3, true],
      ] as const) {
        let snapshot = taskSnapshotAt(state, { ...initialTaskContext(), escalationLevel: level, overdue });
        for (const event of change.events) {
          const result = applyTaskEvent(snapshot, event);
          if (!result.ok) throw new Error(result.reason);
          snapshot = result.snapshot;
        }
        expect(snapshot.value).toBe(state);
        expect(snapshot.context.overdue).toBe(change.overdue);
        expect(snapshot.context.escalationLevel).toBe(Math.max(level, change.escalationLevelAtLeast));
      }
    }
  });

  it('refuses events whose change a set-based write cannot express', () => {
    const extension: TaskEvent = { type: 'GRANT_EXTENSION', payload: { dueAt: '2026-01-01', reason: '延期' }, actor: system };
    expect(() => setBasedChange([extension])).toThrow();
    const user: TaskEvent = { type: 'OVERDUE', payload: {}, actor: { kind: 'user', userId: '1', unitId: null, roles: ['admin'], relations: ['none'] } };
    expect(() => setBasedChange([user])).toThrow('system events');
  });

  it('takes a reminder as a change of nothing, in every open state', () => {
    const change = setBasedChange([{ type: 'REMINDER', payload: { kind: 'due', offsetDays: 7 }, actor: system }]);
    expect(change).toMatchObject({ overdue: null, escalationLevelAtLeast: 0 });
    expect(change.states).toEqual([...OPEN_TASK_STATES]);
  });
});
