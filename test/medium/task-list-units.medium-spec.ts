import type { AuthenticatedUser } from '@duban/auth';
import { AuthRevocations, AuthUserCache, SecurityEventStore, UserStore } from '@duban/auth';
import type { AppConfig } from '@duban/config';
import { DomainError, type ImportedTask } from '@duban/domain';
import { InboxStore } from '@duban/inbox';
import { OrderStore } from '@duban/rectification';
import { AttachmentStore } from '@duban/attachments';
import { ContributionStore, SubmissionDraftStore, TaskHandlersStore, TaskImportStore, TaskLinksStore, TaskListService, TaskStore } from '@duban/tasks';
import { UnitMergeService, UnitUpdateService } from '@duban/unit-merge';
import { UnitAdminService, UnitStore } from '@duban/units';
import { createMediumDatabase, type MediumDatabase } from '../support/medium-database';
import { FixedClock, insertPlan, insertUnit, mediumOutboxStore, type PlanFixture } from '../support/medium-fixtures';

const ADMIN: AuthenticatedUser = { id: '1', username: 'admin', unitId: null, roles: ['admin'] };

/**
 * The task list shows each task's lead and responsible units by name from a precomputed copy
 * (`task_list_units`): it follows every change of the links and every rename or merge of a unit.
 */
