import type { EntityManager } from 'typeorm';
import { TaskParentLinkStore } from '@duban/tasks';
import { createMediumDatabase, type MediumDatabase } from '../support/medium-database';
import { insertPlan, insertTask, insertUnit, rows } from '../support/medium-fixtures';

/**
 * The count of the tasks serving a child task, kept on the child's links to its parents (the whole roll-up lists it):
 * right whichever comes first, the task's own link or the links below it.
 */
describe('TaskParentLinkStore child counts (PostgreSQL)', () => {
  let db: MediumDatabase;
  const store = new TaskParentLinkStore();

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
    const inTransaction = (work: (manager: EntityManager) => Promise<void>) => db.dataSource.transaction(work);

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
});
