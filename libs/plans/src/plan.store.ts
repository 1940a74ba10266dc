import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DeadlinePolicy, ImportedPlan, ImportWarning, PlanPolicyOverride } from '@duban/domain';

/** A plan's stored policy: the deadlines section in its own column (every transition reads it), the other sections beside it. */
export interface StoredPlanPolicy {
  deadline_policy: unknown;
  policy: Record<string, unknown>;
}

/** A lower government's plan: the parent plan and the tasks of it the plan serves. */
export interface PlanParent {
  parentPlanId: string;
  parentTaskIds: string[];
}

/** The only writer of `plans`, `sections` and `work_items`. */
@Injectable()
export class PlanStore {
  /** One import at a time per jurisdiction: it may create units, and the hash check must see the others' plans. */
  async lockImports(manager: EntityManager, jurisdiction: string): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`plan-import:${jurisdiction}`]);
  }

  /** The plan already imported from the same content in the jurisdiction, if any. */
  async findByContent(manager: EntityManager, jurisdiction: string, contentHash: string): Promise<{ id: string; import_warnings: ImportWarning[] } | null> {
    const rows: { id: string; import_warnings: ImportWarning[] }[] = await manager.query(
      'SELECT id::text, import_warnings FROM plans WHERE jurisdiction = $1 AND content_hash = $2',
      [jurisdiction, contentHash],
    );
    return rows[0] ?? null;
  }

  /**
   * The plan with its outline: sections and work items. Answers the plan's id and, for each section
   * and work item by position, its id (`sectionIds[s]`, `workItemIds[s][w]`).
   */
  async insert(
    manager: EntityManager,
    plan: ImportedPlan,
    extra: { sourceText: string; warnings: ImportWarning[]; policy: DeadlinePolicy | null; otherSections?: PlanPolicyOverride; parent?: PlanParent | null },
  ): Promise<{ planId: string; sectionIds: string[]; workItemIds: string[][] }> {
    const [{ id: planId }]: { id: string }[] = await manager.query(
      `INSERT INTO plans (jurisdiction, name, content_hash, format, plan_start, plan_end, milestones, source_text, import_warnings, deadline_policy, policy,
                          parent_plan_id, parent_task_ids)
       VALUES ($1, $2, $3, $4, $5, $6, $7::date[], $8, $9::jsonb, $10::jsonb, $11::jsonb, $12, $13::bigint[]) RETURNING id::text`,
      [
        plan.jurisdiction,
        plan.name,
        plan.contentHash,
        plan.format,
        plan.planStart,
        plan.planEnd,
        plan.milestones,
        extra.sourceText,
        JSON.stringify(extra.warnings),
        extra.policy ? JSON.stringify(extra.policy) : null,
        JSON.stringify(extra.otherSections ?? {}),
        extra.parent?.parentPlanId ?? null,
        extra.parent?.parentTaskIds ?? [],
      ],
    );
    const sectionRows: { id: string; position: number }[] = await manager.query(
      `INSERT INTO sections (plan_id, position, title, line)
       SELECT $1, s.position, s.title, s.line FROM jsonb_to_recordset($2::jsonb) AS s(position int, title text, line int)
       RETURNING id::text, position`,
      [planId, JSON.stringify(plan.sections.map((s, position) => ({ position, title: s.title, line: s.line })))],
    );
    const sectionIds = sectionRows.sort((a, b) => a.position - b.position).map((row) => row.id);
    const workItemRows = plan.sections.flatMap((section, sectionPosition) =>
      section.workItems.map((workItem, position) => ({ section_id: sectionIds[sectionPosition], position, title: workItem.title, line: workItem.line })),
    );
    const insertedWorkItems: { id: string; section_id: string; position: number }[] = await manager.query(
      `INSERT INTO work_items (plan_id, section_id, position, title, line)
       SELECT $1, w.section_id, w.position, w.title, w.line FROM jsonb_to_recordset($2::jsonb) AS w(section_id bigint, position int, title text, line int)
       RETURNING id::text, section_id::text, position`,
      [planId, JSON.stringify(workItemRows)],
    );
    const byKey = new Map(insertedWorkItems.map((row) => [`${row.section_id}:${row.position}`, row.id]));
    const workItemIds = plan.sections.map((section, s) => section.workItems.map((_, w) => byKey.get(`${sectionIds[s]}:${w}`) as string));
    return { planId, sectionIds, workItemIds };
  }

  /** The plan's stored policy, its row locked; null when the plan does not exist. */
  async lockPolicy(manager: EntityManager, planId: string): Promise<StoredPlanPolicy | null> {
    const rows: StoredPlanPolicy[] = await manager.query('SELECT deadline_policy, policy FROM plans WHERE id = $1 FOR UPDATE', [planId]);
    return rows[0] ?? null;
  }

  /** Stores the plan's policy: the deadlines (null: the defaults) and the other sections that differ from their defaults. */
  async setPolicy(manager: EntityManager, planId: string, deadlines: DeadlinePolicy | null, otherSections: PlanPolicyOverride): Promise<void> {
    await manager.query('UPDATE plans SET deadline_policy = $2::jsonb, policy = $3::jsonb WHERE id = $1', [
      planId,
      deadlines ? JSON.stringify(deadlines) : null,
      JSON.stringify(otherSections),
    ]);
  }

  /** A plan created empty (a ledger of tasks beyond a table): no outline, no source text. */
  async insertEmpty(
    manager: EntityManager,
    plan: { jurisdiction: string; name: string; kind: 'table' | 'instructions'; planStart: string; planEnd: string; key: string; parent?: PlanParent | null },
  ): Promise<string> {
    const [{ id }]: { id: string }[] = await manager.query(
      `INSERT INTO plans (jurisdiction, name, content_hash, format, plan_start, plan_end, source_text, kind, parent_plan_id, parent_task_ids)
       VALUES ($1, $2, $3, 'none', $4, $5, '', $6, $7, $8::bigint[]) RETURNING id::text`,
      [plan.jurisdiction, plan.name, plan.key, plan.planStart, plan.planEnd, plan.kind, plan.parent?.parentPlanId ?? null, plan.parent?.parentTaskIds ?? []],
    );
    return id;
  }

  /** The plan's row locked for a new task, with the seq the task gets; null when the plan does not exist. */
  async lockForNewTask(
    manager: EntityManager,
    planId: string,
  ): Promise<{
    jurisdiction: string;
    kind: 'table' | 'instructions';
    nextSeq: number;
    deadlinePolicy: unknown;
    feedbackRhythm: unknown;
    parentTaskIds: string[];
  } | null> {
    const rows: {
      jurisdiction: string;
      kind: 'table' | 'instructions';
      next_seq: number;
      deadline_policy: unknown;
      feedback: unknown;
      parent_task_ids: string[];
    }[] = await manager.query(
      `SELECT p.jurisdiction, p.kind, p.deadline_policy, p.policy -> 'feedback' AS feedback, p.parent_task_ids::text[] AS parent_task_ids,
              (SELECT COALESCE(max(t.seq), 0) + 1 FROM tasks t WHERE t.plan_id = p.id)::int AS next_seq
         FROM plans p WHERE p.id = $1 FOR UPDATE`,
      [planId],
    );
    const row = rows[0];
    return row
      ? {
          jurisdiction: row.jurisdiction,
          kind: row.kind,
          nextSeq: row.next_seq,
          deadlinePolicy: row.deadline_policy,
          feedbackRhythm: row.feedback,
          parentTaskIds: row.parent_task_ids,
        }
      : null;
  }

  /** The section and work item with these titles, added at the end of the outline when the plan has none yet (call under lockForNewTask). */
  async ensureOutline(manager: EntityManager, planId: string, sectionTitle: string, workItemTitle: string): Promise<{ sectionId: string; workItemId: string }> {
    const [section]: { id: string }[] = await manager.query(
      `WITH found AS (SELECT id FROM sections WHERE plan_id = $1 AND title = $2 ORDER BY position LIMIT 1),
            added AS (INSERT INTO sections (plan_id, position, title, line)
                      SELECT $1, (SELECT COALESCE(max(position), -1) + 1 FROM sections WHERE plan_id = $1), $2, 0
                       WHERE NOT EXISTS (SELECT 1 FROM found) RETURNING id)
       SELECT id::text FROM found UNION ALL SELECT id::text FROM added`,
      [planId, sectionTitle],
    );
    const [workItem]: { id: string }[] = await manager.query(
      `WITH found AS (SELECT id FROM work_items WHERE section_id = $2 AND title = $3 ORDER BY position LIMIT 1),
            added AS (INSERT INTO work_items (plan_id, section_id, position, title, line)
                      SELECT $1, $2, (SELECT COALESCE(max(position), -1) + 1 FROM work_items WHERE section_id = $2), $3, 0
                       WHERE NOT EXISTS (SELECT 1 FROM found) RETURNING id)
       SELECT id::text FROM found UNION ALL SELECT id::text FROM added`,
      [planId, section.id, workItemTitle],
    );
    return { sectionId: section.id, workItemId: workItem.id };
  }
}
