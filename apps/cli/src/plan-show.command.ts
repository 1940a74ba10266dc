import { parseArgs } from 'node:util';
import { PlansService } from '@duban/plans';
import { TaskReadService } from '@duban/tasks';
import { runCommand, UsageError } from './cli-context';

void runCommand('plan:show', async (context) => {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { json: { type: 'boolean', default: false } } });
  if (positionals.length !== 1 || !/^[1-9]\d*$/.test(positionals[0])) throw new UsageError('usage: npm run plan:show -- <planId> [--json]');
  const planId = positionals[0];
  const plans = context.get(PlansService);
  const tasks = context.get(TaskReadService);
  try {
    await plans.assertExists(planId);
  } catch {
    throw new UsageError(`plan ${planId} does not exist`);
  }
  const list = await tasks.findByPlan(planId);
  if (values.json) {
    process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
    return;
  }
  const plan = await plans.get(planId);
  process.stdout.write(`${plan.name} (${plan.jurisdiction}, ${plan.planStart} – ${plan.planEnd}), ${list.length} tasks\n`);
  let section = '';
  for (const task of list) {
    if (task.section.title !== section) {
      section = task.section.title;
      process.stdout.write(`\n${section}\n`);
    }
    const leads = task.leadUnits.map((u) => u.name).join('、');
    process.stdout.write(
      `  ${String(task.seq).padStart(3)}  ${task.state.padEnd(13)} ${(task.light ?? '—').padEnd(6)} due ${task.dueAt}  ${leads}  (+${task.supportUnits.length} support)\n`,
    );
  }
});
