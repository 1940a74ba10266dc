import type { EntityManager } from 'typeorm';
import { TaskLinksStore, TaskParentLinkStore, TaskStore } from '@duban/tasks';
import { createMediumDatabase, type MediumDatabase } from '../support/medium-database';
import { insertPlan, insertTask, insertUnit, rows } from '../support/medium-fixtures';

/**
 * What the whole roll-up lists of a child task and reads from the child's links to its parents: the count of the tasks
 * serving it, right whichever comes first, the task's own link or the links below it; its text and lead units, right
 * whichever comes first, the link or the task's units, and after each writer of them.
 */
describe('TaskParentLinkStore: the copies on a child’s links (PostgreSQL)', () => {
  let db: MediumDatabase;
  const store = new TaskParentLinkStore();
  const inTransaction = (work: (manager: EntityManager) => Promise<void>) => db.dataSource.transaction(work);

  const countsOf = async (taskId: string) =>
    rows<{ parent_task_id: string; child_count: number }>(
      db.dataSource,
      'SELECT parent_task_id::text, child_count FROM task_parent_links WHERE task_id = $1 ORDER BY parent_task_id',
      [taskId],
    );

  beforeAll(async () => {
    db = await createMediumDatabase();
  });
  afterAll(() => db.close());

  it('counts the tasks linked below a child on each of its links, added before or after the child’s own', async () => {
    const unit = await insertUnit(db.dataSource, { name: '甲局' });
    const [city, banner, street] = [
      await insertPlan(db.dataSource),
      await insertPlan(db.dataSource, { name: '旗计划' }),
      await insertPlan(db.dataSource, { name: '街道计划' }),
    ];
    const task = async (plan: typeof city, seq: number) => insertTask(db.dataSource, plan, { seq, dueOn: '2022-12-31', leads: [unit] });
    const [cityA, cityB] = [await task(city, 1), await task(city, 2)];
    const bannerTask = await task(banner, 1);
    const [street1, street2, street3] = [await task(street, 1), await task(street, 2), await task(street, 3)];

    await inTransaction((manager) => store.link(manager, [bannerTask], [cityA]));
    expect(await countsOf(bannerTask)).toEqual([{ parent_task_id: cityA, child_count: 0 }]);
    await inTransaction((manager) => store.link(manager, [street1, street2], [bannerTask]));
    expect(await countsOf(bannerTask)).toEqual([{ parent_task_id: cityA, child_count: 2 }]);
    // a link made again changes nothing; a new one counts once
    await inTransaction((manager) => store.link(manager, [street2, street3], [bannerTask]));
    expect(await countsOf(bannerTask)).toEqual([{ parent_task_id: cityA, child_count: 3 }]);
    // a link made after the tasks below it starts from them
    await inTransaction((manager) => store.link(manager, [bannerTask], [cityB]));
    expect(await countsOf(bannerTask)).toEqual([
      { parent_task_id: cityA, child_count: 3 },
      { parent_task_id: cityB, child_count: 3 },
    ]);
    expect(await countsOf(street1)).toEqual([{ parent_task_id: bannerTask, child_count: 0 }]);
  });

  it('copies the text and lead units when the link is made, and follows an edit of either and a unit’s new name', async () => {
    const [leadA, leadB] = [await insertUnit(db.dataSource, { name: '乙局' }), await insertUnit(db.dataSource, { name: '丙局' })];
    const [city, banner] = [await insertPlan(db.dataSource, { name: '市计划二' }), await insertPlan(db.dataSource, { name: '旗计划二' })];
    const parent = await insertTask(db.dataSource, city, { seq: 1, dueOn: '2022-12-31', leads: [leadA] });
    const linkedAfterUnits = await insertTask(db.dataSource, banner, { seq: 1, dueOn: '2022-12-31', text: '巡讲五进', leads: [leadA] });
    const linkedBeforeUnits = await insertTask(db.dataSource, banner, { seq: 2, dueOn: '2022-12-31', text: 'AED配置' });
    const copiesOf = async (taskId: string) =>
      (
        await rows<{ text: string; lead_units: { id: string; name: string }[] }>(
          db.dataSource,
          'SELECT text, lead_units FROM task_parent_links WHERE task_id = $1',
          [taskId],
        )
      )[0];

    await inTransaction((manager) => store.link(manager, [linkedAfterUnits, linkedBeforeUnits], [parent]));
    expect(await copiesOf(linkedAfterUnits)).toEqual({ text: '巡讲五进', lead_units: [{ id: leadA, name: '乙局' }] });
    expect(await copiesOf(linkedBeforeUnits)).toEqual({ text: 'AED配置', lead_units: [] });
    // the task's units written after its link (an import links before it names units, or after)
    const links = new TaskLinksStore();
    await inTransaction((manager) => links.replaceLeadUnits(manager, linkedBeforeUnits, [leadB, leadA]));
    expect((await copiesOf(linkedBeforeUnits)).lead_units).toEqual([
      { id: leadB, name: '丙局' },
      { id: leadA, name: '乙局' },
    ]);
    await inTransaction((manager) => new TaskStore().replaceText(manager, linkedAfterUnits, '巡讲五进，每年不少于40场'));
    expect((await copiesOf(linkedAfterUnits)).text).toBe('巡讲五进，每年不少于40场');
    await inTransaction(async (manager) => {
      await manager.query(`UPDATE units SET name = '乙局（更名）' WHERE id = $1`, [leadA]);
      await links.refreshListUnitsNaming(manager, leadA);
    });
    expect((await copiesOf(linkedAfterUnits)).lead_units).toEqual([{ id: leadA, name: '乙局（更名）' }]);
    expect((await copiesOf(linkedBeforeUnits)).lead_units).toEqual([
      { id: leadB, name: '丙局' },
      { id: leadA, name: '乙局（更名）' },
    ]);
  });
});
