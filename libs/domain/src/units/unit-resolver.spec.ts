import type { CatalogueUnit, ResolvedUnit, UnitCatalogue } from '../plan-import/plan-import.types';
import { createUnitResolver } from './unit-resolver';

const COMMITTEE = '市爱国卫生运动委员会';
const HEALTHY_CITY = '市健康城市建设推进委员会';
const BANNERS = '各旗（区）人民政府';

function unit(name: string, kind: CatalogueUnit['kind'], more: Partial<CatalogueUnit> = {}): CatalogueUnit {
  return { name, kind, aliases: [], misspellings: [], parent: null, memberOf: [], ...more };
}

/** A small catalogue with one unit for every resolution rule. */
const catalogue: UnitCatalogue = {
  jurisdiction: '鄂尔多斯市',
  units: [
    unit(COMMITTEE, 'committee', { aliases: ['市爱卫会'] }),
    unit(HEALTHY_CITY, 'committee', { aliases: ['健康城市建设推进委员会'] }),
    unit('市爱国卫生运动委员会办公室', 'office', { aliases: ['市爱卫办'], parent: '市卫生健康委员会' }),
    unit('市卫生健康委员会', 'department', { aliases: ['市卫健委', '市卫生健康委'], memberOf: [COMMITTEE, HEALTHY_CITY] }),
    unit('市发展和改革委员会', 'department', { aliases: ['市发改委'], misspellings: ['市和改革委员会'], memberOf: [COMMITTEE] }),
    unit('市住房和城乡建设局', 'department', { aliases: ['市住建局'], memberOf: [COMMITTEE] }),
    unit('市水利局', 'department', { memberOf: [COMMITTEE] }),
    unit('中共鄂尔多斯市委宣传部', 'department', { aliases: ['市委宣传部'], memberOf: [COMMITTEE] }),
    unit('市农牧局', 'department', { memberOf: [COMMITTEE] }),
    unit('鄂尔多斯日报社', 'media', { memberOf: [COMMITTEE] }),
    unit(BANNERS, 'group', { aliases: ['各旗区人民政府', '各旗(区)政府'] }),
    unit('东胜区人民政府', 'banner_government', { aliases: ['东胜区'], memberOf: [BANNERS] }),
    unit('康巴什区人民政府', 'banner_government', { aliases: ['康巴什区'], memberOf: [BANNERS] }),
    unit('达拉特旗人民政府', 'banner_government', { aliases: ['达拉特旗'], memberOf: [BANNERS] }),
    unit('市空壳小组', 'group'),
    unit('市文明办', 'unverified'),
  ],
};

const resolver = createUnitResolver(catalogue);
const names = (units: ResolvedUnit[]): string[] => units.map((resolved) => resolved.name);
const COMMITTEE_MEMBERS = ['市卫生健康委员会', '市发展和改革委员会', '市住房和城乡建设局', '市水利局', '中共鄂尔多斯市委宣传部', '市农牧局', '鄂尔多斯日报社'];
const BANNER_GOVERNMENTS = ['东胜区人民政府', '康巴什区人民政府', '达拉特旗人民政府'];

