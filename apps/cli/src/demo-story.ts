import type { INestApplicationContext } from '@nestjs/common';
import { demoActors } from './demo-actors';

/** The simulated day the demo opens on: the middle of the seed plan (2021–2025). */
export const DEMO_DAY = '2023-03-15';

export interface DemoStory {
  planId: string;
  /** the lead officer of task 28 (in rectification) and other tasks under way: the lead unit's view */
  leadOfficer: string;
  /** tasks by state on the demo day */
  byState: Record<string, number>;
}

const QUARTER_REPORT_DAYS = ['2021-04-06', '2021-07-06', '2021-10-11', '2022-01-05', '2022-04-06', '2022-07-05', '2022-10-10', '2023-01-05'];
/** started in January 2021 and reported every quarter (1–10 are closed in mid-2021) */
const EARLY = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 25, 28, 35];
/** started in spring 2022 */
const LATER = [16, 17, 18, 19, 20, 21, 22];
/** they let the 2022 fourth-quarter report slip: yellow on the demo day */
const SLIPPING = [18, 21];

/**
 * The seed plan from 2021-01-01 to the demo day, through the real services on the simulated clock
 * (every reminder, ladder step and milestone check fires on its day): tasks closed on time, tasks
 * under way with quarterly reports and the health-literacy indicator, the responsible units'
 * contributions, a failed inspection whose rectification is under way, one whose order is late, an
 * extension granted, the 2022 task overdue on the ladder and the 2022 milestone check done.
 */
