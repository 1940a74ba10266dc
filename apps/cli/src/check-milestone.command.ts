import { parseArgs } from 'node:util';
import { isCalendarDay } from '@duban/domain';
import { MilestoneCheckService } from '@duban/clock';
import { runCommand, UsageError } from './cli-context';

const USAGE = 'usage: npm run check:milestone -- --plan <planId> --as-of YYYY-MM-DD [--json]';

void runCommand('check:milestone', async (context) => {
  const { values } = parseArgs({ options: { plan: { type: 'string' }, 'as-of': { type: 'string' }, json: { type: 'boolean', default: false } } });
  if (!values.plan || !/^[1-9]\d*$/.test(values.plan) || !isCalendarDay(values['as-of'])) throw new UsageError(USAGE);
  const checks = context.get(MilestoneCheckService);
  const report = await checks.get(await checks.run(values.plan, values['as-of'], 'cli', null));
  if (values.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  process.stdout.write(
    `milestone check ${report.checkId} of plan ${report.planId} as of ${report.asOf}: ${report.counts.due} tasks due, ${report.overdueTaskCount} not closed, ${report.counts.flagged} newly marked overdue\n`,
  );
  process.stdout.write(
    `by state: ${Object.entries(report.counts.byState)
      .map(([state, n]) => `${state} ${n}`)
      .join(', ')}\n`,
  );
  for (const unit of report.byLeadUnit.filter((u) => u.failed > 0)) process.stdout.write(`  ${unit.name}: ${unit.failed} of ${unit.due} not closed\n`);
  for (const target of report.targets) {
    const verdict = target.met === null ? 'no data' : target.met ? 'attained' : 'not attained';
    process.stdout.write(
      `  target (task ${target.seq}) ${target.indicator} ${target.comparator} ${target.value}${target.unit}: ${verdict}${target.latest ? ` (latest ${target.latest.value} on ${target.latest.asOf})` : ''}\n`,
    );
  }
});
