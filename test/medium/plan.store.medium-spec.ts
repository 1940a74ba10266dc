import { DEFAULT_DEADLINE_POLICY, type ImportedPlan } from '@duban/domain';
import { PlanStore } from '@duban/plans';
import { createMediumDatabase, hasSettled, type MediumDatabase, openTransaction, waitUntilWaitingForLock } from '../support/medium-database';
import { insertPlan, JURISDICTION, OTHER_JURISDICTION, rows, tableCounts } from '../support/medium-fixtures';
import { importSeedPlan } from '../support/medium-seed';

/** A small imported plan: its outline matters here, not its tasks. */
function outline(sections: { title: string; workItems: string[] }[], overrides: Partial<ImportedPlan> = {}): ImportedPlan {
  let line = 1;
  return {
    name: '小计划',
    jurisdiction: JURISDICTION,
    contentHash: 'hash-1',
    format: 'pipe',
    planStart: '2022-01-01',
    planEnd: '2023-12-31',
    milestones: ['2022-06-30', '2023-12-31'],
    newUnits: [],
    sections: sections.map((section) => ({
      title: section.title,
      line: (line += 1),
      workItems: section.workItems.map((title) => ({ title, line: (line += 1), tasks: [] })),
    })),
    ...overrides,
  };
}

describe('PlanStore (PostgreSQL)', () => {
  let db: MediumDatabase;
  const store = new PlanStore();

  beforeAll(async () => {
    db = await createMediumDatabase();
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    await db.truncate();
  });

  it('writes the seed plan with its outline in the table’s order, and answers each section’s and work item’s id by position', async () => {
    const seed = await db.dataSource.transaction((manager) => importSeedPlan(manager));
    const [plan] = await rows<Record<string, unknown>>(
      db.dataSource,
      `SELECT jurisdiction, name, content_hash, format, plan_start, plan_end, milestones, source_text = $2 AS source_kept, import_warnings, deadline_policy
         FROM plans WHERE id = $1`,
      [seed.planId, seed.content],
    );
    expect(plan).toEqual({
      jurisdiction: '鄂尔多斯市',
      name: seed.plan.name,
      content_hash: seed.plan.contentHash,
      format: 'tsv',
      plan_start: '2021-01-01',
      plan_end: '2025-12-31',
      milestones: ['2022-12-31', '2025-12-31'],
      source_kept: true,
      import_warnings: JSON.parse(JSON.stringify(seed.warnings)),
      deadline_policy: null,
    });

    const sections = await rows<{ id: string; position: number; title: string; line: number }>(
      db.dataSource,
      'SELECT id::text, position, title, line FROM sections WHERE plan_id = $1 ORDER BY position',
      [seed.planId],
    );
    expect(sections.map(({ position, title, line }) => ({ position, title, line }))).toEqual(
      seed.plan.sections.map((section, position) => ({ position, title: section.title, line: section.line })),
    );
    expect(sections.map((section) => section.id)).toEqual(seed.sectionIds);

    const workItems = await rows<{ id: string; section_id: string; position: number; title: string; line: number }>(
      db.dataSource,
      'SELECT w.id::text, w.section_id::text, w.position, w.title, w.line FROM work_items w JOIN sections s ON s.id = w.section_id WHERE w.plan_id = $1 ORDER BY s.position, w.position',
      [seed.planId],
    );
    expect(workItems.map(({ section_id, position, title, line }) => ({ section_id, position, title, line }))).toEqual(
      seed.plan.sections.flatMap((section, s) =>
        section.workItems.map((item, position) => ({ section_id: seed.sectionIds[s], position, title: item.title, line: item.line })),
      ),
    );
    expect(workItems.map((item) => item.id)).toEqual(seed.workItemIds.flat());
    expect(seed.workItemIds.map((ids) => ids.length)).toEqual([2, 5, 3, 3]);
  });

  it('answers ids that follow the positions however many sections and work items there are', async () => {
    const plan = outline(
      Array.from({ length: 12 }, (_, s) => ({ title: `第${s + 1}部分`, workItems: Array.from({ length: (s % 4) + 1 }, (_, w) => `工作${s + 1}.${w + 1}`) })),
    );
    const written = await db.dataSource.transaction((manager) =>
      store.insert(manager, plan, { sourceText: 'x', warnings: [], policy: DEFAULT_DEADLINE_POLICY }),
    );
    for (const [s, sectionId] of written.sectionIds.entries()) {
      expect(await rows(db.dataSource, 'SELECT title FROM sections WHERE id = $1', [sectionId])).toEqual([{ title: `第${s + 1}部分` }]);
      for (const [w, workItemId] of written.workItemIds[s].entries()) {
        expect(await rows(db.dataSource, 'SELECT title, section_id::text FROM work_items WHERE id = $1', [workItemId])).toEqual([
          { title: `工作${s + 1}.${w + 1}`, section_id: sectionId },
        ]);
      }
    }
    expect(await rows(db.dataSource, 'SELECT deadline_policy FROM plans WHERE id = $1', [written.planId])).toEqual([
      { deadline_policy: DEFAULT_DEADLINE_POLICY },
    ]);
  });

  it('finds a plan by its content within its jurisdiction only, and refuses the same content twice there', async () => {
    const plan = outline([{ title: '一', workItems: ['甲'] }]);
    const warnings = [{ line: 3, code: 'unit_misspelt', message: '单位名称有误' }];
    const { planId } = await db.dataSource.transaction((manager) => store.insert(manager, plan, { sourceText: 'x', warnings, policy: null }));
    expect(await store.findByContent(db.dataSource.manager, JURISDICTION, 'hash-1')).toEqual({ id: planId, import_warnings: warnings });
    expect(await store.findByContent(db.dataSource.manager, OTHER_JURISDICTION, 'hash-1')).toBeNull();
    expect(await store.findByContent(db.dataSource.manager, JURISDICTION, 'hash-2')).toBeNull();

    const before = await tableCounts(db.dataSource);
    await expect(db.dataSource.transaction((manager) => store.insert(manager, plan, { sourceText: 'x', warnings: [], policy: null }))).rejects.toThrow(
      /plans_jurisdiction_content_hash_key/,
    );
    expect(await tableCounts(db.dataSource)).toEqual(before);
    // the same table in another jurisdiction is another plan
    await db.dataSource.transaction((manager) =>
      store.insert(manager, { ...plan, jurisdiction: OTHER_JURISDICTION }, { sourceText: 'x', warnings: [], policy: null }),
    );
    expect(await rows(db.dataSource, 'SELECT jurisdiction FROM plans ORDER BY plans.id')).toEqual([
      { jurisdiction: JURISDICTION },
      { jurisdiction: OTHER_JURISDICTION },
    ]);
  });

  it('lockImports serialises two imports of one jurisdiction: the second waits, then sees the first one’s plan', async () => {
    const first = await openTransaction(db.dataSource);
    const second = await openTransaction(db.dataSource);
    const elsewhere = await openTransaction(db.dataSource);
    try {
      await store.lockImports(first.runner.manager, JURISDICTION);
      const { planId } = await store.insert(first.runner.manager, outline([{ title: '一', workItems: ['甲'] }]), {
        sourceText: 'x',
        warnings: [],
        policy: null,
      });

      const secondLocked = store.lockImports(second.runner.manager, JURISDICTION);
      await waitUntilWaitingForLock(db.dataSource, second.pid);
      expect(await hasSettled(secondLocked)).toBe(false);
      // another jurisdiction's import does not wait
      await store.lockImports(elsewhere.runner.manager, OTHER_JURISDICTION);

      await first.commit();
      await secondLocked;
      expect(await store.findByContent(second.runner.manager, JURISDICTION, 'hash-1')).toEqual({ id: planId, import_warnings: [] });
    } finally {
      await Promise.all([first.rollback(), second.rollback(), elsewhere.rollback()]);
    }
  });

  it('lockPolicy answers and locks the stored policy (null for a plan that does not exist); setPolicy replaces it', async () => {
    const { planId } = await insertPlan(db.dataSource);
    const policy = { ...DEFAULT_DEADLINE_POLICY, taskReminderDaysBefore: [10] };
    const evidence = { fileRequiredFor: ['SUBMIT_SELF_ASSESSMENT'] };
    await store.setPolicy(db.dataSource.manager, planId, policy, { evidence });
    expect(await store.lockPolicy(db.dataSource.manager, String(Number(planId) + 1))).toBeNull();

    const holder = await openTransaction(db.dataSource);
    const other = await openTransaction(db.dataSource);
    try {
      expect(await store.lockPolicy(holder.runner.manager, planId)).toEqual({ deadline_policy: policy, policy: { evidence } });
      await expect(other.runner.query('SELECT 1 FROM plans WHERE id = $1 FOR UPDATE NOWAIT', [planId])).rejects.toThrow(/could not obtain lock/);
    } finally {
      await Promise.all([holder.rollback(), other.rollback()]);
    }
    await store.setPolicy(db.dataSource.manager, planId, null, {});
    expect(await store.lockPolicy(db.dataSource.manager, planId)).toEqual({ deadline_policy: null, policy: {} });
    // the deadlines live in their own column only
    await expect(db.dataSource.query(`UPDATE plans SET policy = '{"deadlines": {}}' WHERE id = $1`, [planId])).rejects.toThrow(/check constraint/);
  });
});
