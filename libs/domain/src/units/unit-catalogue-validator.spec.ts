import type { CatalogueUnit, UnitCatalogue } from '../plan-import/plan-import.types';
import { validateUnitCatalogue } from './unit-catalogue-validator';

function unit(name: string, more: Partial<CatalogueUnit> = {}): CatalogueUnit {
  return { name, kind: 'department', aliases: [], misspellings: [], parent: null, memberOf: [], ...more };
}

const sound: UnitCatalogue = {
  jurisdiction: '包头市',
  units: [
    unit('市爱国卫生运动委员会', { kind: 'committee', aliases: ['市爱卫会'] }),
    unit('市卫生健康委员会', { aliases: ['市卫健委'], memberOf: ['市爱国卫生运动委员会'] }),
    unit('市爱国卫生运动委员会办公室', { kind: 'office', aliases: ['市爱卫办'], parent: '市卫生健康委员会' }),
    unit('各旗县区人民政府', { kind: 'group' }),
    unit('东河区人民政府', { kind: 'banner_government', memberOf: ['各旗县区人民政府'] }),
  ],
};

describe('validateUnitCatalogue', () => {
  it('finds nothing wrong with a sound catalogue', () => {
    expect(validateUnitCatalogue(sound)).toEqual([]);
  });

  it.each<[string, (units: CatalogueUnit[]) => CatalogueUnit[], RegExp]>([
    ['a canonical name used twice', (units) => [...units, unit('市卫生健康委员会')], /used twice/u],
    ['an alias equal to another unit’s name', (units) => [...units, unit('市教育局', { aliases: ['市卫生健康委员会'] })], /same name/u],
    ['an alias normalising to another unit’s alias', (units) => [...units, unit('市教育局', { aliases: ['市 卫健委'] })], /same name/u],
    ['a misspelling equal to another unit’s alias', (units) => [...units, unit('市教育局', { misspellings: ['市爱卫会'] })], /same name/u],
    ['a parent not in the catalogue', (units) => [...units, unit('市健推办', { parent: '市卫健局' })], /parent/u],
    ['membership of an unknown committee', (units) => [...units, unit('市教育局', { memberOf: ['市创城委'] })], /not in the catalogue/u],
    ['membership of a department', (units) => [...units, unit('市教育局', { memberOf: ['市卫生健康委员会'] })], /not a committee or group/u],
    ['a group without members', (units) => [...units, unit('各苏木乡镇', { kind: 'group' })], /has no members/u],
    ['an empty alias', (units) => [...units, unit('市教育局', { aliases: [' '] })], /empty alias/u],
  ])('reports %s', (_problem, change, expected) => {
    const problems = validateUnitCatalogue({ ...sound, units: change(sound.units) });
    expect(problems).toEqual([expect.stringMatching(expected)]);
  });

  it('accepts a unit repeating its own name as an alias', () => {
    const units = sound.units.map((u) => (u.name === '市卫生健康委员会' ? { ...u, aliases: [...u.aliases, '市 卫生健康委员会'] } : u));
    expect(validateUnitCatalogue({ ...sound, units })).toEqual([]);
  });
});