export async function runDemoStory(app: INestApplicationContext, say: (line: string) => void): Promise<DemoStory> {
  const { dataSource, planId, tasks, users, inspector, leadOfficer, officerOf, send, evidence, submitOrder, assignHandlers, on } = await demoActors(app, say);
  const [literacy] = await dataSource.query<{ id: string }[]>(`SELECT id::text FROM targets WHERE task_id = $1 ORDER BY position LIMIT 1`, [tasks.get(28)]);
  const [banner] = await dataSource.query<{ id: string }[]>(`SELECT id::text FROM units WHERE name = '东胜区人民政府'`);
  const unitsOf = async (seq: number, role: 'lead' | 'support'): Promise<string[]> =>
    (
      await dataSource.query<{ id: string }[]>(`SELECT unit_id::text AS id FROM task_units WHERE task_id = $1 AND role = $2 ORDER BY position`, [
        tasks.get(seq),
        role,
      ])
    ).map((row) => row.id);
  const selfAssess = async (seq: number, rating = 'completed') => {
    const officer = await leadOfficer(seq);
    await send(seq, officer, 'SUBMIT_SELF_ASSESSMENT', { rating, summary: '已按要求完成', evidence: await evidence(seq, officer, `第${seq}项工作总结.pdf`) });
  };
  const underWay = new Set<number>();
  const report = async (quarter: number) => {
    for (const seq of [...underWay].sort((a, b) => a - b)) {
      if (quarter === QUARTER_REPORT_DAYS.length - 1 && SLIPPING.includes(seq)) continue;
      const percent = Math.min(90, 15 + quarter * 10 + (seq % 5) * 3);
      const indicators = seq === 28 ? [{ targetId: literacy.id, value: 20 + quarter * 0.8, asOf: QUARTER_REPORT_DAYS[quarter].replace(/-\d\d$/, '-01') }] : [];
      await send(seq, await leadOfficer(seq), 'REPORT_PROGRESS', {
        percent,
        summary: `按计划推进，累计完成${percent}%`,
        ...(indicators.length ? { indicators } : {}),
      });
    }
  };

  await on('2021-01-11', `the lead units start tasks ${EARLY.join(', ')}`);
  for (const seq of EARLY) {
    await send(seq, await leadOfficer(seq), 'START');
    underWay.add(seq);
  }
  await on(QUARTER_REPORT_DAYS[0], 'first-quarter progress reports, with the health-literacy indicator');
  await report(0);

  await on('2021-06-20', 'tasks 1–10 are self-assessed with evidence');
  for (let seq = 1; seq <= 10; seq += 1) await selfAssess(seq);
  await on('2021-07-05', 'the inspectors pass and close tasks 1–10');
  for (let seq = 1; seq <= 10; seq += 1) {
    await send(seq, inspector, 'INSPECT', { verdict: 'pass', findings: '资料齐全，成效明显' });
    await send(seq, inspector, 'CLOSE', { comment: '按期销号' });
    underWay.delete(seq);
  }

  for (let quarter = 1; quarter < QUARTER_REPORT_DAYS.length; quarter += 1) {
    if (quarter === 4) {
      await on('2022-03-14', `the lead units start tasks ${LATER.join(', ')}`);
      for (const seq of LATER) {
        await send(seq, await leadOfficer(seq), 'START');
        underWay.add(seq);
      }
    }
    if (quarter === 6) {
      await on('2022-08-22', 'task 14 asks for more time, the supervising office grants it');
      await send(14, await leadOfficer(14), 'REQUEST_EXTENSION', { proposedDueAt: '2026-06-30', reason: '涉及跨年度建设项目，需延长工期' });
      await send(14, inspector, 'APPROVE_EXTENSION');
    }
    if (quarter === 7) {
      await on('2022-11-15', 'task 13 is self-assessed, fails its inspection and gets a rectification order due 2023-01-31');
      await selfAssess(13, 'basically_completed');
      await send(13, inspector, 'INSPECT', { verdict: 'fail', findings: '部分旗区病媒生物防制台账缺失' });
      await send(13, inspector, 'ORDER_RECTIFICATION', {
        findings: '部分旗区病媒生物防制台账缺失',
        requiredActions: '补齐台账并报送整改报告',
        dueAt: '2023-01-31',
        addressedUnitIds: (await unitsOf(13, 'lead')).slice(0, 1),
      });
      underWay.delete(13);
    }
    await on(QUARTER_REPORT_DAYS[quarter], `progress reports for the quarter${quarter === 7 ? `; tasks ${SLIPPING.join(', ')} let theirs slip` : ''}`);
    await report(quarter);
  }

  await on('2023-01-06', 'the responsible units answer for the fourth quarter of 2022');
  for (const seq of [11, 12, 15, 16, 17]) {
    for (const unitId of (await unitsOf(seq, 'support')).slice(0, 3)) {
      const officer = officerOfOrNull(officerOf, unitId);
      if (officer) await send(seq, officer, 'CONTRIBUTE', { summary: '本单位配合事项已按季度完成并报送' });
    }
  }

  await on('2023-02-10', 'task 28 is self-assessed; task 12 too');
  await selfAssess(28, 'basically_completed');
  await selfAssess(12);
  await on('2023-02-20', 'task 12 passes and is closed; task 28 fails and gets a rectification order to its lead unit and 东胜区');
  await send(12, inspector, 'INSPECT', { verdict: 'pass', findings: '资料齐全' });
  await send(12, inspector, 'CLOSE', { comment: '提前完成，销号' });
  await send(28, inspector, 'INSPECT', { verdict: 'fail', findings: '公共场所AED配置不足' });
  await send(28, inspector, 'ORDER_RECTIFICATION', {
    findings: '公共场所AED配置不足',
    requiredActions: '补齐AED并报送清单',
    dueAt: '2023-04-10',
    addressedUnitIds: [(await unitsOf(28, 'lead'))[0], banner.id],
  });
  underWay.delete(12);
  underWay.delete(28);

  await on('2023-03-10', 'the lead unit of task 28 submits its rectification; 东胜区 has not yet');
  const [order]: { id: string; unit_id: string }[] = await dataSource.query(
    `SELECT id::text, unit_id::text FROM rectification_orders WHERE task_id = $1 AND unit_id <> $2 ORDER BY id DESC LIMIT 1`,
    [tasks.get(28), banner.id],
  );
  await submitOrder(order.id, order.unit_id, 28, '已补齐AED设置', 'AED配置清单.pdf');
  // the heads name who handles task 28's rectification (承办人): the people the inbox and the trail name
  for (const head of ['weijian.head', 'dongsheng.head']) {
    const user = users.get(head);
    const officer = user?.unitId ? officerOf(user.unitId) : null;
    if (user && officer) await assignHandlers(28, user, [officer.id]);
  }

  await on(DEMO_DAY, 'the demo day');
  const rows: { state: string; n: number }[] = await dataSource.query(
    `SELECT state, count(*)::int AS n FROM tasks WHERE plan_id = $1 GROUP BY state ORDER BY state`,
    [planId],
  );
  return { planId, leadOfficer: (await leadOfficer(28)).username, byState: Object.fromEntries(rows.map((row) => [row.state, row.n])) };
}

function officerOfOrNull<T>(officerOf: (unitId: string) => T, unitId: string): T | null {
  try {
    return officerOf(unitId);
  } catch {
    return null;
  }
}
