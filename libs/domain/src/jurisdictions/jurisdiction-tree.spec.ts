import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { UnitCatalogue } from '../plan-import/plan-import.types';
import { createUnitResolver } from '../units/unit-resolver';
import { buildJurisdictionTree, childJurisdictionsOf, jurisdictionNameOf, jurisdictionsBelow } from './jurisdiction-tree';

const root = join(__dirname, '..', '..', '..', '..');
const city = JSON.parse(readFileSync(join(root, 'seeds', 'unit-catalogue.ordos.json'), 'utf8')) as UnitCatalogue;
const dongsheng = JSON.parse(readFileSync(join(root, 'test', 'fixtures', 'cascade', 'dongsheng-catalogue.json'), 'utf8')) as UnitCatalogue;

describe('jurisdictions as a tree', () => {
  it('names the jurisdiction a government unit governs as its own catalogue names it', () => {
    expect(jurisdictionNameOf('东胜区人民政府')).toBe('东胜区');
    expect(jurisdictionNameOf('鄂托克前旗人民政府')).toBe('鄂托克前旗');
    expect(jurisdictionNameOf('交通街道办事处')).toBe('交通街道');
    expect(jurisdictionNameOf('罕台镇人民政府')).toBe('罕台镇');
    expect(jurisdictionNameOf('东胜区')).toBe('东胜区');
  });

  it('places the nine banners and districts below the city, and the streets and towns below their district', () => {
    const banners = childJurisdictionsOf(city);
    expect(banners.map((b) => b.name)).toEqual(['东胜区', '康巴什区', '达拉特旗', '准格尔旗', '伊金霍洛旗', '乌审旗', '杭锦旗', '鄂托克旗', '鄂托克前旗']);
    expect(banners[0]).toEqual({ name: '东胜区', governmentUnit: '东胜区人民政府' });
    const townships = childJurisdictionsOf(dongsheng);
    expect(townships).toHaveLength(15);
    expect(townships).toContainEqual({ name: '交通街道', governmentUnit: '交通街道办事处' });

    const rows = [
      { name: '鄂尔多斯市', parent: null, governmentUnitId: null },
      ...banners.map((b) => ({ name: b.name, parent: '鄂尔多斯市', governmentUnitId: null })),
      ...townships.map((t) => ({ name: t.name, parent: '东胜区', governmentUnitId: null })),
    ];
    const [tree] = buildJurisdictionTree(rows);
    expect(tree.jurisdiction.name).toBe('鄂尔多斯市');
    expect(tree.children).toHaveLength(9);
    const district = tree.children.find((child) => child.jurisdiction.name === '东胜区')!;
    expect(district.depth).toBe(1);
    expect(district.children.map((child) => child.depth)).toEqual(Array(15).fill(2));
    expect(jurisdictionsBelow(rows, '东胜区')).toHaveLength(16);
    expect(jurisdictionsBelow(rows, '交通街道')).toEqual(['交通街道']);
    expect(jurisdictionsBelow(rows, '鄂尔多斯市')).toHaveLength(25);
  });

  it('resolves a district’s names within its catalogue: `区卫健委`, `东胜区X` as `区X`, and `各街道` as its streets', () => {
    const resolver = createUnitResolver(dongsheng);
    expect(resolver.resolveName('区卫健委').units.map((u) => u.name)).toEqual(['东胜区卫生健康委员会']);
    expect(resolver.resolveName('东胜区住建局').units.map((u) => u.name)).toEqual(['东胜区住房和城乡建设局']);
    const streets = resolver.resolveList('区委宣传部、各街道');
    expect(streets.warnings).toEqual([]);
    expect(streets.units).toHaveLength(13);
    expect(streets.units.filter((u) => u.viaGroup === '各街道')).toHaveLength(12);
    // `卫健委` after a `区` name means the district's, with a remark
    const list = resolver.resolveList('区教体局、民政局');
    expect(list.units.map((u) => u.name)).toEqual(['东胜区教育体育局', '东胜区民政局']);
    expect(list.warnings.map((w) => w.code)).toEqual(['unit_prefix_missing']);
  });
});
