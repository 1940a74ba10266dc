import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DomainError } from '@duban/domain';
import { PlanImportRefused, PlanImportService } from '@duban/plans';
import { runCommand, UsageError } from './cli-context';

const USAGE =
  'usage: npm run plan:import -- <file: text, .docx, .xlsx, .doc, .xls, .wps, .et> [--json] [--dry-run] [--skip-invalid] [--name NAME] [--jurisdiction NAME] ' +
  '[--format auto|tsv|csv|pipe|spaces|list] [--plan-start YYYY-MM-DD] [--plan-end YYYY-MM-DD] [--parent-plan <planId> --parent-task <seq>[,<seq>…]]';
const FORMATS = ['auto', 'tsv', 'csv', 'pipe', 'spaces', 'list'] as const;

void runCommand('plan:import', async (context) => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      'skip-invalid': { type: 'boolean', default: false },
      name: { type: 'string' },
      jurisdiction: { type: 'string' },
      format: { type: 'string', default: 'auto' },
      'plan-start': { type: 'string' },
      'plan-end': { type: 'string' },
      'parent-plan': { type: 'string' },
      'parent-task': { type: 'string' },
    },
  });
  if (positionals.length !== 1) throw new UsageError(USAGE);
  const format = FORMATS.find((f) => f === values.format);
  if (!format) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  const parentPlanId = values['parent-plan'];
  const parentTaskSeqs = values['parent-task']?.split(',').map((seq) => Number(seq.trim()));
  if (parentPlanId !== undefined && !/^[1-9]\d*$/.test(parentPlanId)) throw new UsageError('--parent-plan must be a plan id');
  if ((parentPlanId === undefined) !== (parentTaskSeqs === undefined) || parentTaskSeqs?.some((seq) => !Number.isInteger(seq) || seq < 1)) {
    throw new UsageError('--parent-plan <planId> and --parent-task <seq>[,<seq>…] (the parent plan’s tasks the rows serve) go together');
  }
  const file = positionals[0];
  let buffer: Buffer;
  try {
    buffer = readFileSync(file);
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }

  try {
    const result = await context.get(PlanImportService).importUpload({
      bytes: buffer,
      fileName: file,
      dryRun: values['dry-run'],
      skipInvalid: values['skip-invalid'],
      name: values.name,
      jurisdiction: values.jurisdiction,
      format,
      planStart: values['plan-start'],
      planEnd: values['plan-end'],
      parentPlanId,
      parentTaskSeqs,
    });
    if (values.json) {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    } else {
      const c = result.created;
      const counts = `${c.sections} sections, ${c.workItems} work items, ${c.tasks} tasks, ${c.units} new unverified units`;
      process.stdout.write(
        result.dryRun && result.planId === null
          ? `${file} would be imported (dry run, nothing written): ${counts}\n`
          : result.createdPlan
            ? `imported ${file} as plan ${result.planId}: ${counts}\n`
            : `${file} was imported before as plan ${result.planId}; nothing created\n`,
      );
      for (const warning of result.warnings) process.stdout.write(`${file}:${located(warning)}: warning: ${warning.message}\n`);
      for (const row of result.skipped) process.stdout.write(`${file}:${located(row)}: skipped: ${row.message}\n`);
    }
    return 0;
  } catch (error) {
    if (error instanceof PlanImportRefused) {
      for (const problem of error.errors) process.stderr.write(`${file}${problem.line > 0 ? `:${located(problem)}` : ''}: error: ${problem.message}\n`);
      process.stderr.write(`plan:import: ${file} was not imported; nothing was written\n`);
      return 1;
    }
    if (error instanceof DomainError && error.kind === 'invalid') {
      for (const message of error.reasons) process.stderr.write(`${file}: error: ${message}\n`);
      return 1;
    }
    throw error;
  }
});

/** `12`, or `12 (表2第5行)` for a row of a Word or Excel file. */
function located(item: { line: number; where?: string }): string {
  return item.where === undefined ? String(item.line) : `${String(item.line)} (${item.where})`;
}
