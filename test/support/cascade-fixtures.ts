import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestApp } from './test-app';

/** The cascade's tables and catalogues (docs/cascade.md): Dongsheng district below the seed's city. */
export const CASCADE_FIXTURES = join(__dirname, '..', 'fixtures', 'cascade');
/** Dongsheng district's own catalogue: its government's departments, streets and towns. */
export const DONGSHENG_CATALOGUE = readFileSync(join(CASCADE_FIXTURES, 'dongsheng-catalogue.json'), 'utf8');
/** Dongsheng district's own table for its share of the city's task 28: three rows, its departments leading, its streets and towns responsible. */
export const DONGSHENG_TABLE = readFileSync(join(CASCADE_FIXTURES, 'dongsheng-task-28-share.tsv'), 'utf8');
/** The password of the users the cascade's tests create in Dongsheng's units. */
export const DONGSHENG_PASSWORD = 'Dongsheng-cascade-2021';

/** Imports Dongsheng's table as the child plan serving the city plan's task 28 (as `adminToken`); answers the plan and its tasks in table order. */
export async function importDongshengShare(t: TestApp, adminToken: string, cityPlanId: string): Promise<{ planId: string; taskIds: string[] }> {
  const imported = await t.http
    .post('/api/v1/plans/import')
    .set('Authorization', `Bearer ${adminToken}`)
    .send({ content: DONGSHENG_TABLE, jurisdiction: '东胜区', parentPlanId: cityPlanId, parentTaskSeqs: [28], planStart: '2021-03-01' })
    .expect(200);
  const planId = imported.body.planId as string;
  const [rows]: { ids: string[] }[] = await t.dataSource.query('SELECT array_agg(id::text ORDER BY seq) AS ids FROM tasks WHERE plan_id = $1', [planId]);
  return { planId, taskIds: rows.ids };
}
