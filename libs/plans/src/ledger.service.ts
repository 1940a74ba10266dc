import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { TimerScheduler } from '@duban/clock';
import { APP_CONFIG, type AppConfig } from '@duban/config';
import {
  calendarDayIn,
  Clock,
  DomainError,
  dueDayOfTerm,
  firstFeedbackTimer,
  invalid,
  LEDGER_SECTION_OF_SOURCE,
  ledgerTask,
  notFound,
  storedDeadlinePolicy,
  storedFeedbackRhythm,
  type TaskSource,
  termEndDay,
  type TaskUrgency,
} from '@duban/domain';
import { InboxSync } from '@duban/inbox';
import { TaskImportStore, TaskParentLinkStore, TaskReadService, type TaskView } from '@duban/tasks';
import { UnitsService } from '@duban/units';
import type { PlanSummaryView } from './plan.view';
import { PlanStore } from './plan.store';
import { PlansService } from './plans.service';
import { ChildPlanResolver } from './cascade/child-plan.resolver';

export interface NewPlanInput {
  name: string;
  jurisdiction?: string;
  kind?: 'table' | 'instructions';
  planStart: string;
  planEnd?: string;
  /** a lower government's plan: the tasks of its parent plan it serves (docs/cascade.md) */
  parentTaskIds?: string[];
}

export interface NewTaskInput {
  text: string;
  leadUnitIds: string[];
  supportUnitIds?: string[];
  dueAt?: string;
  termWorkingDays?: number;
  source?: TaskSource;
  urgency?: TaskUrgency;
  section?: string;
  workItem?: string;
  /** in a plan serving parent tasks: the ones this task serves (default: all the plan serves) */
  parentTaskIds?: string[];
}

/**
 * Plans and tasks that come from no table: a ledger (批示件台账) of leaders' instructions, meeting
 * decisions and a superior's assignments. A task created here starts as an imported one does:
 * `assigned`, its lead units' `start_task` items and its deadline timers in the same transaction.
 */
@Injectable()
export class LedgerService {
  private readonly logger = new Logger(LedgerService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly plans: PlanStore,
    private readonly planReads: PlansService,
    private readonly tasks: TaskImportStore,
    private readonly taskReads: TaskReadService,
    private readonly units: UnitsService,
    private readonly timers: TimerScheduler,
    private readonly inbox: InboxSync,
    private readonly childPlans: ChildPlanResolver,
    private readonly parentLinks: TaskParentLinkStore,
  ) {}

  async createPlan(input: NewPlanInput): Promise<PlanSummaryView> {
    const planEnd = input.planEnd ?? `${input.planStart.slice(0, 4)}-12-31`; // a ledger is kept by the year
    if (planEnd < input.planStart) throw invalid('invalid_request', `planEnd (${planEnd}) must not be before planStart (${input.planStart})`);
    const name = input.name.trim();
    if (name === '') throw invalid('invalid_request', 'name must not be blank');
    const jurisdiction = input.jurisdiction ?? this.config.defaultJurisdiction;
    const id = await this.dataSource.transaction(async (manager) =>
      this.plans.insertEmpty(manager, {
        jurisdiction,
        parent: await this.childPlans.resolve(manager, jurisdiction, { parentTaskIds: input.parentTaskIds }),
        name,
        kind: input.kind ?? 'instructions',
        planStart: input.planStart,
        planEnd,
        // plans read from a table are unique by their content; an empty plan by itself
        key: `empty:${randomUUID()}`,
      }),
    );
    this.logger.log(`plan ${id} "${name}" created empty (${input.kind ?? 'instructions'})`);
    return this.planReads.summary(id);
  }

