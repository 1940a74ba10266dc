import type { INestApplicationContext } from '@nestjs/common';
import { MilestoneCheckService, type MilestoneCheckView } from '@duban/clock';
import { demoActors } from './demo-actors';

export interface ReplaySummary {
  planId: string;
  checks: MilestoneCheckView[];
  ladder: Record<string, number>;
  closedOnTime: number[];
  rectified: number;
}

/**
 * A year and more of one plan, on the simulated clock: some tasks are done on time, one is late
 * (the 2022 task), one goes through a round of rectification; then the clock runs through the
 * 2022-12-31 and 2025-12-31 milestones, firing every reminder, ladder step and check on its day.
 */
export async function runDemoReplay(app: INestApplicationContext, say: (line: string) => void): Promise<ReplaySummary> {
  const { dataSource, planId, tasks, inspector, leadOfficer, send, evidence, submitOrder, on } = await demoActors(app, say);

  await on('2021-01-11', 'the lead units start tasks 1–10, 25, 28 and 35');
  for (const seq of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 25, 28, 35]) await send(seq, await leadOfficer(seq), 'START');

  const [literacy] = await dataSource.query<{ id: string }[]>(`SELECT id::text FROM targets WHERE task_id = $1 ORDER BY position LIMIT 1`, [tasks.get(28)]);
  await on('2021-04-08', 'first-quarter progress reports, with the health-literacy indicator');
  for (const seq of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 25]) await send(seq, await leadOfficer(seq), 'REPORT_PROGRESS', { percent: 30, summary: '按计划推进' });
  await send(28, await leadOfficer(28), 'REPORT_PROGRESS', {
    percent: 30,
    summary: '开展健康素养巡讲',
    indicators: [{ targetId: literacy.id, value: 22.6, asOf: '2021-03-31' }],
  });

  await on('2021-06-20', 'tasks 1–10 are self-assessed with evidence');
  for (let seq = 1; seq <= 10; seq += 1) {
    const officer = await leadOfficer(seq);
    await send(seq, officer, 'SUBMIT_SELF_ASSESSMENT', {
      rating: 'completed',
      summary: '已完成',
      evidence: await evidence(seq, officer, `第${seq}项工作总结.pdf`),
    });
  }
  const lead28 = await leadOfficer(28);
  await send(28, lead28, 'SUBMIT_SELF_ASSESSMENT', {
    rating: 'basically_completed',
    summary: '基本完成',
    evidence: await evidence(28, lead28, '第28项工作总结.pdf'),
  });

  await on('2021-07-05', 'the inspectors pass and close tasks 1–10, and fail task 28');
  for (let seq = 1; seq <= 10; seq += 1) {
    await send(seq, inspector, 'INSPECT', { verdict: 'pass', findings: '资料齐全' });
    await send(seq, inspector, 'CLOSE', { comment: '销号' });
  }
  await send(28, inspector, 'INSPECT', { verdict: 'fail', findings: '公共场所AED配置不足' });
  const [banner] = await dataSource.query<{ id: string }[]>(`SELECT id::text FROM units WHERE name = '东胜区人民政府'`);
  const [leadUnit] = await dataSource.query<{ id: string }[]>(`SELECT unit_id::text AS id FROM task_units WHERE task_id = $1 AND role = 'lead'`, [
    tasks.get(28),
  ]);
  await send(28, inspector, 'ORDER_RECTIFICATION', {
    findings: '公共场所AED配置不足',
    requiredActions: '补齐AED并报送清单',
    dueAt: '2021-08-31',
    addressedUnitIds: [leadUnit.id, banner.id],
  });

  await on('2021-08-20', 'both addressed units submit their rectification');
  const round = await dataSource.query<{ id: string; unit_id: string }[]>(`SELECT id::text, unit_id::text FROM rectification_orders WHERE task_id = $1`, [
    tasks.get(28),
  ]);
  for (const order of round) await submitOrder(order.id, order.unit_id, 28, '已补齐AED设置', 'AED配置清单.pdf');

  await on('2021-09-01', 'task 28 passes its re-inspection and is closed');
  await send(28, inspector, 'INSPECT', { verdict: 'pass', findings: '整改到位' });
  await send(28, inspector, 'CLOSE', { comment: '整改后销号' });

  await on('2022-12-31', 'the last day of the 2022 milestone; task 35 is still open');
  await on('2023-01-01', 'the 2022 milestone check has run');
  await on('2023-03-01', 'the ladder has climbed for task 35');
  await on('2026-01-01', 'the 2025 milestone check has run');

  const checks: MilestoneCheckView[] = [];
  for (const { id } of await dataSource.query<{ id: string }[]>(`SELECT id::text FROM milestone_checks WHERE plan_id = $1 ORDER BY as_of`, [planId])) {
    checks.push(await app.get(MilestoneCheckService).get(id));
  }
  for (const check of checks) {
    say('');
    say(`milestone check as of ${check.asOf} (${check.trigger}): ${check.counts.due} tasks due, ${check.overdueTaskCount} not closed`);
    say(
      `  by state: ${Object.entries(check.counts.byState)
        .map(([state, n]) => `${state} ${n}`)
        .join(', ')}`,
    );
    for (const unit of check.byLeadUnit.filter((u) => u.failed > 0).slice(0, 8)) say(`  ${unit.name}: ${unit.failed} of ${unit.due} not closed`);
    for (const target of check.targets)
      say(`  target (task ${target.seq}) ${target.indicator}: ${target.met === null ? 'no data' : target.met ? 'attained' : 'not attained'}`);
  }

  const steps: { step: string; n: number }[] = await dataSource.query(
    `SELECT COALESCE(payload->>'step', kind) AS step, count(*)::int AS n FROM inbox_items WHERE kind IN ('notice', 'interview') GROUP BY 1 ORDER BY 1`,
  );
  const ladder = Object.fromEntries(steps.map((s) => [s.step, s.n]));
  say('');
  say(`notices and items raised by the clock, by step: ${steps.map((s) => `${s.step} ${s.n}`).join(', ')}`);
  const closedOnTime = (
    await dataSource.query<{ seq: number }[]>(`SELECT seq FROM tasks WHERE plan_id = $1 AND state = 'closed' AND NOT overdue ORDER BY seq`, [planId])
  ).map((r) => r.seq);
  const [{ n: rectified }]: { n: number }[] = await dataSource.query(`SELECT count(*)::int AS n FROM rectification_orders WHERE state = 'accepted'`);
  say(`closed on time: tasks ${closedOnTime.join(', ')}; rectification orders accepted: ${rectified}`);
  return { planId, checks, ladder, closedOnTime, rectified };
}
