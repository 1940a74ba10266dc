import { TaskLinksStore } from '@duban/tasks';
import { createMediumDatabase, type MediumDatabase } from '../support/medium-database';
import { insertPlan, insertTarget, insertTask, insertUnit, rows } from '../support/medium-fixtures';

const NOW = new Date('2022-03-01T02:00:00.000Z');

describe('TaskLinksStore (PostgreSQL)', () => {
  let db: MediumDatabase;
  const store = new TaskLinksStore();
  let unit: Record<'a' | 'b' | 'c' | 'd', string>;
  let taskId: string;
  let otherTask: string;

  const linksOf = async (id: string) =>
    rows<{ unit_id: string; role: string; position: number }>(
      db.dataSource,
      'SELECT unit_id::text, role, position FROM task_units WHERE task_id = $1 ORDER BY role, position',
      [id],
    );

  beforeAll(async () => {
    db = await createMediumDatabase();
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    await db.truncate();
    unit = {
      a: await insertUnit(db.dataSource, { name: '甲局' }),
      b: await insertUnit(db.dataSource, { name: '乙局' }),
      c: await insertUnit(db.dataSource, { name: '丙局' }),
      d: await insertUnit(db.dataSource, { name: '丁局' }),
    };
    const plan = await insertPlan(db.dataSource);
    taskId = await insertTask(db.dataSource, plan, { seq: 1, dueOn: '2022-12-31', leads: [unit.a], supports: [unit.b, unit.c] });
    otherTask = await insertTask(db.dataSource, plan, { seq: 2, dueOn: '2022-12-31', leads: [unit.a], supports: [unit.b] });
  });

  it('replaceLeadUnits makes the given units the leads in order; a support unit that becomes lead is no longer support', async () => {
    await db.dataSource.transaction((manager) => store.replaceLeadUnits(manager, taskId, [unit.b, unit.d]));
    expect(await linksOf(taskId)).toEqual([
      { unit_id: unit.b, role: 'lead', position: 0 },
      { unit_id: unit.d, role: 'lead', position: 1 },
      { unit_id: unit.c, role: 'support', position: 1 },
    ]);
    expect(await store.unitsOf(db.dataSource.manager, taskId)).toEqual([
      { unit_id: unit.b, role: 'lead' },
      { unit_id: unit.d, role: 'lead' },
      { unit_id: unit.c, role: 'support' },
    ]);
    // another task's links are its own
    expect(await linksOf(otherTask)).toEqual([
      { unit_id: unit.a, role: 'lead', position: 0 },
      { unit_id: unit.b, role: 'support', position: 0 },
    ]);
  });

  it('replaceLeadUnits with the same leads changes nothing', async () => {
    const before = await linksOf(taskId);
    await db.dataSource.transaction((manager) => store.replaceLeadUnits(manager, taskId, [unit.a]));
    expect(await linksOf(taskId)).toEqual(before);
  });

  it('recordIndicators stores a report’s readings against its event; targetIdsOf answers the task’s targets', async () => {
    const t1 = await insertTarget(db.dataSource, { taskId, position: 0, indicator: '覆盖率', comparator: '>=', value: 90, unit: '%' });
    const t2 = await insertTarget(db.dataSource, { taskId, position: 1, indicator: '达标率', comparator: '>=', value: 80, unit: '%' });
    const [{ id: eventId }] = await rows<{ id: string }>(
      db.dataSource,
      `INSERT INTO task_events (task_id, seq, type, from_state, to_state, actor_kind, at) VALUES ($1, 1, 'REPORT_PROGRESS', 'in_progress', 'in_progress', 'system', $2) RETURNING id::text`,
      [taskId, NOW],
    );
    expect(await store.targetIdsOf(db.dataSource.manager, taskId)).toEqual(new Set([t1, t2]));
    expect(await store.targetIdsOf(db.dataSource.manager, otherTask)).toEqual(new Set());

    await store.recordIndicators(
      db.dataSource.manager,
      taskId,
      eventId,
      [
        { targetId: t1, value: 91.5, asOf: '2022-02-28' },
        { targetId: t2, value: 75, asOf: '2022-02-28' },
      ],
      NOW,
    );
    expect(
      await rows(
        db.dataSource,
        'SELECT target_id::text, task_id::text, value::float8 AS value, as_of, reported_at, event_id::text FROM indicator_values ORDER BY target_id',
      ),
    ).toEqual([
      { target_id: t1, task_id: taskId, value: 91.5, as_of: '2022-02-28', reported_at: NOW, event_id: eventId },
      { target_id: t2, task_id: taskId, value: 75, as_of: '2022-02-28', reported_at: NOW, event_id: eventId },
    ]);
  });
});
