import type { CatalogueUnit, UnitCatalogue, UnitKind } from '../plan-import/plan-import.types';
import { normaliseUnitName } from '../units/unit-name';

/** Units that are a lower jurisdiction's government: a banner's or district's in the city's catalogue, a township's or street's in a banner's. */
export const GOVERNMENT_KINDS: ReadonlySet<UnitKind> = new Set<UnitKind>(['banner_government', 'township_government']);

const GOVERNMENT_SUFFIX = /(?:人民政府|政府|办事处|公所)$/u;

/**
 * The jurisdiction a government unit governs, named as its own catalogue file names it: `东胜区人民政府` → `东胜区`,
 * `交通街道办事处` → `交通街道`, `罕台镇人民政府` → `罕台镇`; a name without such a suffix is the jurisdiction's own.
 */
export function jurisdictionNameOf(governmentUnitName: string): string {
  const name = normaliseUnitName(governmentUnitName);
  const stripped = name.replace(GOVERNMENT_SUFFIX, '');
  return stripped === '' ? name : stripped;
}

/** A lower jurisdiction a catalogue names, through its government unit. */
export interface ChildJurisdiction {
  name: string;
  governmentUnit: string;
}

/** The lower jurisdictions a catalogue places below its own: one per government unit (东胜区 below 鄂尔多斯市, 交通街道 below 东胜区). */
export function childJurisdictionsOf(catalogue: UnitCatalogue): ChildJurisdiction[] {
  const seen = new Set<string>([normaliseUnitName(catalogue.jurisdiction)]);
  return catalogue.units
    .filter((unit: CatalogueUnit) => GOVERNMENT_KINDS.has(unit.kind))
    .flatMap((unit) => {
      const name = jurisdictionNameOf(unit.name);
      if (seen.has(name)) return [];
      seen.add(name);
      return [{ name, governmentUnit: unit.name }];
    });
}

/** One jurisdiction as stored: its parent (null for a root such as the city) and the unit that governs it in the parent's catalogue. */
export interface JurisdictionRow {
  name: string;
  parent: string | null;
  governmentUnitId: string | null;
}

export interface JurisdictionNode<T extends JurisdictionRow = JurisdictionRow> {
  jurisdiction: T;
  /** 0 for a root (the city), 1 for its banners and districts, 2 for their townships and streets */
  depth: number;
  children: JurisdictionNode<T>[];
}

/**
 * The rows as a forest: roots first, children under their parents in name order (zh-CN collation). A row
 * whose parent is missing is a root; a cycle (which the store prevents) would leave its rows out.
 */
export function buildJurisdictionTree<T extends JurisdictionRow>(rows: readonly T[]): JurisdictionNode<T>[] {
  const names = new Set(rows.map((row) => row.name));
  const byParent = new Map<string | null, T[]>();
  for (const row of rows) {
    const parent = row.parent !== null && names.has(row.parent) ? row.parent : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), row]);
  }
  const build = (parent: string | null, depth: number): JurisdictionNode<T>[] =>
    (byParent.get(parent) ?? [])
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
      .map((jurisdiction) => ({ jurisdiction, depth, children: depth > 8 ? [] : build(jurisdiction.name, depth + 1) }));
  return build(null, 0);
}

/** The jurisdiction and every one below it, by name (a city inspector's reach, a banner's plans and its townships'). */
export function jurisdictionsBelow(rows: readonly Pick<JurisdictionRow, 'name' | 'parent'>[], root: string): string[] {
  // children indexed once: a city's reach is every row, and each request of a roll-up asks for several reaches
  const children = new Map<string, string[]>();
  for (const row of rows) {
    if (row.parent === null) continue;
    const siblings = children.get(row.parent);
    if (siblings) siblings.push(row.name);
    else children.set(row.parent, [row.name]);
  }
  const found = [root];
  const seen = new Set(found);
  for (let i = 0; i < found.length; i += 1) {
    for (const child of children.get(found[i]) ?? []) {
      if (seen.has(child)) continue;
      seen.add(child);
      found.push(child);
    }
  }
  return found;
}
