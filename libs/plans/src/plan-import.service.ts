import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { TimerScheduler } from '@duban/clock';
import { APP_CONFIG, type AppConfig } from '@duban/config';
import {
  calendarDayIn,
  Clock,
  contentHash,
  DEFAULT_DEADLINE_POLICY,
  type DeadlinePolicy,
  DomainError,
  type DocumentRows,
  importDocumentRows,
  importPlan,
  type ImportError,
  type ImportedPlan,
  type ImportWarning,
  invalid,
  parentSeqsOf,
  type RequestedFormat,
  type PlanImportOptions,
  type PlanPolicyOverride,
  type PlanImportResult,
} from '@duban/domain';
import { InboxSync } from '@duban/inbox';
import { TaskImportStore, TaskParentLinkStore } from '@duban/tasks';
import { UnitsService, UnitStore } from '@duban/units';
import { readUploadedTable, type UploadReadOptions } from './documents/uploaded-document';
import type { ImportResultView, ImportWarningView } from './plan.view';
import { type PlanParent, PlanStore } from './plan.store';
import { ChildPlanResolver } from './cascade/child-plan.resolver';
import { importedPlanPolicy } from './plan-policy.service';

/** How to import, whatever the table came as. */
export interface PlanImportSettings {
  name?: string;
  jurisdiction?: string;
  /** a text format, or `docx`/`xlsx` to insist the upload is that kind of file (the bytes decide either way) */
  format?: RequestedFormat | DocumentFormat;
  planStart?: string;
  planEnd?: string;
  deadlinePolicy?: Record<string, unknown>;
  /** the plan's policy document (`GET /plans/policy-schema`); its deadlines or `deadlinePolicy`, not both */
  policy?: PlanPolicyOverride;
  /** read and resolve the table, answer what would be created, write nothing */
  dryRun?: boolean;
  /** import the good tasks and answer each row left out in `skipped`; default: refuse the whole table */
  skipInvalid?: boolean;
  /** a lower government's plan (docs/cascade.md): the parent plan, and the seqs of its tasks every row serves */
  parentPlanId?: string;
  parentTaskSeqs?: number[];
}

export type DocumentFormat = 'docx' | 'xlsx';
const DOCUMENT_FORMATS: ReadonlySet<string> = new Set<DocumentFormat>(['docx', 'xlsx']);

/** A table as text. */
export interface PlanImportInput extends PlanImportSettings {
  content: string;
}

/** An uploaded file: a text table, a Word or Excel file (`.docx`, `.xlsx`, or legacy ones LibreOffice converts). */
export interface PlanUploadInput extends PlanImportSettings {
  bytes: Buffer;
  /** tells a legacy Word file from an Excel one when the bytes alone do not */
  fileName?: string;
}

/** What an import reads: the content hash, the record kept with the plan, and how to read it. */
interface ImportSource {
  hash: string;
  sourceText: string;
  read: (options: PlanImportOptions) => PlanImportResult;
}

/** The parent a lower government's table serves, and the parent tasks of each of its rows (by the row's seq). */
interface ImportParent extends PlanParent {
  parentIdsOf: (seq: number) => string[];
}

/** A table that cannot be read: every problem with its line; nothing was written. */
export class PlanImportRefused extends DomainError {
  constructor(readonly errors: ImportError[]) {
    super(
      'invalid',
      'table_unreadable',
      errors.map((e) => (e.where !== undefined ? `${e.where}: ${e.message}` : e.line > 0 ? `line ${e.line}: ${e.message}` : e.message)),
      { errors },
    );
  }
}

@Injectable()
export class PlanImportService {
  private readonly logger = new Logger(PlanImportService.name);

