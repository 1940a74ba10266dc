import type { CatalogueUnit, UnitCatalogue } from '@duban/domain';
import { UnitStore } from '@duban/units';
import { createMediumDatabase, type MediumDatabase } from '../support/medium-database';
import { insertUnit, JURISDICTION, OTHER_JURISDICTION, rows } from '../support/medium-fixtures';

const unit = (name: string, extra: Partial<CatalogueUnit> = {}): CatalogueUnit => ({
  name,
  kind: 'department',
  aliases: [],
  misspellings: [],
  parent: null,
  memberOf: [],
  ...extra,
});

interface UnitAsRead {
  kind: string;
  aliases: string[];
  misspellings: string[];
  verified: boolean;
  parent: string | null;
  groups: string[];
}

/** The jurisdiction's units as a reader sees them, by name: the parent's and the groups' names for their ids. */
async function unitsOf(db: MediumDatabase, jurisdiction = JURISDICTION): Promise<Record<string, UnitAsRead>> {
  const found = await rows<UnitAsRead & { name: string }>(
    db.dataSource,
    `SELECT u.name, u.kind, u.aliases, u.misspellings, u.verified, p.name AS parent,
            ARRAY(SELECT g.name FROM unit_memberships m JOIN units g ON g.id = m.group_id WHERE m.member_id = u.id ORDER BY g.name COLLATE "C") AS groups
       FROM units u LEFT JOIN units p ON p.id = u.parent_id WHERE u.jurisdiction = $1`,
    [jurisdiction],
  );
  return Object.fromEntries(found.map(({ name, ...rest }) => [name, rest]));
}

const idsByName = async (db: MediumDatabase): Promise<Record<string, string>> =>
  Object.fromEntries(
    (await rows<{ name: string; id: string }>(db.dataSource, 'SELECT name, id::text FROM units WHERE jurisdiction = $1', [JURISDICTION])).map((r) => [
      r.name,
      r.id,
    ]),
  );

