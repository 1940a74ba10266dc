import type { ImportedTask } from '@duban/domain';
import { TaskImportStore, TaskLinksStore } from '@duban/tasks';
import { createMediumDatabase, type MediumDatabase } from '../support/medium-database';
import { insertPlan, insertUnit, rows } from '../support/medium-fixtures';
import { type ImportedSeed, importSeedPlan } from '../support/medium-seed';

/** The seed table (45 tasks) imported by the pure importer and written through the stores, read back table by table. */
describe('TaskImportStore (PostgreSQL)', () => {
  let db: MediumDatabase;
  let seed: ImportedSeed;
  let tasks: { task: ImportedTask; sectionId: string; workItemId: string }[];

  beforeAll(async () => {
    db = await createMediumDatabase();
    seed = await db.dataSource.transaction((manager) => importSeedPlan(manager));
    tasks = seed.plan.sections.flatMap((section, s) =>
      section.workItems.flatMap((workItem, w) => workItem.tasks.map((task) => ({ task, sectionId: seed.sectionIds[s], workItemId: seed.workItemIds[s][w] }))),
    );
  });
  afterAll(async () => {
    await db.close();
  });

  it('inserts every task in its section and work item, with its text verbatim, and answers its id by seq', async () => {
    expect(tasks).toHaveLength(45);
    const stored = await rows<Record<string, unknown> & { id: string; seq: number }>(
      db.dataSource,
      `SELECT id::text, seq, section_id::text, work_item_id::text, text, lead_text, support_text, deadline_text, line, due_on, recurrence,
              state, version, snapshot, overdue, escalation_level
         FROM tasks WHERE plan_id = $1 ORDER BY seq`,
      [seed.planId],
    );
    expect(new Map(stored.map((row) => [row.seq, row.id]))).toEqual(seed.taskIdBySeq);
    expect(stored.map(({ id: _id, ...row }) => row)).toEqual(
      tasks.map(({ task, sectionId, workItemId }) => ({
        seq: task.seq,
        section_id: sectionId,
        work_item_id: workItemId,
        text: task.text,
        lead_text: task.leadText,
        support_text: task.supportText,
        deadline_text: task.deadlineText,
        line: task.line,
        due_on: task.dueDate,
        recurrence: task.recurrence,
        state: 'assigned',
        version: 0,
        snapshot: null,
        overdue: false,
        escalation_level: 0,
      })),
    );
  });

  it('links each task’s lead and support units in the table’s order, with the group they were reached through', async () => {
    const stored = await rows<{ seq: number; unit: string; role: string; via: string | null; position: number }>(
      db.dataSource,
      `SELECT t.seq, u.name AS unit, tu.role, g.name AS via, tu.position
         FROM task_units tu JOIN tasks t ON t.id = tu.task_id JOIN units u ON u.id = tu.unit_id LEFT JOIN units g ON g.id = tu.via_group_id
        WHERE t.plan_id = $1 ORDER BY t.seq, tu.role, tu.position`,
      [seed.planId],
    );
    const expected = tasks.flatMap(({ task }) => [
      ...task.leads.map((unit, position) => ({ seq: task.seq, unit: unit.name, role: 'lead', via: unit.viaGroup, position })),
      ...task.supports.map((unit, position) => ({ seq: task.seq, unit: unit.name, role: 'support', via: unit.viaGroup, position })),
    ]);
    expect(stored).toEqual(expected);
    expect(stored.some((link) => link.via !== null)).toBe(true);
  });

  it('writes each task’s milestones and targets', async () => {
    const milestones = await rows<{ seq: number; due_on: string; clause: string }>(
      db.dataSource,
      `SELECT t.seq, m.due_on, m.clause FROM task_milestones m JOIN tasks t ON t.id = m.task_id WHERE t.plan_id = $1 ORDER BY t.seq, m.due_on`,
      [seed.planId],
    );
    expect(milestones).toEqual(tasks.flatMap(({ task }) => task.milestones.map((m) => ({ seq: task.seq, due_on: m.date, clause: m.clause }))));
    expect(milestones.length).toBeGreaterThan(0);

    const targets = await rows<Record<string, unknown> & { value: string }>(
      db.dataSource,
      `SELECT t.seq, g.position, g.indicator, g.comparator, g.value, g.unit, g.measure, g.period, g.by_date, g.clause
         FROM targets g JOIN tasks t ON t.id = g.task_id WHERE t.plan_id = $1 ORDER BY t.seq, g.position`,
      [seed.planId],
    );
    expect(targets.map((target) => ({ ...target, value: Number(target.value) }))).toEqual(
      tasks.flatMap(({ task }) =>
        task.targets.map((target, position) => ({
          seq: task.seq,
          position,
          indicator: target.indicator,
          comparator: target.comparator,
          value: target.value,
          unit: target.unit,
          measure: target.measure,
          period: target.period,
          by_date: target.by,
          clause: target.clause,
        })),
      ),
    );
    expect(targets.length).toBeGreaterThan(0);
  });

  it('inserts a task without milestones or targets, and nothing for an empty import', async () => {
    const plan = await insertPlan(db.dataSource, { name: '小计划' });
    const unit = await insertUnit(db.dataSource, { name: '某局' });
    const store = new TaskImportStore(new TaskLinksStore());
    const task: ImportedTask = {
      seq: 1,
      number: '1',
      line: 2,
      text: '一项任务',
      leadText: '某局',
      supportText: '',
      deadlineText: null,
      milestones: [],
      recurrence: null,
      targets: [],
      leads: [{ name: '某局', isNew: false, viaGroup: null }],
      supports: [],
      dueDate: '2022-12-31',
    };
    const idBySeq = await db.dataSource.transaction((manager) =>
      store.insert(manager, plan.planId, [{ task, sectionId: plan.sectionId, workItemId: plan.workItemId, unitId: () => unit }]),
    );
    expect(await rows(db.dataSource, 'SELECT unit_id::text, role, position FROM task_units WHERE task_id = $1', [idBySeq.get(1)])).toEqual([
      { unit_id: unit, role: 'lead', position: 0 },
    ]);
    expect(await rows(db.dataSource, 'SELECT count(*)::int AS n FROM task_milestones WHERE task_id = $1', [idBySeq.get(1)])).toEqual([{ n: 0 }]);
    expect(await db.dataSource.transaction((manager) => store.insert(manager, plan.planId, []))).toEqual(new Map());
    expect(await rows(db.dataSource, 'SELECT count(*)::int AS n FROM tasks WHERE plan_id = $1', [plan.planId])).toEqual([{ n: 1 }]);
  });
});
