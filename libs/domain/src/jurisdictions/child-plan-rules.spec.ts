import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { UnitCatalogue } from '../plan-import/plan-import.types';
import { importPlan } from '../plan-import/plan-importer';
import { checkChildPlan, parentSeqsOf } from './child-plan-rules';

const fixtures = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'cascade');
const dongsheng = JSON.parse(readFileSync(join(fixtures, 'dongsheng-catalogue.json'), 'utf8')) as UnitCatalogue;
const child = { name: '东胜区', parent: '鄂尔多斯市', governmentUnitId: '9', governmentUnitName: '东胜区人民政府' };
const task28 = { id: '28', seq: 28, planId: '1', planJurisdiction: '鄂尔多斯市', unitIds: ['3', '9'] };

describe('a child plan’s parent tasks', () => {
  it('answers the parent plan when the district is directly below it and a unit of every task', () => {
    expect(checkChildPlan(child, ['28'], [task28])).toBe('1');
  });

  it('refuses what does not fit, each with its code and params', () => {
    const codeOf = (result: unknown) => (result as { code: string; extra: { params: Record<string, string> } }).code;
    expect(codeOf(checkChildPlan(child, ['28', '99'], [task28]))).toBe('parent_task_invalid');
    expect(codeOf(checkChildPlan(child, ['28', '30'], [task28, { ...task28, id: '30', planId: '2' }]))).toBe('parent_task_invalid');
    expect(codeOf(checkChildPlan({ ...child, parent: null, governmentUnitId: null }, ['28'], [task28]))).toBe('jurisdiction_not_below');
    const notServed = checkChildPlan(child, ['28'], [{ ...task28, unitIds: ['3'] }]);
    expect(notServed).toMatchObject({ code: 'parent_task_not_served', extra: { params: { unit: '东胜区人民政府', seqs: '28' } } });
  });

  it('reads the seqs a parent cell names, and the parent column of a table', () => {
    expect(parentSeqsOf('第28项')).toEqual([28]);
    expect(parentSeqsOf('28、30，28')).toEqual([28, 30]);
    expect(parentSeqsOf('（２８）')).toEqual([28]);
    expect(parentSeqsOf('')).toEqual([]);
    const table = readFileSync(join(fixtures, 'dongsheng-by-row.tsv'), 'utf8');
    const result = importPlan(table, { catalogue: dongsheng, jurisdiction: '东胜区', today: '2021-03-01' });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const tasks = result.plan.sections.flatMap((section) => section.workItems.flatMap((item) => item.tasks));
    expect(tasks.map((task) => task.parentText)).toEqual(['第28项', '1']);
    expect(tasks[0].supports).toHaveLength(12);
  });
});
