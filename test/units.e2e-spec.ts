import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp, loginAs, type TestApp } from './support/test-app';
import { seedUnitsAndUsers } from './support/seed-helpers';

const ORDOS = '鄂尔多斯市';
const HEALTH = '市卫生健康委员会';
const TYPO = '市卫生建康委';
const ORDOS_CATALOGUE = readFileSync(join(__dirname, '..', 'seeds', 'unit-catalogue.ordos.json'), 'utf8');
const WUHAI_CSV = '名称,类型,别名,上级单位,所属\n市创城委,committee,,,\n市教育局,department,市教体局；教育局,,市创城委\n市创城办,office,,市教育局,\n';
/** one task led by a name the catalogue lacks (a typo of 市卫生健康委员会), which also supports it */
const TYPO_TABLE = `序号\t工作任务\t牵头单位\t责任单位\n1\t建设无烟机关。\t${TYPO}\t市卫健委\n`;

interface Unit {
  id: string;
  name: string;
  jurisdiction: string;
  kind: string;
  aliases: string[];
  verified: boolean;
}

describe('the unit catalogue (admin)', () => {
  let t: TestApp;
  let admin: string;
  let units: Unit[];
  const auth = () => ['Authorization', `Bearer ${admin}`] as const;
  const unitNamed = (name: string): Unit => units.find((unit) => unit.name === name)!;
  const importTable = (content: string, name: string) =>
    t.http
      .post('/api/v1/plans/import')
      .set(...auth())
      .send({ content, name, jurisdiction: ORDOS, planStart: '2022-01-01', planEnd: '2022-12-31' })
      .expect(200);

  beforeAll(async () => {
    t = await createTestApp();
    await seedUnitsAndUsers(t);
    admin = await loginAs(t.http, 'admin');
    units = (
      await t.http
        .get('/api/v1/units')
        .set(...auth())
        .expect(200)
    ).body as Unit[];
  });
  afterAll(() => t.close());

  describe('catalogue files', () => {
    it('imports the Ordos seed catalogue again without adding a unit, and a new city’s CSV once', async () => {
      const ordos = await t.http
        .post('/api/v1/units/catalogue')
        .set(...auth())
        .send({ content: ORDOS_CATALOGUE })
        .expect(200);
      expect(ordos.body).toEqual({ jurisdiction: ORDOS, units: units.length, inserted: 0, updated: units.length });

      const first = await t.http
        .post('/api/v1/units/catalogue')
        .set(...auth())
        .send({ content: WUHAI_CSV, jurisdiction: '乌海市' })
        .expect(200);
      expect(first.body).toEqual({ jurisdiction: '乌海市', units: 3, inserted: 3, updated: 0 });
      const again = await t.http
        .post('/api/v1/units/catalogue')
        .set(...auth())
        .send({ content: WUHAI_CSV, jurisdiction: '乌海市', format: 'csv' })
        .expect(200);
      expect(again.body).toMatchObject({ inserted: 0, updated: 3 });
      const wuhai = (
        await t.http
          .get('/api/v1/units?jurisdiction=乌海市')
          .set(...auth())
          .expect(200)
      ).body as (Unit & { parentId: string | null })[];
      expect(wuhai.map((unit) => unit.name)).toEqual(['市创城委', '市教育局', '市创城办']);
      expect(wuhai[1]).toMatchObject({ aliases: ['市教体局', '教育局'], verified: true });
      expect(wuhai[2].parentId).toBe(wuhai[1].id);
    });

    it('refuses a broken file with every problem, writing nothing; an officer may not import', async () => {
      const before = (await t.http.get('/api/v1/units').set(...auth())).body.length;
      const bad = await t.http
        .post('/api/v1/units/catalogue')
        .set(...auth())
        .send({ content: 'name,kind\n市水利局,bureau\n,department\n', jurisdiction: '乌海市' })
        .expect(400);
      expect(bad.body.code).toBe('unit_catalogue_invalid');
      expect(JSON.stringify(bad.body.message)).toMatch(/bureau.*line 3: the name is empty/su);
      expect((await t.http.get('/api/v1/units').set(...auth())).body).toHaveLength(before);
      const officer = await loginAs(t.http, 'inspector');
      await t.http.post('/api/v1/units/catalogue').set('Authorization', `Bearer ${officer}`).send({ content: WUHAI_CSV, jurisdiction: '乌海市' }).expect(403);
    });
  });

  describe('adding and correcting units', () => {
    it('adds a verified unit, refuses its name or an alias another unit answers to (409), and audits the change', async () => {
      const created = await t.http
        .post('/api/v1/units')
        .set(...auth())
        .send({ name: '市数据局', jurisdiction: ORDOS, kind: 'department', aliases: ['市大数据中心'] })
        .expect(201);
      expect(created.body).toMatchObject({ name: '市数据局', jurisdiction: ORDOS, kind: 'department', aliases: ['市大数据中心'], verified: true });
      const taken = await t.http
        .post('/api/v1/units')
        .set(...auth())
        .send({ name: '市数据局', jurisdiction: ORDOS, kind: 'department' })
        .expect(409);
      expect(taken.body.code).toBe('unit_name_taken');
      const alias = await t.http
        .post('/api/v1/units')
        .set(...auth())
        .send({ name: '市科技局', jurisdiction: ORDOS, kind: 'department', aliases: ['市 卫健委'] })
        .expect(409);
      expect(alias.body).toMatchObject({ code: 'unit_name_taken', message: expect.stringContaining(HEALTH) });

      const renamed = await t.http
        .patch(`/api/v1/units/${created.body.id}`)
        .set(...auth())
        .send({ name: '市政务服务和数据管理局' })
        .expect(200);
      expect(renamed.body.name).toBe('市政务服务和数据管理局');
      await t.http
        .patch(`/api/v1/units/${created.body.id}`)
        .set(...auth())
        .send({ name: HEALTH })
        .expect(409);
      const events = await t.http
        .get(`/api/v1/units/${created.body.id}/events`)
        .set(...auth())
        .expect(200);
      expect((events.body as { type: string }[]).map((e) => e.type)).toEqual(['created', 'updated']);
      expect(events.body[1].payload).toMatchObject({ change: { name: '市政务服务和数据管理局' }, before: { name: '市数据局' } });
    });

    it('refuses null for a field that has no null (name, kind, aliases, verified) with 400 naming it; a null parent means none', async () => {
      const created = await t.http
        .post('/api/v1/units')
        .set(...auth())
        .send({ name: '市档案馆', jurisdiction: ORDOS, kind: 'department' })
        .expect(201);
      for (const field of ['name', 'kind', 'aliases', 'verified']) {
        const refused = await t.http
          .patch(`/api/v1/units/${created.body.id}`)
          .set(...auth())
          .send({ [field]: null })
          .expect(400);
        expect({ field, message: (refused.body.message as string[]).join(' ') }).toEqual({ field, message: expect.stringContaining(field) });
      }
      await t.http
        .patch(`/api/v1/units/${created.body.id}`)
        .set(...auth())
        .send({ parentId: null })
        .expect(200);
    });

    it('lists an import’s unknown unit for review, and verifies it only once it has a kind', async () => {
      await importTable('序号\t工作任务\t牵头单位\t责任单位\n1\t开展控烟宣传。\t市卫健委\t市融媒体中心新闻部\n', '待审方案');
      const review = (
        await t.http
          .get(`/api/v1/units?jurisdiction=${ORDOS}&verified=false`)
          .set(...auth())
          .expect(200)
      ).body as Unit[];
      expect(review.map((unit) => unit.name)).toEqual(['市融媒体中心新闻部']);
      const id = review[0].id;
      const noKind = await t.http
        .patch(`/api/v1/units/${id}`)
        .set(...auth())
        .send({ verified: true })
        .expect(400);
      expect(noKind.body.code).toBe('unit_kind_required');
      await t.http
        .patch(`/api/v1/units/${id}`)
        .set(...auth())
        .send({ verified: true, kind: 'media' })
        .expect(200);
      expect((await t.http.get(`/api/v1/units?jurisdiction=${ORDOS}&verified=false`).set(...auth())).body).toEqual([]);
    });
  });

  describe('merging', () => {
    it('moves every link of a misspelt unit to the real one, keeps the old name as an alias, and audits it', async () => {
      const imported = await importTable(TYPO_TABLE, '错别字方案');
      expect(imported.body.created.units).toBe(1);
      // the catalogue file cannot claim the unverified name as an alias while the unit exists: merge it first
      const claim = JSON.stringify({ jurisdiction: ORDOS, units: [{ name: HEALTH, aliases: ['市卫健委', TYPO] }] });
      const claimed = await t.http
        .post('/api/v1/units/catalogue')
        .set(...auth())
        .send({ content: claim })
        .expect(409);
      expect(claimed.body).toMatchObject({ code: 'unit_name_taken', message: expect.stringContaining(TYPO) });
      const typo = ((await t.http.get('/api/v1/units?verified=false').set(...auth())).body as Unit[]).find((unit) => unit.name === TYPO)!;
      const health = unitNamed(HEALTH);
      const user = await t.http
        .post('/api/v1/users')
        .set(...auth())
        .send({ username: 'typo.officer', password: 'a-long-password', unitId: typo.id, roles: ['officer'], mustChangePassword: false })
        .expect(201);
      const typoUsers = (
        await t.http
          .get(`/api/v1/users?unitId=${typo.id}`)
          .set(...auth())
          .expect(200)
      ).body as { id: string }[];
      expect(typoUsers.map((u) => u.id)).toContain(user.body.id);
      const [task] = (
        await t.http
          .get(`/api/v1/plans/${imported.body.planId}/tasks`)
          .set(...auth())
          .expect(200)
      ).body as { id: string }[];
      const inboxBefore = (
        await t.http
          .get(`/api/v1/inbox?unitId=${typo.id}`)
          .set(...auth())
          .expect(200)
      ).body as { items: { taskId: string }[] };
      expect(inboxBefore.items.map((item) => item.taskId)).toContain(task.id);

      // the unit's officer starts the task: the audit event names the unit it acted for
      const officer = await loginAs(t.http, 'typo.officer', 'a-long-password');
      await t.http.post(`/api/v1/tasks/${task.id}/events`).set('Authorization', `Bearer ${officer}`).send({ type: 'START', payload: {} }).expect(200);

      const merged = await t.http
        .post(`/api/v1/units/${typo.id}/merge`)
        .set(...auth())
        .send({ intoUnitId: health.id })
        .expect(200);
      expect(merged.body).toMatchObject({ mergedUnitId: typo.id, unit: { id: health.id, name: HEALTH }, moved: { taskUnits: 1, users: typoUsers.length } });
      expect(merged.body.moved.inboxItems).toBeGreaterThanOrEqual(1);
      expect(merged.body.moved.taskEvents).toBe(1);
      expect(merged.body.unit.aliases).toContain(TYPO);

      // the task: one link, the stronger role (the typo led, the real unit only supported)
      const after = (
        await t.http
          .get(`/api/v1/tasks/${task.id}`)
          .set(...auth())
          .expect(200)
      ).body as { leadUnits: { id: string }[]; supportUnits: unknown[] };
      expect(after.leadUnits.map((unit) => unit.id)).toEqual([health.id]);
      expect(after.supportUnits).toEqual([]);
      const users = (
        await t.http
          .get(`/api/v1/users?unitId=${health.id}`)
          .set(...auth())
          .expect(200)
      ).body as { id: string }[];
      expect(users.map((u) => u.id)).toEqual(expect.arrayContaining(typoUsers.map((u) => u.id)));
      const inbox = (
        await t.http
          .get(`/api/v1/inbox?unitId=${health.id}`)
          .set(...auth())
          .expect(200)
      ).body as { items: { taskId: string }[] };
      expect(inbox.items.map((item) => item.taskId)).toContain(task.id);
      const events = (
        await t.http
          .get(`/api/v1/tasks/${task.id}/events`)
          .set(...auth())
          .expect(200)
      ).body as { type: string; actor: { unitId: string } }[];
      expect(events.find((event) => event.type === 'START')?.actor.unitId).toBe(health.id);
      await t.http
        .get(`/api/v1/units/${typo.id}`)
        .set(...auth())
        .expect(404);
      const trail = (
        await t.http
          .get(`/api/v1/units/${typo.id}/events`)
          .set(...auth())
          .expect(200)
      ).body as { type: string; payload: Record<string, unknown> }[];
      expect(trail.at(-1)).toMatchObject({ type: 'merged', payload: { fromName: TYPO, intoUnitId: health.id, intoName: HEALTH } });
      expect(((await t.http.get(`/api/v1/units/${health.id}/events`).set(...auth())).body as { type: string }[]).map((e) => e.type)).toContain('merged');

      // a later import that writes the old name finds the surviving unit
      const later = await importTable(`序号\t工作任务\t牵头单位\t责任单位\n1\t推进健康村镇建设。\t${TYPO}\t\n`, '后来的方案');
      expect(later.body.created.units).toBe(0);
      const [laterTask] = (await t.http.get(`/api/v1/plans/${later.body.planId}/tasks`).set(...auth())).body as { leadUnits: { id: string }[] }[];
      expect(laterTask.leadUnits.map((unit) => unit.id)).toEqual([health.id]);
    });

    it('refuses a merge into itself (400), across jurisdictions, of a committee into a department (409), and into nothing (404)', async () => {
      const health = unitNamed(HEALTH);
      const wuhai = ((await t.http.get('/api/v1/units?jurisdiction=乌海市').set(...auth())).body as Unit[])[1];
      const merge = (id: string, intoUnitId: string, status: number) =>
        t.http
          .post(`/api/v1/units/${id}/merge`)
          .set(...auth())
          .send({ intoUnitId })
          .expect(status);
      expect((await merge(health.id, health.id, 400)).body.code).toBe('unit_merge_into_itself');
      expect((await merge(health.id, wuhai.id, 409)).body.code).toBe('unit_merge_across_jurisdictions');
      expect((await merge(unitNamed('市爱国卫生运动委员会').id, health.id, 409)).body.code).toBe('unit_merge_kind_mismatch');
      await merge(health.id, '999999', 404);
      const inspector = await loginAs(t.http, 'inspector');
      await t.http.post(`/api/v1/units/${health.id}/merge`).set('Authorization', `Bearer ${inspector}`).send({ intoUnitId: wuhai.id }).expect(403);
      await t.http
        .get(`/api/v1/units/${health.id}`)
        .set(...auth())
        .expect(200);
    });
  });
});
