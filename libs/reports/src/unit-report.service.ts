import { Injectable } from '@nestjs/common';
import { onTimeRate, parseScorePolicy, rankUnits, unitScore, invalid } from '@duban/domain';
import type { UnitReport, UnitScoreRow } from './unit-report.view';
import { ReportScopeService } from './report-scope.service';

type UnitCounts = Omit<UnitScoreRow, 'rank' | 'onTimeRate' | 'score'>;

/**
 * `GET /reports/units` (考核): per unit of the plan over [from, to], counted in one statement with
 * GROUP BY per measure; the score is `unitScore` of libs/domain with the request's weights.
 */
@Injectable()
export class UnitReportService {
  constructor(private readonly scope: ReportScopeService) {}

  async units(planId: string, from: string | undefined, to: string | undefined, weights: string | undefined): Promise<UnitReport> {
    const plan = await this.scope.plan(planId);
    const parsed = parseScorePolicy(weights);
    if (!parsed.ok) throw invalid('invalid_query', ...parsed.errors);
    const today = this.scope.today();
    const period = { from: from ?? plan.planStart, to: to ?? today };
    if (period.from > period.to) throw invalid('invalid_query', `from (${period.from}) must not be after to (${period.to})`);
    // a task is overdue on a day only once that day has come
    const upto = period.to < today ? period.to : today;
    const rows: UnitCounts[] = await this.scope.dataSource.query(
      `WITH bounds AS (
         SELECT ($2::date)::timestamp AT TIME ZONE $5 AS starts, ($3::date + 1)::timestamp AT TIME ZONE $5 AS ends,
                $2::date AS from_day, $3::date AS to_day, $4::date AS upto, $5::text AS zone
       ), links AS (
         SELECT tu.unit_id, tu.role, t.id, t.state, t.due_on
           FROM task_units tu JOIN tasks t ON t.id = tu.task_id WHERE t.plan_id = $1 AND t.state <> 'cancelled'
       ), closes AS (
         -- the inspector's CLOSE, or the last step of a close-out chain (APPROVE_CLOSE)
         SELECT e.task_id, max(e.at) AS closed_at FROM task_events e JOIN tasks t ON t.id = e.task_id
          WHERE t.plan_id = $1 AND e.to_state = 'closed' AND e.from_state <> 'closed' GROUP BY e.task_id
       ), led AS (
         SELECT l.unit_id,
                count(*) FILTER (WHERE l.role = 'lead') AS tasks_led,
                count(*) FILTER (WHERE l.role = 'support') AS tasks_supported,
                count(*) FILTER (WHERE l.role = 'lead' AND l.due_on BETWEEN b.from_day AND b.to_day) AS due_in_period,
                count(*) FILTER (WHERE l.role = 'lead' AND l.due_on BETWEEN b.from_day AND b.to_day AND l.state = 'closed'
                                   AND c.closed_at < (l.due_on + 1)::timestamp AT TIME ZONE b.zone) AS closed_on_time,
                count(*) FILTER (WHERE l.role = 'lead' AND l.due_on < b.upto
                                   AND NOT (l.state = 'closed' AND c.closed_at < (b.upto + 1)::timestamp AT TIME ZONE b.zone)) AS overdue_tasks,
                COALESCE(sum(b.upto - l.due_on) FILTER (WHERE l.role = 'lead' AND l.due_on < b.upto
                                   AND NOT (l.state = 'closed' AND c.closed_at < (b.upto + 1)::timestamp AT TIME ZONE b.zone)), 0) AS overdue_days
           FROM links l CROSS JOIN bounds b LEFT JOIN closes c ON c.task_id = l.id
          GROUP BY l.unit_id
       ), orders AS (
         SELECT o.unit_id, count(*) AS orders_received
           FROM rectification_orders o JOIN tasks t ON t.id = o.task_id CROSS JOIN bounds b
          WHERE t.plan_id = $1 AND o.issued_at >= b.starts AND o.issued_at < b.ends GROUP BY o.unit_id
       ), answers AS (
         SELECT (e.payload ->> 'unitId')::bigint AS unit_id,
                count(*) FILTER (WHERE e.type = 'ORDER_SUBMITTED') AS orders_answered,
                count(*) FILTER (WHERE e.type = 'ORDER_RETURNED') AS orders_sent_back
           FROM task_events e JOIN tasks t ON t.id = e.task_id CROSS JOIN bounds b
          WHERE t.plan_id = $1 AND e.type IN ('ORDER_SUBMITTED', 'ORDER_RETURNED') AND e.at >= b.starts AND e.at < b.ends
          GROUP BY 1
       ), requests AS (
         SELECT e.actor_unit_id AS unit_id, count(*) AS extensions_requested
           FROM task_events e JOIN tasks t ON t.id = e.task_id CROSS JOIN bounds b
          WHERE t.plan_id = $1 AND e.type = 'REQUEST_EXTENSION' AND e.at >= b.starts AND e.at < b.ends GROUP BY e.actor_unit_id
       ), grants AS (
         SELECT tu.unit_id, count(*) AS extensions_granted
           FROM task_events e JOIN tasks t ON t.id = e.task_id JOIN task_units tu ON tu.task_id = e.task_id AND tu.role = 'lead' CROSS JOIN bounds b
          WHERE t.plan_id = $1 AND e.type IN ('APPROVE_EXTENSION', 'GRANT_EXTENSION') AND e.at >= b.starts AND e.at < b.ends GROUP BY tu.unit_id
       ), reports AS (
         SELECT i.unit_id, count(*) AS missing_reports
           FROM inbox_items i JOIN tasks t ON t.id = i.task_id CROSS JOIN bounds b
          WHERE t.plan_id = $1 AND i.kind = 'report_progress' AND i.due_on >= b.from_day AND i.due_on < b.upto
            AND (i.status = 'open' OR i.done_at >= (i.due_on + 1)::timestamp AT TIME ZONE b.zone)
          GROUP BY i.unit_id
       ), contributions_missed AS (
         SELECT c.unit_id, count(*) AS missing_contributions
           FROM contributions c JOIN tasks t ON t.id = c.task_id CROSS JOIN bounds b
          WHERE t.plan_id = $1 AND c.due_on >= b.from_day AND c.due_on < b.upto
            AND (c.status <> 'submitted' OR c.submitted_at >= (c.due_on + 1)::timestamp AT TIME ZONE b.zone)
          GROUP BY c.unit_id
       ), graded AS (
         SELECT tu.unit_id,
                count(*) FILTER (WHERE e.payload ->> 'grade' = '优秀') AS excellent, count(*) FILTER (WHERE e.payload ->> 'grade' = '良好') AS good,
                count(*) FILTER (WHERE e.payload ->> 'grade' = '合格') AS pass, count(*) FILTER (WHERE e.payload ->> 'grade' = '不合格') AS failing
           FROM task_events e JOIN tasks t ON t.id = e.task_id JOIN task_units tu ON tu.task_id = e.task_id AND tu.role = 'lead' CROSS JOIN bounds b
          WHERE t.plan_id = $1 AND e.type = 'APPROVE_CLOSE' AND e.to_state = 'closed' AND e.at >= b.starts AND e.at < b.ends
          GROUP BY tu.unit_id
       ), units_of_plan AS (
         SELECT unit_id FROM led UNION SELECT unit_id FROM orders UNION SELECT unit_id FROM answers UNION SELECT unit_id FROM reports
       )
       SELECT u.id::text AS "unitId", u.name,
              COALESCE(led.tasks_led, 0)::int AS "tasksLed", COALESCE(led.tasks_supported, 0)::int AS "tasksSupported",
              COALESCE(led.due_in_period, 0)::int AS "dueInPeriod", COALESCE(led.closed_on_time, 0)::int AS "closedOnTime",
              COALESCE(led.overdue_tasks, 0)::int AS "overdueTasks", COALESCE(led.overdue_days, 0)::int AS "overdueDays",
              COALESCE(orders.orders_received, 0)::int AS "ordersReceived", COALESCE(answers.orders_answered, 0)::int AS "ordersAnswered",
              COALESCE(answers.orders_sent_back, 0)::int AS "ordersSentBack",
              COALESCE(requests.extensions_requested, 0)::int AS "extensionsRequested", COALESCE(grants.extensions_granted, 0)::int AS "extensionsGranted",
              COALESCE(reports.missing_reports, 0)::int AS "missingReports",
              COALESCE(contributions_missed.missing_contributions, 0)::int AS "missingContributions",
              COALESCE(graded.excellent, 0)::int AS "gradedExcellent", COALESCE(graded.good, 0)::int AS "gradedGood",
              COALESCE(graded.pass, 0)::int AS "gradedPass", COALESCE(graded.failing, 0)::int AS "gradedFailing"
         FROM units_of_plan p JOIN units u ON u.id = p.unit_id
         LEFT JOIN led ON led.unit_id = p.unit_id LEFT JOIN orders ON orders.unit_id = p.unit_id
         LEFT JOIN answers ON answers.unit_id = p.unit_id LEFT JOIN requests ON requests.unit_id = p.unit_id
         LEFT JOIN grants ON grants.unit_id = p.unit_id LEFT JOIN reports ON reports.unit_id = p.unit_id
         LEFT JOIN contributions_missed ON contributions_missed.unit_id = p.unit_id LEFT JOIN graded ON graded.unit_id = p.unit_id`,
      [planId, period.from, period.to, upto, this.scope.timeZone],
    );
    const scored = rows.map((row) => {
      const rate = onTimeRate(row);
      return { ...row, onTimeRate: rate === null ? null : Math.round(rate * 1000) / 1000, score: unitScore(row, parsed.policy) };
    });
    const units = rankUnits(scored).map(({ rank, ...row }): UnitScoreRow => ({ rank, ...row }));
    return { planId, from: period.from, to: period.to, policy: { ...parsed.policy }, units };
  }
}
