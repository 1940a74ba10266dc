import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@duban/config';
import {
  calendarDayIn,
  Clock,
  contributionPeriodContaining,
  notFound,
  periodLabel,
  storedContributionTerms,
  storedDeadlinePolicy,
  type TaskState,
} from '@duban/domain';
import { queryPrepared } from '@duban/persistence';
import type { AuthenticatedUser } from '@duban/auth';
import { seesAllTasks, unitLinkedToTaskSql } from '../task-actor';
import { assertLinkedOrSeen } from '../cascade/cascade-visibility';
import type { ContributionStatus, ContributionView } from './contribution.view';

interface StoredRow {
  unit_id: string;
  unit_name: string;
  period_end: string;
  due_on: string;
  term_ends_at: string;
  status: 'due' | 'submitted' | 'returned';
  summary: string | null;
  evidence: { title: string; url?: string; attachmentId?: string; fileName?: string }[];
  submitted_at: string | null;
  returned_reason: string | null;
  returned_at: string | null;
  /** submitted by no one: the system filled it from a child plan's roll-up (CascadeContributionFill, `submitted_by` null) */
  filled: boolean;
}

interface TaskContributionsRow {
  linked: boolean;
  state: TaskState;
  deadline_policy: unknown;
  contribution_terms: unknown;
  supports: { unit_id: string; name: string }[];
  stored: StoredRow[];
}

/**
 * The task's contributions, with whether the user's unit ($2; NULL: the user sees every task) is linked to it. The unit
 * is hidden from the planner (`(SELECT $2)`): with it visible, each custom plan looked cheaper than the generic one and
 * PostgreSQL would plan the statement on every request — as it did for the access check's statement (its `= ANY($2)`
 * estimated at 10 tasks in a generic plan): 0.7 ms of planning for 0.15 ms of execution at a million tasks. A stored
 * contribution's unit name is read by the unit's key: a join let the planner, expecting hundreds of contributions per
 * task, hash every unit of the catalogue (2.4 of 2.8 ms at a million tasks). The contributions are read whether or not
 * the user sees the task: a refusal is rare, and they do not leave the api.
 */
const CONTRIBUTIONS_OF_TASK_SQL = `
  SELECT ${unitLinkedToTaskSql('t', '(SELECT $2::bigint)')} AS linked,
         t.state, p.deadline_policy, p.policy -> 'contributions' AS contribution_terms,
         COALESCE((SELECT json_agg(json_build_object('unit_id', tu.unit_id::text, 'name', u.name) ORDER BY tu.position)
                     FROM task_units tu JOIN units u ON u.id = tu.unit_id WHERE tu.task_id = t.id AND tu.role = 'support'), '[]') AS supports,
         COALESCE((SELECT json_agg(json_build_object('unit_id', c.unit_id::text, 'unit_name', (SELECT u.name FROM units u WHERE u.id = c.unit_id),
                                                     'period_end', c.period_end, 'due_on', c.due_on,
                                                     'term_ends_at', c.term_ends_at, 'status', c.status, 'summary', c.summary, 'evidence', c.evidence,
                                                     'submitted_at', c.submitted_at, 'returned_reason', c.returned_reason, 'returned_at', c.returned_at,
                                                     'filled', c.submitted_at IS NOT NULL AND c.submitted_by IS NULL))
                     FROM contributions c WHERE c.task_id = t.id), '[]') AS stored
    FROM tasks t JOIN plans p ON p.id = t.plan_id
   WHERE t.id = $1`;

const UNDER_WAY: ReadonlySet<TaskState> = new Set(['in_progress', 'rectify']);

/** `GET /tasks/:id/contributions`: every responsible unit's contribution per period, the one being gathered included. */
@Injectable()
export class ContributionReadService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * One statement, the access check included (TaskAccessService.assertVisible, then the read, were two round trips, the
   * first planned on every request). 404 when there is no such task; 403 `not_your_unit` when the user does not see it:
   * a unit not linked to the task is asked the cascade in a second statement (assertLinkedOrSeen, as assertVisible
   * does). The unique index on (task_id, unit_id, period_end) serves the task's rows. Newest period first, units in the
   * task's order. While the task is under way, the period being gathered (the earliest whose term still runs, else the
   * one containing today) lists every responsible unit, those that have not answered as `due`.
   */
  async list(user: AuthenticatedUser, taskId: string): Promise<ContributionView[]> {
    const unitId = seesAllTasks(user) ? null : user.unitId;
    const rows = await queryPrepared<TaskContributionsRow>(this.dataSource, CONTRIBUTIONS_OF_TASK_SQL, [taskId, unitId]);
    if (rows.length === 0) throw notFound('task_not_found', `task ${taskId} does not exist`);
    await assertLinkedOrSeen(this.dataSource.manager, unitId, taskId, rows[0].linked);
    const { state, deadline_policy: stored, contribution_terms: terms, supports, stored: contributions } = rows[0];
    const policy = storedDeadlinePolicy(stored);
    const now = this.clock.now();
    const today = calendarDayIn(now, this.config.planTimezone);

    const all: StoredRow[] = [...contributions];
    if (UNDER_WAY.has(state)) {
      const running = contributions.filter((row) => new Date(row.term_ends_at).getTime() > now.getTime());
      const earliest = running.sort((a, b) => a.period_end.localeCompare(b.period_end))[0];
      const gathering = earliest
        ? { periodEnd: earliest.period_end, dueOn: earliest.due_on }
        : contributionPeriodContaining(today, { timeZone: this.config.planTimezone, policy, terms: storedContributionTerms(terms) });
      const answered = new Set(contributions.filter((row) => row.period_end === gathering.periodEnd).map((row) => row.unit_id));
      for (const unit of supports.filter((support) => !answered.has(support.unit_id))) {
        all.push({
          unit_id: unit.unit_id,
          unit_name: unit.name,
          period_end: gathering.periodEnd,
          due_on: gathering.dueOn,
          term_ends_at: '',
          status: 'due',
          summary: null,
          evidence: [],
          submitted_at: null,
          returned_reason: null,
          returned_at: null,
          filled: false,
        });
      }
    }
    const position = new Map(supports.map((unit, index) => [unit.unit_id, index]));
    const rank = (unitId: string) => position.get(unitId) ?? supports.length;
    all.sort((a, b) => b.period_end.localeCompare(a.period_end) || rank(a.unit_id) - rank(b.unit_id) || Number(a.unit_id) - Number(b.unit_id));
    return all.map((row) => this.toView(row, today, policy.reporting.period));
  }

  private toView(row: StoredRow, today: string, period: 'quarterly' | 'monthly'): ContributionView {
    const status: ContributionStatus = row.status !== 'submitted' && row.due_on < today ? 'overdue' : row.status;
    return {
      unitId: row.unit_id,
      unitName: row.unit_name,
      period: row.period_end,
      periodLabel: periodLabel(row.period_end, period),
      dueOn: row.due_on,
      status,
      ...(row.summary === null ? {} : { summary: row.summary, evidence: row.evidence }),
      ...(row.submitted_at === null ? {} : { at: new Date(row.submitted_at).toISOString() }),
      ...(row.returned_reason === null ? {} : { returnedReason: row.returned_reason, returnedAt: new Date(row.returned_at as string).toISOString() }),
      ...(row.filled ? { filled: true } : {}),
    };
  }
}