describe('resolving one name', () => {
  it.each([
    ['the canonical name', '市卫生健康委员会', '市卫生健康委员会'],
    ['an alias', '市卫健委', '市卫生健康委员会'],
    ['another alias', '市委宣传部', '中共鄂尔多斯市委宣传部'],
    ['a name broken by PDF line wrapping', '市 卫生健康委 员会', '市卫生健康委员会'],
    ['an alias broken by line wrapping', '市委 宣传部', '中共鄂尔多斯市委宣传部'],
    ['the name qualified by the jurisdiction', '鄂尔多斯市住房和城乡建设局', '市住房和城乡建设局'],
    ['a capacity in brackets stripped', '市卫生健康委员会（市爱卫办）', '市卫生健康委员会'],
    ['a capacity in ASCII brackets stripped', '市卫生健康委员会(市爱卫办)', '市卫生健康委员会'],
    ['an alias with a capacity: the alias’s canonical unit', '市爱卫办（市健康鄂尔多斯行动推进委员会办公室）', '市爱国卫生运动委员会办公室'],
    ['a committee named alone is the committee itself', '市爱卫会', COMMITTEE],
  ])('%s: %s → %s', (_rule, written, expected) => {
    const resolution = resolver.resolveName(written);
    expect(resolution.units).toEqual([{ name: expected, isNew: false, viaGroup: null }]);
    expect(resolution.warnings).toEqual([]);
  });

  it('resolves a known misspelling with a warning naming the written and the meant form', () => {
    const resolution = resolver.resolveName('市和改革委员会');
    expect(names(resolution.units)).toEqual(['市发展和改革委员会']);
    expect(resolution.warnings).toEqual([
      { code: 'unit_misspelt', written: '市和改革委员会', message: expect.stringMatching(/市和改革委员会.*市发展和改革委员会/u) },
    ]);
  });

  it.each([
    ['a group’s canonical name (its brackets are part of the name)', BANNERS],
    ['the group with ASCII brackets', '各旗(区)人民政府'],
    ['a group alias', '各旗区人民政府'],
    ['a group alias in other brackets', '各旗（区）政府'],
  ])('expands %s to its members, each reached via the group', (_rule, written) => {
    const resolution = resolver.resolveName(written);
    expect(resolution.units).toEqual(BANNER_GOVERNMENTS.map((name) => ({ name, isNew: false, viaGroup: BANNERS })));
    expect(resolution.warnings).toEqual([]);
  });

  it.each([
    ['X各成员单位', '市爱卫会各成员单位', COMMITTEE],
    ['X成员单位', '市爱卫会成员单位', COMMITTEE],
    ['X with a capacity in brackets', '市爱卫会（市健康鄂尔多斯行动推进委员会）各成员单位', COMMITTEE],
    ['X by its full name', '市爱国卫生运动委员会各成员单位', COMMITTEE],
    ['X by an alias without 市', '健康城市建设推进委员会各成员单位', HEALTHY_CITY],
  ])('expands a group reference (%s): %s', (_rule, written, group) => {
    const resolution = resolver.resolveName(written);
    const expected = catalogue.units.filter((member) => member.memberOf.includes(group)).map((member) => member.name);
    expect(names(resolution.units)).toEqual(expected);
    expect(resolution.units.every((resolved) => resolved.viaGroup === group && !resolved.isNew)).toBe(true);
  });

  it.each([['其它成员单位'], ['其他成员单位']])('leaves the given leads out of “X%s”', (suffix) => {
    const resolution = resolver.resolveName(`市爱国卫生运动委员会${suffix}`, { others: new Set(['市卫生健康委员会']) });
    expect(names(resolution.units)).toEqual(COMMITTEE_MEMBERS.filter((name) => name !== '市卫生健康委员会'));
  });

  it('adds the missing 市 only inside a list whose first name starts with 市, with a warning', () => {
    const resolution = resolver.resolveName('水利局', { listStartsWithCity: true });
    expect(names(resolution.units)).toEqual(['市水利局']);
    expect(resolution.warnings).toEqual([{ code: 'unit_prefix_missing', written: '水利局', message: expect.stringContaining('市水利局') }]);
    expect(resolver.resolveName('水利局').units).toEqual([{ name: '水利局', isNew: true, viaGroup: null }]);
  });

  it('warns when a group has no members in the catalogue', () => {
    const resolution = resolver.resolveName('市空壳小组');
    expect(resolution.units).toEqual([]);
    expect(resolution.warnings.map((warning) => warning.code)).toEqual(['unit_group_empty']);
  });

  it('resolves a unit created unverified by an earlier import, reminding that it is not verified yet', () => {
    const resolution = resolver.resolveName('市 文明办');
    expect(resolution.units).toEqual([{ name: '市文明办', isNew: false, viaGroup: null }]);
    expect(resolution.warnings).toEqual([{ code: 'unit_unverified', written: '市 文明办', message: expect.stringContaining('待核实') }]);
  });

  it.each([
    ['an unknown name', '市创卫办', '市创卫办'],
    ['an unknown name, cleaned', '市 疾控中心(市卫生监督所)', '市疾控中心（市卫生监督所）'],
    ['a reference to an unknown group', '市创城指挥部各成员单位', '市创城指挥部各成员单位'],
    ['a name of another jurisdiction', '包头市住房和城乡建设局', '包头市住房和城乡建设局'],
  ])('keeps %s as a new unverified unit with a warning: %s', (_rule, written, cleaned) => {
    const resolution = resolver.resolveName(written);
    expect(resolution.units).toEqual([{ name: cleaned, isNew: true, viaGroup: null }]);
    expect(resolution.warnings).toEqual([{ code: 'unit_unknown', written, message: expect.stringContaining(cleaned) }]);
  });
});

