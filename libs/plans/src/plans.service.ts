import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type ImportWarning, notFound, storedDeadlinePolicy } from '@duban/domain';
import type { PlanSummaryView, PlanView, SectionOutlineView } from './plan.view';

interface PlanRow {
  id: string;
  name: string;
  jurisdiction: string;
  plan_start: string;
  plan_end: string;
  milestones: string[];
  task_count: number;
  imported_at: Date;
  content_hash: string;
  format: string;
  import_warnings: ImportWarning[];
  deadline_policy: unknown;
  kind: 'table' | 'instructions';
  parent_plan_id: string | null;
  parent_task_ids: string[];
}

const PLAN_SELECT = `
  SELECT p.id::text, p.name, p.jurisdiction, p.plan_start, p.plan_end, p.milestones, p.imported_at, p.content_hash, p.format, p.import_warnings, p.deadline_policy, p.kind,
         p.parent_plan_id::text, p.parent_task_ids::text[] AS parent_task_ids,
         (SELECT count(*)::int FROM tasks t WHERE t.plan_id = p.id) AS task_count
    FROM plans p`;

function toSummary(row: PlanRow): PlanSummaryView {
  return {
    id: row.id,
    name: row.name,
    jurisdiction: row.jurisdiction,
    planStart: row.plan_start,
    planEnd: row.plan_end,
    milestones: row.milestones,
    kind: row.kind,
    taskCount: row.task_count,
    importedAt: row.imported_at.toISOString(),
    parentPlanId: row.parent_plan_id,
    parentTaskIds: row.parent_task_ids,
  };
}

@Injectable()
export class PlansService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(): Promise<PlanSummaryView[]> {
    const rows: PlanRow[] = await this.dataSource.query(`${PLAN_SELECT} ORDER BY p.id`);
    return rows.map(toSummary);
  }

  async summary(id: string): Promise<PlanSummaryView> {
    const rows: PlanRow[] = await this.dataSource.query(`${PLAN_SELECT} WHERE p.id = $1`, [id]);
    if (rows.length === 0) throw notFound('plan_not_found', `plan ${id} does not exist`);
    return toSummary(rows[0]);
  }

  async get(id: string): Promise<PlanView> {
    const rows: PlanRow[] = await this.dataSource.query(`${PLAN_SELECT} WHERE p.id = $1`, [id]);
    if (rows.length === 0) throw notFound('plan_not_found', `plan ${id} does not exist`);
    const outline: { section_position: number; section_title: string; work_item_title: string | null; task_ids: string[] | null }[] =
      await this.dataSource.query(
        `SELECT s.position AS section_position, s.title AS section_title, w.title AS work_item_title,
              (SELECT array_agg(t.id::text ORDER BY t.seq) FROM tasks t WHERE t.work_item_id = w.id) AS task_ids
         FROM sections s LEFT JOIN work_items w ON w.section_id = s.id
        WHERE s.plan_id = $1
        ORDER BY s.position, w.position`,
        [id],
      );
    const sections: SectionOutlineView[] = [];
    const byPosition = new Map<number, SectionOutlineView>();
    for (const row of outline) {
      let section = byPosition.get(row.section_position);
      if (!section) {
        section = { title: row.section_title, workItems: [] };
        byPosition.set(row.section_position, section);
        sections.push(section);
      }
      if (row.work_item_title !== null) section.workItems.push({ title: row.work_item_title, taskIds: row.task_ids ?? [] });
    }
    return {
      ...toSummary(rows[0]),
      deadlinePolicy: storedDeadlinePolicy(rows[0].deadline_policy),
      contentHash: rows[0].content_hash,
      format: rows[0].format,
      warnings: rows[0].import_warnings,
      sections,
    };
  }

  async assertExists(id: string): Promise<void> {
    const rows: unknown[] = await this.dataSource.query('SELECT 1 FROM plans WHERE id = $1', [id]);
    if (rows.length === 0) throw notFound('plan_not_found', `plan ${id} does not exist`);
  }
}
