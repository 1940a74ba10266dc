import { BadRequestException, Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@duban/config';
import {
  contentHash,
  DEFAULT_DEADLINE_POLICY,
  type DeadlinePolicy,
  importPlan,
  type ImportError,
  type ImportedPlan,
  type ImportWarning,
  type RequestedFormat,
  resolveDeadlinePolicy,
} from '@duban/domain';
import { calendarDayIn } from '@duban/domain';
import { Clock } from '@duban/platform';
import { InboxSync } from '@duban/inbox';
import { TimerWriter } from '@duban/timers';
import { UnitsService } from '@duban/units';
import type { ImportResultView } from './plan.dto';

export interface PlanImportInput {
  content: string;
  name?: string;
  jurisdiction?: string;
  format?: RequestedFormat;
  planStart?: string;
  planEnd?: string;
  deadlinePolicy?: Record<string, unknown>;
  /** read and resolve the table, answer what would be created, write nothing */
  dryRun?: boolean;
}

/** A table that cannot be read: 400 with every problem and its line; nothing was written. */
export class PlanImportRefusedException extends BadRequestException {
  constructor(readonly errors: ImportError[]) {
    super({
      statusCode: 400,
      error: 'Bad Request',
      message: errors.map((e) => (e.line > 0 ? `line ${e.line}: ${e.message}` : e.message)),
      errors,
    });
  }
}

@Injectable()
export class PlanImportService {
  private readonly logger = new Logger(PlanImportService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly units: UnitsService,
    private readonly clock: Clock,
    private readonly timers: TimerWriter,
    private readonly inbox: InboxSync,
  ) {}

  /**
   * Imports a table in one transaction. Idempotent by content hash within a jurisdiction:
   * the same table again returns the existing plan and creates nothing.
   */
  async import(input: PlanImportInput): Promise<ImportResultView> {
    const jurisdiction = input.jurisdiction ?? this.config.defaultJurisdiction;
    const today = calendarDayIn(this.clock.now(), this.config.planTimezone);
    const policy = resolveDeadlinePolicy(input.deadlinePolicy);
    if (!policy.ok) throw new BadRequestException(policy.errors.map((error) => `deadlinePolicy: ${error}`));
    return this.dataSource.transaction(async (manager) => {
      // one import at a time per jurisdiction: it may create units, and the hash check must see the others' plans
      await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`plan-import:${jurisdiction}`]);
      const existing: { id: string; import_warnings: ImportWarning[] }[] = await manager.query(
        'SELECT id::text, import_warnings FROM plans WHERE jurisdiction = $1 AND content_hash = $2',
        [jurisdiction, contentHash(input.content)],
      );
      if (existing.length > 0) {
        return {
          planId: existing[0].id,
          createdPlan: false,
          created: { sections: 0, workItems: 0, tasks: 0, units: 0 },
          warnings: existing[0].import_warnings,
          ...(input.dryRun ? { dryRun: true } : {}),
        };
      }
      const stored = await this.units.loadCatalogue(manager, jurisdiction);
      const result = importPlan(input.content, {
        catalogue: stored.catalogue,
        jurisdiction,
        name: input.name,
        format: input.format ?? 'auto',
        planStart: input.planStart,
        planEnd: input.planEnd,
        today,
      });
      if (!result.ok) throw new PlanImportRefusedException(result.errors);
      if (input.dryRun) return dryRunResult(result.plan, result.warnings);
      const created = await this.write(manager, result.plan, result.warnings, input.content, stored.idByName, input.deadlinePolicy ? policy.policy : null);
      this.logger.log(`imported plan ${created.planId} "${result.plan.name}": ${created.created.tasks} tasks, ${result.warnings.length} warnings`);
      return created;
    });
  }

  private async write(
    manager: EntityManager,
    plan: ImportedPlan,
    warnings: ImportWarning[],
    sourceText: string,
    idByName: Map<string, string>,
    policy: DeadlinePolicy | null,
  ): Promise<ImportResultView> {
    const newUnits = plan.newUnits.map((u) => u.name);
    if (newUnits.length > 0) {
      const rows: { id: string; name: string }[] = await manager.query(
        `INSERT INTO units (jurisdiction, name, kind, verified)
         SELECT $1, name, 'unverified', false FROM unnest($2::text[]) AS name
         ON CONFLICT (jurisdiction, name) DO UPDATE SET name = EXCLUDED.name
         RETURNING id::text, name`,
        [plan.jurisdiction, newUnits],
      );
      for (const row of rows) idByName.set(row.name, row.id);
    }
    const unitId = (name: string): string => {
      const id = idByName.get(name);
      if (!id) throw new Error(`unit "${name}" was resolved by the importer but is not in the catalogue`);
      return id;
    };

    const [{ id: planId }]: { id: string }[] = await manager.query(
      `INSERT INTO plans (jurisdiction, name, content_hash, format, plan_start, plan_end, milestones, source_text, import_warnings, deadline_policy)
       VALUES ($1, $2, $3, $4, $5, $6, $7::date[], $8, $9::jsonb, $10::jsonb) RETURNING id::text`,
      [
        plan.jurisdiction,
        plan.name,
        plan.contentHash,
        plan.format,
        plan.planStart,
        plan.planEnd,
        plan.milestones,
        sourceText,
        JSON.stringify(warnings),
        policy ? JSON.stringify(policy) : null,
      ],
    );

    const sectionRows: { id: string; position: number }[] = await manager.query(
      `INSERT INTO sections (plan_id, position, title, line)
       SELECT $1, s.position, s.title, s.line FROM jsonb_to_recordset($2::jsonb) AS s(position int, title text, line int)
       RETURNING id::text, position`,
      [planId, JSON.stringify(plan.sections.map((s, position) => ({ position, title: s.title, line: s.line })))],
    );
    const sectionIds = new Map(sectionRows.map((row) => [row.position, row.id]));
    const sectionIdAt = (position: number): string => sectionIds.get(position) as string;

    const workItemRows = plan.sections.flatMap((section, sectionPosition) =>
      section.workItems.map((workItem, position) => ({ section_id: sectionIdAt(sectionPosition), position, title: workItem.title, line: workItem.line })),
    );
    const insertedWorkItems: { id: string; section_id: string; position: number }[] = await manager.query(
      `INSERT INTO work_items (plan_id, section_id, position, title, line)
       SELECT $1, w.section_id, w.position, w.title, w.line FROM jsonb_to_recordset($2::jsonb) AS w(section_id bigint, position int, title text, line int)
       RETURNING id::text, section_id::text, position`,
      [planId, JSON.stringify(workItemRows)],
    );
    const workItemIds = new Map(insertedWorkItems.map((row) => [`${row.section_id}:${row.position}`, row.id]));

    const tasks = plan.sections.flatMap((section, sectionPosition) =>
      section.workItems.flatMap((workItem, workItemPosition) =>
        workItem.tasks.map((task) => ({
          task,
          sectionId: sectionIdAt(sectionPosition),
          workItemId: workItemIds.get(`${sectionIdAt(sectionPosition)}:${workItemPosition}`) as string,
        })),
      ),
    );
    const insertedTasks: { id: string; seq: number }[] = await manager.query(
      `INSERT INTO tasks (plan_id, section_id, work_item_id, seq, text, lead_text, support_text, deadline_text, line, due_on, recurrence)
       SELECT $1, t.section_id, t.work_item_id, t.seq, t.text, t.lead_text, t.support_text, t.deadline_text, t.line, t.due_on, t.recurrence
         FROM jsonb_to_recordset($2::jsonb) AS t(section_id bigint, work_item_id bigint, seq int, text text, lead_text text,
                                                 support_text text, deadline_text text, line int, due_on date, recurrence text)
       RETURNING id::text, seq`,
      [
        planId,
        JSON.stringify(
          tasks.map(({ task, sectionId, workItemId }) => ({
            section_id: sectionId,
            work_item_id: workItemId,
            seq: task.seq,
            text: task.text,
            lead_text: task.leadText,
            support_text: task.supportText,
            deadline_text: task.deadlineText,
            line: task.line,
            due_on: task.dueDate,
            recurrence: task.recurrence,
          })),
        ),
      ],
    );

    const taskIdBySeq = new Map(insertedTasks.map((row) => [row.seq, row.id]));
    const taskId = (seq: number): string => taskIdBySeq.get(seq) as string;
    const links = tasks.flatMap(({ task }) => [
      ...task.leads.map((unit, position) => ({
        task_id: taskId(task.seq),
        unit_id: unitId(unit.name),
        role: 'lead',
        via: unit.viaGroup ? unitId(unit.viaGroup) : null,
        position,
      })),
      ...task.supports.map((unit, position) => ({
        task_id: taskId(task.seq),
        unit_id: unitId(unit.name),
        role: 'support',
        via: unit.viaGroup ? unitId(unit.viaGroup) : null,
        position,
      })),
    ]);
    await manager.query(
      `INSERT INTO task_units (task_id, unit_id, role, via_group_id, position)
       SELECT l.task_id, l.unit_id, l.role, l.via, l.position FROM jsonb_to_recordset($1::jsonb) AS l(task_id bigint, unit_id bigint, role text, via bigint, position int)`,
      [JSON.stringify(links)],
    );

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

    // every task is assigned on import: its lead units get `start_task`, and its deadline timers run from now
    const now = this.clock.now();
    await this.timers.scheduleTaskTimers(
      manager,
      tasks.map(({ task }) => ({ id: taskId(task.seq), dueOn: task.dueDate })),
      now,
      policy ?? DEFAULT_DEADLINE_POLICY,
    );
    await this.timers.scheduleMilestoneChecks(manager, planId, plan.milestones, now);
    await this.inbox.openForNewTasks(
      manager,
      tasks.map(({ task }) => ({
        id: taskId(task.seq),
        seq: task.seq,
        text: task.text,
        dueOn: task.dueDate,
        leadUnitIds: task.leads.map((unit) => unitId(unit.name)),
      })),
      now,
    );

    return {
      planId,
      createdPlan: true,
      created: { sections: sectionRows.length, workItems: insertedWorkItems.length, tasks: insertedTasks.length, units: newUnits.length },
      warnings,
    };
  }
}

/** What an import of the plan would create, for a preview that writes nothing. */
function dryRunResult(plan: ImportedPlan, warnings: ImportWarning[]): ImportResultView {
  const workItems = plan.sections.flatMap((section) => section.workItems);
  return {
    planId: null,
    createdPlan: false,
    dryRun: true,
    created: {
      sections: plan.sections.length,
      workItems: workItems.length,
      tasks: workItems.reduce((sum, item) => sum + item.tasks.length, 0),
      units: plan.newUnits.length,
    },
    warnings,
  };
}