describe('UnitStore (PostgreSQL)', () => {
  let db: MediumDatabase;
  const store = new UnitStore();

  beforeAll(async () => {
    db = await createMediumDatabase();
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    await db.truncate();
  });

  const first: UnitCatalogue = {
    jurisdiction: JURISDICTION,
    units: [
      unit('市卫生健康委员会', { aliases: ['市卫健委'] }),
      unit('市爱国卫生运动委员会', { kind: 'committee', aliases: ['市爱卫会'] }),
      unit('市爱卫办', { kind: 'office', parent: '市卫生健康委员会', memberOf: ['市爱国卫生运动委员会'] }),
      unit('市教育局', { misspellings: ['市教育居'], memberOf: ['市爱国卫生运动委员会'] }),
    ],
  };

  it('inserts a new catalogue with its kinds, aliases, parents and memberships, all verified', async () => {
    const counts = await db.dataSource.transaction((manager) => store.upsertCatalogue(manager, first));
    expect(counts).toEqual({ inserted: 4, updated: 0 });
    expect(await unitsOf(db)).toEqual({
      市卫生健康委员会: { kind: 'department', aliases: ['市卫健委'], misspellings: [], verified: true, parent: null, groups: [] },
      市教育局: { kind: 'department', aliases: [], misspellings: ['市教育居'], verified: true, parent: null, groups: ['市爱国卫生运动委员会'] },
      市爱卫办: { kind: 'office', aliases: [], misspellings: [], verified: true, parent: '市卫生健康委员会', groups: ['市爱国卫生运动委员会'] },
      市爱国卫生运动委员会: { kind: 'committee', aliases: ['市爱卫会'], misspellings: [], verified: true, parent: null, groups: [] },
    });
  });

  it('updates known units (an unverified one becomes verified), re-links parents and memberships, and leaves other jurisdictions alone', async () => {
    await db.dataSource.transaction((manager) => store.upsertCatalogue(manager, first));
    await store.insertUnverified(db.dataSource.manager, JURISDICTION, ['市体育局']);
    const elsewhere = await insertUnit(db.dataSource, { name: '市教育局', jurisdiction: OTHER_JURISDICTION, kind: 'institution' });
    const before = await idsByName(db);

    const second: UnitCatalogue = {
      jurisdiction: JURISDICTION,
      units: [
        unit('市卫生健康委员会', { aliases: ['市卫健委', '卫健委'] }),
        unit('市爱国卫生运动委员会', { kind: 'committee', aliases: ['市爱卫会'] }),
        // the office moves to no parent and leaves the committee; the education bureau joins a new group instead
        unit('市爱卫办', { kind: 'office' }),
        unit('市教育局', { memberOf: ['市体育工作领导小组'] }),
        unit('市体育工作领导小组', { kind: 'group' }),
        unit('市体育局', { kind: 'department', aliases: ['体育局'], memberOf: ['市体育工作领导小组', '市爱国卫生运动委员会'] }),
      ],
    };
    const counts = await db.dataSource.transaction((manager) => store.upsertCatalogue(manager, second));
    expect(counts).toEqual({ inserted: 1, updated: 5 });
    expect(await unitsOf(db)).toEqual({
      市体育工作领导小组: { kind: 'group', aliases: [], misspellings: [], verified: true, parent: null, groups: [] },
      市体育局: {
        kind: 'department',
        aliases: ['体育局'],
        misspellings: [],
        verified: true,
        parent: null,
        groups: ['市体育工作领导小组', '市爱国卫生运动委员会'],
      },
      市卫生健康委员会: { kind: 'department', aliases: ['市卫健委', '卫健委'], misspellings: [], verified: true, parent: null, groups: [] },
      市教育局: { kind: 'department', aliases: [], misspellings: [], verified: true, parent: null, groups: ['市体育工作领导小组'] },
      市爱卫办: { kind: 'office', aliases: [], misspellings: [], verified: true, parent: null, groups: [] },
      市爱国卫生运动委员会: { kind: 'committee', aliases: ['市爱卫会'], misspellings: [], verified: true, parent: null, groups: [] },
    });
    // updated in place: the units keep their ids (tasks and users point at them)
    const after = await idsByName(db);
    for (const name of Object.keys(before)) expect(after[name]).toBe(before[name]);
    expect(await rows(db.dataSource, 'SELECT name, kind, verified FROM units WHERE id = $1', [elsewhere])).toEqual([
      { name: '市教育局', kind: 'institution', verified: true },
    ]);
  });

  it('keeps the memberships of units the catalogue does not name', async () => {
    await db.dataSource.transaction((manager) => store.upsertCatalogue(manager, first));
    await db.dataSource.transaction((manager) => store.upsertCatalogue(manager, { jurisdiction: JURISDICTION, units: [unit('市卫生健康委员会')] }));
    const units = await unitsOf(db);
    expect(units['市教育局'].groups).toEqual(['市爱国卫生运动委员会']);
    expect(units['市爱卫办'].groups).toEqual(['市爱国卫生运动委员会']);
  });

  it('is idempotent: the same catalogue again changes no row', async () => {
    await db.dataSource.transaction((manager) => store.upsertCatalogue(manager, first));
    const snapshot = async () => ({
      units: await rows(
        db.dataSource,
        'SELECT id, jurisdiction, name, kind, aliases, misspellings, parent_id, verified, created_at FROM units ORDER BY units.id',
      ),
      memberships: await rows(db.dataSource, 'SELECT group_id, member_id FROM unit_memberships ORDER BY group_id, member_id'),
    });
    const before = await snapshot();
    expect(await db.dataSource.transaction((manager) => store.upsertCatalogue(manager, first))).toEqual({ inserted: 0, updated: 4 });
    expect(await snapshot()).toEqual(before);
  });

  it('gives the jurisdictions’ tree a new version when a catalogue places a jurisdiction, and only then', async () => {
    const version = async (): Promise<string | null> =>
      (await rows<{ version: string }>(db.dataSource, 'SELECT version::text FROM jurisdiction_tree_version'))[0]?.version ?? null;
    const withDistrict: UnitCatalogue = { ...first, units: [...first.units, unit('东胜区人民政府', { kind: 'banner_government' })] };
    await db.dataSource.transaction((manager) => store.upsertCatalogue(manager, withDistrict));
    const placed = await version();
    expect(placed).not.toBeNull();
    expect(await rows(db.dataSource, 'SELECT name, parent FROM jurisdictions ORDER BY name')).toEqual([
      { name: '东胜区', parent: JURISDICTION },
      { name: JURISDICTION, parent: null },
    ]);
    // the same catalogue again changes no jurisdiction: the version stays, and the api's copy of the tree with it
    await db.dataSource.transaction((manager) => store.upsertCatalogue(manager, withDistrict));
    expect(await version()).toBe(placed);
    // a rolled-back placement leaves the version as it was
    await db.dataSource
      .transaction(async (manager) => {
        await store.upsertCatalogue(manager, { ...withDistrict, units: [...withDistrict.units, unit('康巴什区人民政府', { kind: 'banner_government' })] });
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    expect(await version()).toBe(placed);
    // another district: a new version, later than any before
    await db.dataSource.transaction((manager) =>
      store.upsertCatalogue(manager, { ...withDistrict, units: [...withDistrict.units, unit('康巴什区人民政府', { kind: 'banner_government' })] }),
    );
    const moved = await version();
    expect(moved).not.toBe(placed);
    expect(BigInt(moved as string)).toBeGreaterThan(BigInt(placed as string));
  });

  it('insertUnverified creates the missing names unverified and answers the ids of known ones unchanged', async () => {
    const known = await insertUnit(db.dataSource, { name: '市卫生健康委员会', kind: 'department' });
    const answered = await store.insertUnverified(db.dataSource.manager, JURISDICTION, ['市卫生健康委员会', '某某协会']);
    expect(answered.map((r) => r.name).sort()).toEqual(['市卫生健康委员会', '某某协会']);
    expect(answered.find((r) => r.name === '市卫生健康委员会')?.id).toBe(known);
    expect(await unitsOf(db)).toEqual({
      市卫生健康委员会: { kind: 'department', aliases: [], misspellings: [], verified: true, parent: null, groups: [] },
      某某协会: { kind: 'unverified', aliases: [], misspellings: [], verified: false, parent: null, groups: [] },
    });
    expect(await store.insertUnverified(db.dataSource.manager, JURISDICTION, [])).toEqual([]);
  });

  it('setWebhook sets and removes a unit’s webhook, and answers null for a unit that does not exist', async () => {
    const id = await insertUnit(db.dataSource, { name: '市卫生健康委员会' });
    expect(await store.setWebhook(db.dataSource.manager, id, 'https://example.test/hook', 's3cret')).toEqual({
      id,
      name: '市卫生健康委员会',
      webhook_url: 'https://example.test/hook',
    });
    expect(await rows(db.dataSource, 'SELECT webhook_url, webhook_secret FROM units WHERE id = $1', [id])).toEqual([
      { webhook_url: 'https://example.test/hook', webhook_secret: 's3cret' },
    ]);
    expect(await store.setWebhook(db.dataSource.manager, id, null, null)).toEqual({ id, name: '市卫生健康委员会', webhook_url: null });
    expect(await rows(db.dataSource, 'SELECT webhook_url, webhook_secret FROM units WHERE id = $1', [id])).toEqual([
      { webhook_url: null, webhook_secret: null },
    ]);

    expect(await store.setWebhook(db.dataSource.manager, String(Number(id) + 1000), 'https://example.test/hook', 's3cret')).toBeNull();
    expect(await rows(db.dataSource, 'SELECT count(*)::int AS n FROM units WHERE webhook_url IS NOT NULL')).toEqual([{ n: 0 }]);
  });
});