  async createTask(planId: string, input: NewTaskInput): Promise<TaskView> {
    const now = this.clock.now();
    const today = calendarDayIn(now, this.config.planTimezone);
    const due = dueDayOfTerm(input, today);
    if (!due.ok) throw invalid('invalid_request', due.error);
    const text = input.text.trim();
    if (text === '') throw invalid('invalid_request', 'text must not be blank');
    const taskId = await this.dataSource.transaction(async (manager) => {
      const plan = await this.plans.lockForNewTask(manager, planId);
      if (!plan) throw notFound('plan_not_found', `plan ${planId} does not exist`);
      const { leads, supports } = await this.unitsOf(manager, plan.jurisdiction, input.leadUnitIds, input.supportUnitIds ?? []);
      // a task of a ledger comes from somewhere: without a source named, of kind `other` (listed by GET /tasks?source=other)
      const source: TaskSource | undefined = input.source ?? (plan.kind === 'instructions' ? { kind: 'other' } : undefined);
      const sectionTitle = input.section?.trim() || LEDGER_SECTION_OF_SOURCE[source?.kind ?? 'other'];
      const workItemTitle = input.workItem?.trim() || source?.docNo?.trim() || sectionTitle;
      const outline = await this.plans.ensureOutline(manager, planId, sectionTitle, workItemTitle);
      const policy = storedDeadlinePolicy(plan.deadlinePolicy);
      const task = ledgerTask({
        seq: plan.nextSeq,
        text,
        // a due day written on a day off, in a plan that counts working days, is the next working day (顺延)
        dueOn: termEndDay(due.dueOn, policy.days),
        deadlineText: due.deadlineText,
        leadNames: leads.map((unit) => unit.name),
        supportNames: supports.map((unit) => unit.name),
      });
      const idByName = new Map([...leads, ...supports].map((unit) => [unit.name, unit.id]));
      const ids = await this.tasks.insert(manager, planId, [
        { task, ...outline, unitId: (name) => idByName.get(name) as string, source, urgency: input.urgency },
      ]);
      const id = ids.get(task.seq) as string;
      await this.parentLinks.link(manager, [id], this.parentTasksOf(plan.parentTaskIds, input.parentTaskIds));
      await this.timers.scheduleTaskTimers(manager, [{ id, dueOn: task.dueDate }], now, policy);
      const rhythm = { rhythm: storedFeedbackRhythm(plan.feedbackRhythm), timeZone: this.config.planTimezone, hour: policy.reminderHour };
      const feedback = firstFeedbackTimer(input.urgency ?? 'normal', task.dueDate, now, rhythm);
      if (feedback) await this.timers.scheduleTaskTimer(manager, id, feedback, now);
      await this.inbox.openForNewTasks(manager, [{ id, seq: task.seq, text, dueOn: task.dueDate, leadUnitIds: leads.map((unit) => unit.id) }], now);
      return id;
    });
    this.logger.log(`plan ${planId}: task ${taskId} created`);
    return this.taskReads.findOne(taskId);
  }

  /** The parent tasks a new task serves: those named, each one the plan serves; by default all the plan serves. */
  private parentTasksOf(served: string[], named: string[] | undefined): string[] {
    if (named === undefined) return served;
    const others = named.filter((id) => !served.includes(id));
    if (others.length > 0) {
      throw new DomainError('invalid', 'parent_task_invalid', [`the plan does not serve task ${others.join(', ')}`], {
        params: { taskIds: others.join(', ') },
      });
    }
    return named;
  }

  /** The named units in the given order, each of the plan's jurisdiction and able to act (a group acts through its members). */
  private async unitsOf(manager: EntityManager, jurisdiction: string, leadIds: string[], supportIds: string[]) {
    const twice = leadIds.filter((id) => supportIds.includes(id));
    if (twice.length > 0) throw invalid('invalid_request', `units ${twice.join(', ')} are named both as lead and as responsible units`);
    const found = new Map((await this.units.byIds(manager, [...leadIds, ...supportIds])).map((unit) => [unit.id, unit]));
    const problems: string[] = [];
    const pick = (field: string, ids: string[]) =>
      ids.flatMap((id) => {
        const unit = found.get(id);
        if (!unit) problems.push(`${field}: unit ${id} does not exist`);
        else if (unit.jurisdiction !== jurisdiction) problems.push(`${field}: ${unit.name} is a unit of ${unit.jurisdiction}, not of ${jurisdiction}`);
        else if (unit.kind === 'group') problems.push(`${field}: ${unit.name} is a group; name the member units that act`);
        else return [unit];
        return [];
      });
    const leads = pick('leadUnitIds', leadIds);
    const supports = pick('supportUnitIds', supportIds);
    if (problems.length > 0) throw invalid('invalid_units', ...problems);
    return { leads, supports };
  }
}
