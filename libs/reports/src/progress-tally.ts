import { TASK_STATES } from '@duban/domain';
import type { LightCounts, ProgressGroup, ProgressReport, StateCounts } from './progress-report.view';

/** A unit as the task list's copy of a task's links names it (`task_list_units`). */
interface NamedUnit {
  id: string;
  name: string;
}

/**
 * One task of the plan as the dashboard's statement sends it (an array, in this order): its state and light on the day,
 * whether it is flagged overdue, its section and work item (id, title, position; null when it has none), its lead and
 * responsible units, and its contributions owed on the day per unit (null for a closed task).
 */
export type TallyTask = [
  state: string,
  light: keyof LightCounts,
  overdue: boolean,
  sectionId: string | null,
  sectionTitle: string | null,
  sectionPosition: number | null,
  workItemId: string | null,
  workItemTitle: string | null,
  workItemPosition: number | null,
  leadUnits: NamedUnit[] | null,
  supportUnits: NamedUnit[] | null,
  owed: Record<string, number> | null,
];

function emptyGroup(): ProgressGroup {
  // a cancelled task counts in no figure (taskFactsSql leaves it out)
  const byState: StateCounts = Object.fromEntries(TASK_STATES.filter((state) => state !== 'cancelled').map((state) => [state, 0]));
  return { tasks: 0, byState, byLight: { green: 0, yellow: 0, red: 0 } };
}

function addTo(group: ProgressGroup, state: string, light: keyof LightCounts): void {
  group.tasks += 1;
  group.byState[state] = (group.byState[state] ?? 0) + 1;
  group.byLight[light] += 1;
}

const worstFirst = (a: { byLight: LightCounts; tasks: number; name: string }, b: { byLight: LightCounts; tasks: number; name: string }) =>
  b.byLight.red - a.byLight.red || b.tasks - a.tasks || a.name.localeCompare(b.name, 'zh-Hans-CN');

type Tallies = Pick<ProgressReport, 'totals' | 'bySection' | 'byWorkItem' | 'byLeadUnit' | 'byResponsibleUnit'>;

/**
 * The dashboard's tallies of a plan's tasks: the totals, by section and by work item (in their positions' order; a task
 * without both counts in neither, nor in the totals), by lead unit, and by responsible unit — each responsible unit's
 * light red where its contribution is overdue on the day and the task is open, else the task's (the lead's), with the
 * contributions it owes summed — the units worst first. Folded here from one row per task: grouped in PostgreSQL, the
 * tallies' sorting and JSON took most of the statement's time.
 */
export function tallyProgress(tasks: readonly TallyTask[]): Tallies {
  const totals = { ...emptyGroup(), overdue: 0 };
  const sections = new Map<string, ProgressGroup & { sectionId: string; title: string }>();
  const workItems = new Map<string, ProgressGroup & { workItemId: string; sectionId: string; title: string }>();
  const placed = tasks
    .filter((task) => task[3] !== null && task[6] !== null)
    .sort((a, b) => (a[5] as number) - (b[5] as number) || (a[8] as number) - (b[8] as number));
  for (const [state, light, overdue, sectionId, sectionTitle, , workItemId, workItemTitle] of placed) {
    addTo(totals, state, light);
    if (overdue && state !== 'closed') totals.overdue += 1;
    const section = sections.get(sectionId as string) ?? { sectionId: sectionId as string, title: sectionTitle as string, ...emptyGroup() };
    sections.set(section.sectionId, section);
    addTo(section, state, light);
    const workItem = workItems.get(workItemId as string) ?? {
      workItemId: workItemId as string,
      sectionId: sectionId as string,
      title: workItemTitle as string,
      ...emptyGroup(),
    };
    workItems.set(workItem.workItemId, workItem);
    addTo(workItem, state, light);
  }
  const leads = new Map<string, ProgressGroup & { unitId: string; name: string }>();
  const supports = new Map<string, ProgressReport['byResponsibleUnit'][number]>();
  for (const [state, light, , , , , , , , leadUnits, supportUnits, owed] of tasks) {
    for (const unit of leadUnits ?? []) {
      const group = leads.get(unit.id) ?? { unitId: unit.id, name: unit.name, ...emptyGroup() };
      leads.set(unit.id, group);
      addTo(group, state, light);
    }
    for (const unit of supportUnits ?? []) {
      const missing = owed?.[unit.id] ?? 0;
      const group = supports.get(unit.id) ?? { unitId: unit.id, name: unit.name, overdueContributions: 0, ...emptyGroup() };
      supports.set(unit.id, group);
      addTo(group, state, missing > 0 ? 'red' : light);
      group.overdueContributions += missing;
    }
  }
  return {
    totals,
    bySection: [...sections.values()],
    byWorkItem: [...workItems.values()],
    byLeadUnit: [...leads.values()].sort(worstFirst),
    byResponsibleUnit: [...supports.values()].sort(worstFirst),
  };
}