  /** legacy conversion and limits; tests narrow the limits */
  uploadOptions: UploadReadOptions = {};

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly units: UnitsService,
    private readonly unitStore: UnitStore,
    private readonly plans: PlanStore,
    private readonly tasks: TaskImportStore,
    private readonly clock: Clock,
    private readonly timers: TimerScheduler,
    private readonly inbox: InboxSync,
    private readonly childPlans: ChildPlanResolver,
    private readonly parentLinks: TaskParentLinkStore,
  ) {}

  /**
   * Imports a table in one transaction. Idempotent by content hash within a jurisdiction:
   * the same table again returns the existing plan and creates nothing.
   */
  async import(input: PlanImportInput): Promise<ImportResultView> {
    const { content } = input;
    if (input.format !== undefined && DOCUMENT_FORMATS.has(input.format)) {
      throw invalid('format_mismatch', `format ${input.format} is for an uploaded Word or Excel file (multipart field file), not for content given as text`);
    }
    return this.run(input, { hash: contentHash(content), sourceText: content, read: (options) => importPlan(content, options) });
  }

  /** Imports an uploaded file of any kind the importer reads (see readUploadedTable); refused files write nothing. */
  async importUpload(input: PlanUploadInput): Promise<ImportResultView> {
    const { bytes, fileName, ...settings } = input;
    const table = await readUploadedTable(bytes, fileName, this.uploadOptions);
    if (table.kind === 'text') return this.import({ ...settings, content: table.content });
    const document: DocumentRows = table.document;
    if (settings.format !== undefined && DOCUMENT_FORMATS.has(settings.format) && settings.format !== document.format) {
      throw invalid('format_mismatch', `the file is ${document.format === 'docx' ? 'a Word document' : 'an Excel workbook'}, not ${settings.format}`);
    }
    return this.run(settings, { hash: document.contentHash, sourceText: table.sourceText, read: (options) => importDocumentRows(document, options) });
  }

  private async run(input: PlanImportSettings, source: ImportSource): Promise<ImportResultView> {
    const jurisdiction = input.jurisdiction ?? this.config.defaultJurisdiction;
    const today = calendarDayIn(this.clock.now(), this.config.planTimezone);
    const policy = importedPlanPolicy(input.deadlinePolicy, input.policy);
    return this.dataSource.transaction(async (manager) => {
      await this.plans.lockImports(manager, jurisdiction);
      const existing = await this.plans.findByContent(manager, jurisdiction, source.hash);
      if (existing) {
        return {
          planId: existing.id,
          createdPlan: false,
          created: { sections: 0, workItems: 0, tasks: 0, units: 0 },
          warnings: existing.import_warnings,
          skipped: [],
          ...(input.dryRun ? { dryRun: true } : {}),
        };
      }
      const stored = await this.units.loadCatalogue(manager, jurisdiction);
      const result = source.read({
        catalogue: stored.catalogue,
        jurisdiction,
        name: input.name,
        format: input.format === undefined || DOCUMENT_FORMATS.has(input.format) ? 'auto' : (input.format as RequestedFormat),
        planStart: input.planStart,
        planEnd: input.planEnd,
        today,
        skipInvalid: input.skipInvalid ?? false,
      });
      if (!result.ok) throw new PlanImportRefused(result.errors);
      const parent = await this.parentOf(manager, jurisdiction, input, result.plan);
      const skipped = result.skipped.map(skippedView);
      if (input.dryRun) return { ...dryRunResult(result.plan, result.warnings), skipped };
      const created = await this.write(manager, result.plan, result.warnings, source.sourceText, stored.idByName, policy, parent);
      this.logger.log(
        `imported plan ${created.planId} "${result.plan.name}" (${result.plan.format}): ${created.created.tasks} tasks, ${result.warnings.length} warnings, ${skipped.length} rows skipped`,
      );
      return { ...created, skipped };
    });
  }

  /**
   * A lower government's table: the parent tasks each row serves — those its parent column names (对应市级任务), else
   * `parentTaskSeqs` — checked against the tree (ChildPlanResolver); null for a plan of its own.
   */
  private async parentOf(manager: EntityManager, jurisdiction: string, input: PlanImportSettings, plan: ImportedPlan): Promise<ImportParent | null> {
    if (input.parentPlanId === undefined) return null;
    const tasks = plan.sections.flatMap((section) => section.workItems.flatMap((workItem) => workItem.tasks));
    const fallback = input.parentTaskSeqs ?? [];
    const seqsBySeq = new Map(tasks.map((task) => [task.seq, parentSeqsOf(task.parentText).length > 0 ? parentSeqsOf(task.parentText) : fallback]));
    const orphans = tasks.filter((task) => (seqsBySeq.get(task.seq) ?? []).length === 0);
    if (orphans.length > 0 && fallback.length === 0 && orphans.length < tasks.length) {
      throw new DomainError(
        'invalid',
        'parent_task_invalid',
        orphans.map((task) => `line ${task.line}: 序号 ${task.seq} names no parent task`),
        {
          params: { taskIds: '', seqs: '' },
        },
      );
    }
    const all = [...new Set([...seqsBySeq.values()].flat())];
    const resolved = await this.childPlans.resolve(manager, jurisdiction, { parentPlanId: input.parentPlanId, parentTaskSeqs: all });
    if (!resolved) return null;
    return { ...resolved, parentIdsOf: (seq) => (seqsBySeq.get(seq) ?? []).map((parentSeq) => resolved.idBySeq.get(parentSeq) as string) };
  }

  private async write(
    manager: EntityManager,
    plan: ImportedPlan,
    warnings: ImportWarning[],
    sourceText: string,
    idByName: Map<string, string>,
    policy: { deadlines: DeadlinePolicy | null; otherSections: PlanPolicyOverride },
    parent: ImportParent | null,
  ): Promise<ImportResultView> {
    const newUnits = plan.newUnits.map((u) => u.name);
    for (const row of await this.unitStore.insertUnverified(manager, plan.jurisdiction, newUnits)) idByName.set(row.name, row.id);
    const unitId = (name: string): string => {
      const id = idByName.get(name);
      if (!id) throw new Error(`unit "${name}" was resolved by the importer but is not in the catalogue`);
      return id;
    };

    const { planId, sectionIds, workItemIds } = await this.plans.insert(manager, plan, {
      sourceText,
      warnings,
      policy: policy.deadlines,
      otherSections: policy.otherSections,
      parent: parent ? { parentPlanId: parent.parentPlanId, parentTaskIds: parent.parentTaskIds } : null,
    });
    const placed = plan.sections.flatMap((section, s) =>
      section.workItems.flatMap((workItem, w) => workItem.tasks.map((task) => ({ task, sectionId: sectionIds[s], workItemId: workItemIds[s][w], unitId }))),
    );
    const taskIdBySeq = await this.tasks.insert(manager, planId, placed);
    const taskId = (seq: number): string => taskIdBySeq.get(seq) as string;
    // a lower government's tasks serve the parent plan's tasks it names (its share of them)
    if (parent) {
      const pairs = [...taskIdBySeq].flatMap(([seq, id]) => parent.parentIdsOf(seq).map((parentTaskId) => ({ taskId: id, parentTaskId })));
      await this.parentLinks.linkPairs(manager, pairs);
    }

    // every task is assigned on import: its lead units get `start_task`, and its deadline timers run from now
    const now = this.clock.now();
    await this.timers.scheduleTaskTimers(
      manager,
      placed.map(({ task }) => ({ id: taskId(task.seq), dueOn: task.dueDate })),
      now,
      policy.deadlines ?? DEFAULT_DEADLINE_POLICY,
    );
    await this.timers.scheduleMilestoneChecks(manager, planId, plan.milestones, now);
    await this.inbox.openForNewTasks(
      manager,
      placed.map(({ task }) => ({
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
      created: { sections: sectionIds.length, workItems: workItemIds.flat().length, tasks: taskIdBySeq.size, units: newUnits.length },
      warnings,
      skipped: [],
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
    skipped: [],
  };
}

function skippedView(error: ImportError): ImportWarningView {
  return { line: error.line, code: error.code ?? 'invalid', message: error.message, ...(error.where === undefined ? {} : { where: error.where }) };
}
