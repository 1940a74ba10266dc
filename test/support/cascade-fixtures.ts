import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { planLookups, SEED_TABLE, seedUnitsAndUsers } from './seed-helpers';
import { loginAs, type TestApp } from './test-app';

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

/**
 * The story the cascade's roll-up and fill tests start from: the seed's units, users and table imported as the city plan,
 * Dongsheng's catalogue, its health commission's officer `ds.weijian` and Dongsheng's share of task 28 imported. Logs in
 * `usernames` (seed users) and `ds.weijian`, their tokens put in `tokens`.
 */
export async function cityWithDongshengShare(
  t: TestApp,
  tokens: Record<string, string>,
  usernames: readonly string[],
): Promise<{ cityPlanId: string; taskId: (seq: number) => string; unitIdOf: (name: string) => string; childTaskIds: string[] }> {
  await seedUnitsAndUsers(t);
  for (const username of ['admin', ...usernames]) tokens[username] = await loginAs(t.http, username);
  const asAdmin = (path: string, body: object) => t.http.post(`/api/v1${path}`).set('Authorization', `Bearer ${tokens.admin}`).send(body);
  const cityPlanId = (await asAdmin('/plans/import', { content: SEED_TABLE, planStart: '2021-01-01' }).expect(200)).body.planId as string;
  await asAdmin('/units/catalogue', { content: DONGSHENG_CATALOGUE }).expect(200);
  const { taskId, unitIdOf } = await planLookups(t, cityPlanId);
  const officer = { username: 'ds.weijian', password: DONGSHENG_PASSWORD, unitId: unitIdOf('东胜区卫生健康委员会'), roles: ['officer'] };
  await asAdmin('/users', { ...officer, mustChangePassword: false }).expect(201);
  tokens['ds.weijian'] = await loginAs(t.http, 'ds.weijian', DONGSHENG_PASSWORD);
  const childTaskIds = (await importDongshengShare(t, tokens.admin, cityPlanId)).taskIds;
  return { cityPlanId, taskId, unitIdOf, childTaskIds };
}