describe('resolving a list and a task', () => {
  it('keeps the order and drops duplicates, the first occurrence winning', () => {
    const resolution = resolver.resolveList('市住建局、市卫健委、市住房和城乡建设局，东胜区、各旗（区）人民政府');
    expect(resolution.units).toEqual([
      { name: '市住房和城乡建设局', isNew: false, viaGroup: null },
      { name: '市卫生健康委员会', isNew: false, viaGroup: null },
      { name: '东胜区人民政府', isNew: false, viaGroup: null },
      { name: '康巴什区人民政府', isNew: false, viaGroup: BANNERS },
      { name: '达拉特旗人民政府', isNew: false, viaGroup: BANNERS },
    ]);
  });

  it('reads `水利局` after `市农牧局、…` as 市水利局 (seed task 8)', () => {
    const resolution = resolver.resolveList('市农牧局、水利局、市住建局');
    expect(names(resolution.units)).toEqual(['市农牧局', '市水利局', '市住房和城乡建设局']);
    expect(resolution.warnings.map((warning) => warning.code)).toEqual(['unit_prefix_missing']);
  });

  it('does not add 市 when the list does not start with a 市 name', () => {
    const resolution = resolver.resolveList('鄂尔多斯日报社、水利局');
    expect(resolution.units[1]).toEqual({ name: '水利局', isNew: true, viaGroup: null });
  });

  it('never lists a lead unit among the supports', () => {
    const task = resolver.resolveTaskUnits('市委 宣传部、市 卫生健康委 员会', '市卫健委、市住建局、市爱卫会各成员单位');
    expect(names(task.leads)).toEqual(['中共鄂尔多斯市委宣传部', '市卫生健康委员会']);
    expect(names(task.supports)).toEqual(['市住房和城乡建设局', '市发展和改革委员会', '市水利局', '市农牧局', '鄂尔多斯日报社']);
  });

  it('leaves the task’s leads out of “其它成员单位”, keeping the others reached via the committee', () => {
    const task = resolver.resolveTaskUnits('市卫生健康委员会（市爱卫办）', '市爱国卫生运动委员会其它成员单位，各旗（区）人民政府');
    expect(task.supports).toEqual([
      ...COMMITTEE_MEMBERS.filter((name) => name !== '市卫生健康委员会').map((name) => ({ name, isNew: false, viaGroup: COMMITTEE })),
      ...BANNER_GOVERNMENTS.map((name) => ({ name, isNew: false, viaGroup: BANNERS })),
    ]);
  });

  it('keeps unknown names in the list without failing', () => {
    const task = resolver.resolveTaskUnits('市住建局', '市创卫办、市住建局、市创卫办');
    expect(task.supports).toEqual([{ name: '市创卫办', isNew: true, viaGroup: null }]);
    expect(task.warnings.map((warning) => warning.code)).toEqual(['unit_unknown', 'unit_unknown']);
  });
});

describe('unit lists as other cities write them', () => {
  it('splits names glued without a separator against the catalogue, and says so', () => {
    const resolution = resolver.resolveList('市住建局市水利局、市农牧局');
    expect(names(resolution.units)).toEqual(['市住房和城乡建设局', '市水利局', '市农牧局']);
    expect(resolution.warnings).toEqual([expect.objectContaining({ code: 'unit_names_glued', written: '市住建局市水利局' })]);
  });

  it('does not split an unknown name into pieces that only partly match', () => {
    const resolution = resolver.resolveList('市水利局规划科');
    expect(resolution.units).toEqual([{ name: '市水利局规划科', isNew: true, viaGroup: null }]);
  });

  it('carries the 市 of the first name over to the names after it', () => {
    expect(names(resolver.resolveList('市发改委、水利局、农牧局').units)).toEqual(['市发展和改革委员会', '市水利局', '市农牧局']);
  });

  it('drops a trailing 等 (等部门, 等相关单位)', () => {
    expect(names(resolver.resolveList('市发改委、市水利局等').units)).toEqual(['市发展和改革委员会', '市水利局']);
    expect(names(resolver.resolveList('市发改委、市水利局等相关单位').units)).toEqual(['市发展和改革委员会', '市水利局']);
  });

  it('keeps a group written with brackets (各县(市、区), 市级相关单位) as one name', () => {
    const resolution = resolver.resolveList('各县(市、区)、市级相关单位');
    expect(resolution.units).toEqual([
      { name: '各县（市、区）', isNew: true, viaGroup: null },
      { name: '市级相关单位', isNew: true, viaGroup: null },
    ]);
  });
});