describe('the task list’s units (PostgreSQL)', () => {
  let db: MediumDatabase;
  const links = new TaskLinksStore();
  const clock = new FixedClock(new Date('2022-03-01T02:00:00.000Z'));
  let list: TaskListService;
  let unitAdmin: UnitAdminService;
  let updates: UnitUpdateService;
  let merges: UnitMergeService;
  let plan: PlanFixture;
  let unit: Record<'group' | 'health' | 'typo' | 'water' | 'roads', string>;
  let taskA: string;
  let taskB: string;

  /** what the list shows of each task's units: names in order, and the group a responsible unit came through */
  const shown = async () => {
    const page = await list.list(ADMIN, {});
    return Object.fromEntries(
      page.items.map((task) => [
        task.id,
        { lead: task.leadUnits.map((u) => u.name), support: task.supportUnits.map((u) => (u.viaGroupId ? `${u.name} via ${u.viaGroupId}` : u.name)) },
      ]),
    );
  };

  const importTask = (seq: number, leads: string[], supports: { name: string; via?: string }[]): ImportedTask => ({
    seq,
    number: String(seq),
    line: seq + 1,
    text: `第${seq}项任务`,
    leadText: leads.join('、'),
    supportText: supports.map((s) => s.name).join('、'),
    deadlineText: null,
    milestones: [],
    recurrence: null,
    targets: [],
    leads: leads.map((name) => ({ name, isNew: false, viaGroup: null })),
    supports: supports.map((s) => ({ name: s.name, isNew: false, viaGroup: s.via ?? null })),
    dueDate: '2022-12-31',
  });

  beforeAll(async () => {
    db = await createMediumDatabase();
    const units = new UnitStore();
    unitAdmin = new UnitAdminService(db.dataSource, units, clock);
    list = new TaskListService(db.dataSource, { planTimezone: 'Asia/Shanghai' } as AppConfig, clock);
    updates = new UnitUpdateService(db.dataSource, unitAdmin, links);
    merges = new UnitMergeService(
      db.dataSource,
      units,
      unitAdmin,
      links,
      new TaskStore(),
      new OrderStore(),
      new InboxStore(mediumOutboxStore()),
      mediumOutboxStore(),
      new UserStore(),
      new ContributionStore(),
      new TaskHandlersStore(),
      new SubmissionDraftStore(),
      new AuthRevocations(new AuthUserCache({ authUserCacheMs: 0 }), { queuePrefix: 'medium' }),
      new SecurityEventStore(),
      clock,
      new AttachmentStore(),
    );
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    await db.truncate();
    unit = {
      group: await insertUnit(db.dataSource, { name: '市直各单位', kind: 'group' }),
      health: await insertUnit(db.dataSource, { name: '市卫生健康委员会' }),
      typo: await insertUnit(db.dataSource, { name: '市卫生建康委', kind: 'unverified', verified: false }),
      water: await insertUnit(db.dataSource, { name: '市水利局' }),
      roads: await insertUnit(db.dataSource, { name: '市交通运输局' }),
    };
    const idOf: Record<string, string> = {
      市直各单位: unit.group,
      市卫生健康委员会: unit.health,
      市卫生建康委: unit.typo,
      市水利局: unit.water,
      市交通运输局: unit.roads,
    };
    plan = await insertPlan(db.dataSource);
    const ids = await db.dataSource.transaction((manager) =>
      new TaskImportStore(links).insert(
        manager,
        plan.planId,
        [
          importTask(1, ['市卫生建康委'], [{ name: '市水利局', via: '市直各单位' }]),
          importTask(2, ['市水利局'], [{ name: '市卫生建康委' }, { name: '市卫生健康委员会' }]),
        ].map((task) => ({ task, sectionId: plan.sectionId, workItemId: plan.workItemId, unitId: (name: string) => idOf[name] })),
      ),
    );
    taskA = ids.get(1) as string;
    taskB = ids.get(2) as string;
  });

  it('shows an imported task’s units by name, in the table’s order, with the group a unit came through', async () => {
    expect(await shown()).toEqual({
      [taskA]: { lead: ['市卫生建康委'], support: [`市水利局 via ${unit.group}`] },
      [taskB]: { lead: ['市水利局'], support: ['市卫生建康委', '市卫生健康委员会'] },
    });
  });

  it('shows a renamed unit’s new name on every task that names it, and nothing else changes', async () => {
    await updates.update(unit.water, { name: '市水务局' }, null);
    expect(await shown()).toEqual({
      [taskA]: { lead: ['市卫生建康委'], support: [`市水务局 via ${unit.group}`] },
      [taskB]: { lead: ['市水务局'], support: ['市卫生建康委', '市卫生健康委员会'] },
    });
  });

  it('keeps the old name when the rename is refused (the whole change is one transaction)', async () => {
    await expect(updates.update(unit.water, { name: '市交通运输局' }, null)).rejects.toBeInstanceOf(DomainError);
    expect((await shown())[taskB].lead).toEqual(['市水利局']);
  });

  it('shows the survivor’s name after a merge; a task naming both keeps one, as lead where either led', async () => {
    await merges.merge(unit.typo, unit.health, null);
    expect(await shown()).toEqual({
      [taskA]: { lead: ['市卫生健康委员会'], support: [`市水利局 via ${unit.group}`] },
      [taskB]: { lead: ['市水利局'], support: ['市卫生健康委员会'] },
    });
  });

  it('shows the group a unit came through under the survivor’s id when the group is merged', async () => {
    const otherGroup = await insertUnit(db.dataSource, { name: '市直部门', kind: 'group' });
    await merges.merge(unit.group, otherGroup, null);
    expect((await shown())[taskA].support).toEqual([`市水利局 via ${otherGroup}`]);
  });

  it('follows an edit of the responsible units and a new lead', async () => {
    await db.dataSource.transaction(async (manager) => {
      await links.replaceSupportUnits(manager, taskB, [unit.roads, unit.health]);
      await links.replaceLeadUnits(manager, taskA, [unit.roads]);
    });
    expect(await shown()).toEqual({
      [taskA]: { lead: ['市交通运输局'], support: [`市水利局 via ${unit.group}`] },
      [taskB]: { lead: ['市水利局'], support: ['市交通运输局', '市卫生健康委员会'] },
    });
    // responsible units removed altogether
    await db.dataSource.transaction((manager) => links.replaceSupportUnits(manager, taskB, []));
    expect((await shown())[taskB].support).toEqual([]);
  });

  it('keeps the new name when a task naming the unit is edited while the rename is in flight (the edit waits for it)', async () => {
    await db.dataSource.transaction((manager) => links.replaceLeadUnits(manager, taskA, [unit.roads]));
    let commitRename = (): void => undefined;
    let renameHolds = (): void => undefined;
    const held = new Promise<void>((resolve) => (renameHolds = resolve));
    const rename = db.dataSource.transaction(async (manager) => {
      await unitAdmin.updateWithin(manager, unit.roads, { name: '市交通局' }, null);
      await links.refreshListUnitsNaming(manager, unit.roads);
      renameHolds();
      await new Promise<void>((resolve) => (commitRename = resolve));
    });
    await held;
    let editDone = false;
    const edit = db.dataSource
      .transaction((manager) => links.replaceSupportUnits(manager, taskA, []))
      .then(() => {
        editDone = true;
      });
    // the edit waits on the renamed unit's lock (or, were it not to wait, is done): then the rename commits
    const waiting = async () =>
      (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`))[0].n;
    while (!editDone && (await waiting()) === 0) await new Promise((resolve) => setImmediate(resolve));
    commitRename();
    await Promise.all([rename, edit]);
    expect((await shown())[taskA]).toEqual({ lead: ['市交通局'], support: [] });
  });
});
