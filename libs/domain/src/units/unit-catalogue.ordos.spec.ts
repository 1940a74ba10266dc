import { readFileSync } from 'fs';
import { join } from 'path';
import type { UnitCatalogue } from '../plan-import/plan-import.types';
import { createUnitResolver } from './unit-resolver';
import { splitUnitList } from './unit-name';
import { validateUnitCatalogue } from './unit-catalogue-validator';

const seeds = join(__dirname, '../../../../seeds');
const catalogue = JSON.parse(readFileSync(join(seeds, 'unit-catalogue.ordos.json'), 'utf8')) as UnitCatalogue;
const seedRows = readFileSync(join(seeds, 'ordos-patriotic-health-task-table.txt'), 'utf8')
  .split('\n')
  .map((line) => line.split('\t'))
  .filter((cells) => /^\d+$/u.test(cells[0] ?? ''));

const AIWEI = '市爱国卫生运动委员会';
const HEALTHY_ORDOS = '市健康鄂尔多斯行动推进委员会';
const BANNERS = '各旗（区）人民政府';
const byName = new Map(catalogue.units.map((unit) => [unit.name, unit]));

describe('the Ordos unit catalogue (seeds/unit-catalogue.ordos.json)', () => {
  it('belongs to 鄂尔多斯市 and has every field on every unit', () => {
    expect(catalogue.jurisdiction).toBe('鄂尔多斯市');
    for (const unit of catalogue.units) {
      expect(Object.keys(unit).sort()).toEqual(['aliases', 'kind', 'memberOf', 'misspellings', 'name', 'parent']);
      expect(Array.isArray(unit.aliases) && Array.isArray(unit.misspellings) && Array.isArray(unit.memberOf)).toBe(true);
    }
  });

  it('is sound: unique canonical names, no alias or misspelling naming two units, no dangling reference', () => {
    expect(validateUnitCatalogue(catalogue)).toEqual([]);
  });

  it('resolves every lead and responsible unit named in the seed table, without an unknown one', () => {
    const resolver = createUnitResolver(catalogue);
    const unknown = seedRows.flatMap((cells) =>
      [cells[3] ?? '', cells[4] ?? ''].flatMap((cell) => resolver.resolveList(cell).warnings.filter((w) => w.code === 'unit_unknown')),
    );
    expect(unknown).toEqual([]);
  });

  it('maps the seed’s typo `市和改革委员会` explicitly to 市发展和改革委员会', () => {
    expect(byName.get('市发展和改革委员会')?.misspellings).toContain('市和改革委员会');
  });

  // The membership rule: every municipal body the seed names as a lead or responsible unit
  // (departments, people's organisations, media, enterprises, 市铁路民航中心 …) is a member of both
  // committees; the committees themselves, their offices, the banner governments and their
  // group, and the supervision office are members of neither.
  it('makes every municipal body named in the seed a member of both committees, and nothing else', () => {
    const resolver = createUnitResolver(catalogue);
    const named = new Set(
      seedRows.flatMap((cells) =>
        [cells[3] ?? '', cells[4] ?? '']
          .flatMap((cell) => splitUnitList(cell))
          .flatMap((written) => resolver.resolveName(written, { listStartsWithCity: true }).units)
          .filter((unit) => unit.viaGroup === null)
          .map((unit) => unit.name),
      ),
    );
    const notMembers = new Set(['committee', 'office', 'group', 'banner_government', 'supervision']);
    const municipal = [...named].filter((name) => !notMembers.has(byName.get(name)?.kind ?? 'unverified'));
    expect(municipal.length).toBeGreaterThan(25);

    const members = (committee: string): string[] => catalogue.units.filter((unit) => unit.memberOf.includes(committee)).map((unit) => unit.name);
    expect(members(AIWEI).sort()).toEqual(municipal.sort());
    expect(members(HEALTHY_ORDOS).sort()).toEqual(municipal.sort());
  });

  it('has the nine banner and district governments as the members of 各旗（区）人民政府', () => {
    expect(byName.get(BANNERS)?.kind).toBe('group');
    const governments = catalogue.units.filter((unit) => unit.memberOf.includes(BANNERS));
    expect(governments.map((unit) => unit.name)).toEqual([
      '东胜区人民政府',
      '康巴什区人民政府',
      '达拉特旗人民政府',
      '准格尔旗人民政府',
      '伊金霍洛旗人民政府',
      '乌审旗人民政府',
      '杭锦旗人民政府',
      '鄂托克旗人民政府',
      '鄂托克前旗人民政府',
    ]);
    expect(governments.every((unit) => unit.kind === 'banner_government' && unit.aliases.includes(unit.name.replace('人民政府', '')))).toBe(true);
  });

  it.each([
    ['市爱卫会', AIWEI, 'committee', null],
    ['健康鄂尔多斯行动推进委员会', HEALTHY_ORDOS, 'committee', null],
    ['市爱卫办', '市爱国卫生运动委员会办公室', 'office', '市卫生健康委员会'],
    ['市健推办', '市健康鄂尔多斯行动推进委员会办公室', 'office', '市卫生健康委员会'],
    ['市督查室', '市委市政府督查室', 'supervision', null],
    ['团市委', '共青团鄂尔多斯市委员会', 'people_organisation', null],
    ['市妇联', '市妇女联合会', 'people_organisation', null],
    ['鄂尔多斯机场集团', '鄂尔多斯机场管理集团有限公司', 'enterprise', null],
    ['鄂尔多斯站', '鄂尔多斯站', 'enterprise', null],
    ['鄂尔多斯广播电视台', '鄂尔多斯广播电视台', 'media', null],
  ])('knows %s as %s (%s)', (written, canonical, kind, parent) => {
    const resolved = createUnitResolver(catalogue).resolveName(written).units;
    expect(resolved).toEqual([{ name: canonical, isNew: false, viaGroup: null }]);
    expect(byName.get(canonical)).toMatchObject({ kind, parent });
  });

  it('leaves the supervision office, which leads no task, out of both committees', () => {
    expect(byName.get('市委市政府督查室')?.memberOf).toEqual([]);
  });
});
