import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ImportedTask, TaskSource, TaskUrgency } from '@duban/domain';
import { type ImportedTaskUnit, TaskLinksStore } from './task-links.store';

/** An imported task placed in its plan's outline, its units resolved to ids. */
export interface NewTask {
  task: ImportedTask;
  sectionId: string;
  workItemId: string;
  unitId: (name: string) => string;
  /** a task beyond the table: where it comes from, and how urgent it is (default normal) */
  source?: TaskSource;
  urgency?: TaskUrgency;
}

/**
 * Inserts an import's tasks with their units, milestones and targets: set-based, four statements for
 * any number of tasks. The units are written by TaskLinksStore, the one writer of `task_units`.
 */
@Injectable()
export class TaskImportStore {
  constructor(private readonly links: TaskLinksStore) {}

  /** Answers each new task's id by its seq. */
  async insert(manager: EntityManager, planId: string, tasks: NewTask[]): Promise<Map<number, string>> {
    const inserted: { id: string; seq: number }[] = await manager.query(
      `INSERT INTO tasks (plan_id, section_id, work_item_id, seq, number, text, lead_text, support_text, deadline_text, line, due_on, recurrence, source, urgency)
       SELECT $1, t.section_id, t.work_item_id, t.seq, t.number, t.text, t.lead_text, t.support_text, t.deadline_text, t.line, t.due_on, t.recurrence,
              t.source, COALESCE(t.urgency, 'normal')
         FROM jsonb_to_recordset($2::jsonb) AS t(section_id bigint, work_item_id bigint, seq int, number text, text text, lead_text text,
                                                 support_text text, deadline_text text, line int, due_on date, recurrence text, source jsonb, urgency text)
       RETURNING id::text, seq`,
      [
        planId,
        JSON.stringify(
          tasks.map(({ task, sectionId, workItemId, source, urgency }) => ({
            section_id: sectionId,
            work_item_id: workItemId,
            seq: task.seq,
            number: task.number,
            text: task.text,
            lead_text: task.leadText,
            support_text: task.supportText,
            deadline_text: task.deadlineText,
            line: task.line,
            due_on: task.dueDate,
            recurrence: task.recurrence,
            source: source ?? null,
            urgency: urgency ?? null,
          })),
        ),
      ],
    );
    const idBySeq = new Map(inserted.map((row) => [row.seq, row.id]));
    const taskId = (seq: number): string => idBySeq.get(seq) as string;

    const links: ImportedTaskUnit[] = tasks.flatMap(({ task, unitId }) => [
      ...task.leads.map((unit, position) => ({
        task_id: taskId(task.seq),
        unit_id: unitId(unit.name),
        role: 'lead' as const,
        via: unit.viaGroup ? unitId(unit.viaGroup) : null,
        position,
      })),
      ...task.supports.map((unit, position) => ({
        task_id: taskId(task.seq),
        unit_id: unitId(unit.name),
        role: 'support' as const,
        via: unit.viaGroup ? unitId(unit.viaGroup) : null,
        position,
      })),
    ]);
    await this.links.insertImported(manager, links);

    const milestones = tasks.flatMap(({ task }) => task.milestones.map((m) => ({ task_id: taskId(task.seq), due_on: m.date, clause: m.clause })));
    if (milestones.length > 0) {
      await manager.query(
        `INSERT INTO task_milestones (task_id, due_on, clause)
         SELECT m.task_id, m.due_on, m.clause FROM jsonb_to_recordset($1::jsonb) AS m(task_id bigint, due_on date, clause text)`,
        [JSON.stringify(milestones)],
      );
    }

    const targets = tasks.flatMap(({ task }) =>
      task.targets.map((t, position) => ({
        task_id: taskId(task.seq),
        position,
        indicator: t.indicator,
        comparator: t.comparator,
        value: t.value,
        unit: t.unit,
        measure: t.measure,
        period: t.period,
        by_date: t.by,
        clause: t.clause,
      })),
    );
    if (targets.length > 0) {
      await manager.query(
        `INSERT INTO targets (task_id, position, indicator, comparator, value, unit, measure, period, by_date, clause)
         SELECT g.task_id, g.position, g.indicator, g.comparator, g.value, g.unit, g.measure, g.period, g.by_date, g.clause
           FROM jsonb_to_recordset($1::jsonb) AS g(task_id bigint, position int, indicator text, comparator text, value numeric, unit text,
                                                   measure text, period text, by_date date, clause text)`,
        [JSON.stringify(targets)],
      );
    }
    return idBySeq;
  }
}
