import type { EntityManager } from 'typeorm';
import { importPlan, type ImportedPlan, type ImportWarning } from '@duban/domain';
import { PlanStore } from '@duban/plans/plan.store';
import { readCatalogues, readSeedPlans } from '@duban/seed/seed-files';
import { TaskImportStore } from '@duban/tasks/task-import.store';
import { TaskLinksStore } from '@duban/tasks/task-links.store';
import { UnitStore } from '@duban/units/unit.store';

export interface ImportedSeed {
  plan: ImportedPlan;
  warnings: ImportWarning[];
  content: string;
  planId: string;
  sectionIds: string[];
  workItemIds: string[][];
  taskIdBySeq: Map<number, string>;
  unitIdByName: Map<string, string>;
}

/**
 * The seed (Ordos's catalogue and task table) written as an import writes it, without Nest: the
 * catalogue through UnitStore, the table read by the pure importer, the plan through PlanStore, its
 * new units through UnitStore, its tasks through TaskImportStore. No timers, no inbox items.
 */
export async function importSeedPlan(manager: EntityManager, today = '2021-03-01'): Promise<ImportedSeed> {
  const [catalogue] = readCatalogues();
  const [seed] = readSeedPlans();
  const units = new UnitStore();
  await units.upsertCatalogue(manager, catalogue);
  const result = importPlan(seed.content, {
    catalogue,
    jurisdiction: seed.jurisdiction,
    planStart: seed.planStart,
    planEnd: seed.planEnd,
    today,
  });
  if (!result.ok) throw new Error(`the seed table does not import: ${JSON.stringify(result.errors)}`);
  const { plan, warnings } = result;
  await units.insertUnverified(
    manager,
    plan.jurisdiction,
    plan.newUnits.map((unit) => unit.name),
  );
  const unitRows: { id: string; name: string }[] = await manager.query('SELECT id::text, name FROM units WHERE jurisdiction = $1', [plan.jurisdiction]);
  const unitIdByName = new Map(unitRows.map((row) => [row.name, row.id]));
  const { planId, sectionIds, workItemIds } = await new PlanStore().insert(manager, plan, { sourceText: seed.content, warnings, policy: null });
  const taskIdBySeq = await new TaskImportStore(new TaskLinksStore()).insert(
    manager,
    planId,
    plan.sections.flatMap((section, s) =>
      section.workItems.flatMap((workItem, w) =>
        workItem.tasks.map((task) => ({
          task,
          sectionId: sectionIds[s],
          workItemId: workItemIds[s][w],
          unitId: (name: string) => unitIdByName.get(name) as string,
        })),
      ),
    ),
  );
  return { plan, warnings, content: seed.content, planId, sectionIds, workItemIds, taskIdBySeq, unitIdByName };
}
