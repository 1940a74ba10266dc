import type { CatalogueUnit, ResolvedUnit, UnitCatalogue } from '../plan-import/plan-import.types';
import { cleanUnitName, normaliseUnitName, splitUnitList } from './unit-name';

export type UnitWarningCode = 'unit_misspelt' | 'unit_prefix_missing' | 'unit_unknown' | 'unit_unverified' | 'unit_group_empty' | 'unit_names_glued';

/** A remark about one written unit name; the caller knows the line it came from. */
export interface UnitWarning {
  code: UnitWarningCode;
  /** the name as written in the table */
  written: string;
  message: string;
}

export interface UnitResolution {
  units: ResolvedUnit[];
  warnings: UnitWarning[];
}

export interface TaskUnitResolution {
  leads: ResolvedUnit[];
  supports: ResolvedUnit[];
  warnings: UnitWarning[];
}

export interface UnitResolver {
  readonly jurisdiction: string;
  /** One written name; `listStartsWithCity` allows `水利局` to mean `市水利局`. */
  resolveName(written: string, context?: UnitNameContext): UnitResolution;
  /** A cell listing units (`、，,；;` or line breaks between them); duplicates and `exclude` dropped. */
  resolveList(cell: string, exclude?: ReadonlySet<string>): UnitResolution;
  /** The lead and support cells of one task; supports never repeat a lead. */
  resolveTaskUnits(leadText: string, supportText: string): TaskUnitResolution;
}

export interface UnitNameContext {
  /** true when the first name of the same list starts with `市` */
  listStartsWithCity?: boolean;
  /** canonical names a `…其它成员单位` reference leaves out (the task's leads) */
  others?: ReadonlySet<string>;
}

interface IndexEntry {
  unit: CatalogueUnit;
  misspelt: boolean;
}

interface NameMatch {
  unit: CatalogueUnit;
  warnings: UnitWarning[];
}

/** The one-character prefix a jurisdiction's own units carry (`市卫健委`, `区卫健局`, `旗教育局`); `市` when its name has none. */
export function localUnitPrefix(jurisdiction: string): string {
  const last = normaliseUnitName(jurisdiction).slice(-1);
  return LOCAL_PREFIXES.has(last) ? last : '市';
}
const LOCAL_PREFIXES = new Set(['市', '区', '旗', '县', '镇', '乡']);
const GROUP_REFERENCE = /^(.+?)(其它成员单位|其他成员单位|各成员单位|成员单位)$/u;
const EXCLUDES_OTHERS = new Set(['其它成员单位', '其他成员单位']);
const TRAILING_CAPACITY = /^(.+)\(([^()]*)\)$/u;
/** `市发改委、市财政局等`, `…等部门`, `…等相关单位`: the list ends, nothing more is meant. */
const TRAILING_ETC = /等(?:相关)?(?:单位|部门)?$/u;
/** Names glued together are split into at most this many catalogue names. */
const MAX_GLUED_NAMES = 6;
/** A shorter piece (`市委`) is more likely part of a name than a name of its own. */
const MIN_GLUED_NAME = 3;

export function createUnitResolver(catalogue: UnitCatalogue): UnitResolver {
  const index = new Map<string, IndexEntry>();
  const membersByGroup = new Map<string, CatalogueUnit[]>();
  const jurisdictionKey = normaliseUnitName(catalogue.jurisdiction);
  // `市` in the city's catalogue, `区` in a district's, `旗` in a banner's: `鄂尔多斯市X` is `市X`, `东胜区X` is `区X`
  const CITY_PREFIX = localUnitPrefix(catalogue.jurisdiction);

  const register = (written: string, unit: CatalogueUnit, misspelt: boolean): void => {
    const key = normaliseUnitName(written);
    // The first unit to claim a key keeps it; validateUnitCatalogue reports the clash.
    if (key !== '' && !index.has(key)) index.set(key, { unit, misspelt });
  };
  for (const unit of catalogue.units) register(unit.name, unit, false);
  for (const unit of catalogue.units) for (const alias of unit.aliases) register(alias, unit, false);
  for (const unit of catalogue.units) for (const misspelling of unit.misspellings) register(misspelling, unit, true);
  for (const unit of catalogue.units) {
    for (const group of unit.memberOf) {
      const key = normaliseUnitName(group);
      const members = membersByGroup.get(key) ?? [];
      members.push(unit);
      membersByGroup.set(key, members);
    }
  }

  const lookupKey = (key: string, written: string): NameMatch | null => {
    const entry = index.get(key);
    if (!entry) return null;
    if (!entry.misspelt) return { unit: entry.unit, warnings: [] };
    return {
      unit: entry.unit,
      warnings: [
        {
          code: 'unit_misspelt',
          written,
          message: `单位名称“${written}”有误，按“${entry.unit.name}”处理`,
        },
      ],
    };
  };

  /** exact name or alias → misspelling → `鄂尔多斯市X` as `市X` → missing `市` → capacity in brackets stripped */
  const lookupName = (written: string, listStartsWithCity: boolean): NameMatch | null => {
    const key = normaliseUnitName(written);
    const direct = lookupKey(key, written);
    if (direct) return direct;

    if (jurisdictionKey !== '' && key.startsWith(jurisdictionKey) && key.length > jurisdictionKey.length) {
      const withoutJurisdiction = lookupKey(CITY_PREFIX + key.slice(jurisdictionKey.length), written);
      if (withoutJurisdiction) return withoutJurisdiction;
    }

    if (listStartsWithCity && !key.startsWith(CITY_PREFIX)) {
      const prefixed = lookupKey(CITY_PREFIX + key, written);
      if (prefixed) {
        prefixed.warnings.push({
          code: 'unit_prefix_missing',
          written,
          message: `单位名称“${written}”缺少“${CITY_PREFIX}”字，按“${prefixed.unit.name}”处理`,
        });
        return prefixed;
      }
    }

    const capacity = TRAILING_CAPACITY.exec(key);
    if (capacity?.[1]) return lookupName(capacity[1], listStartsWithCity);
    return null;
  };

  /**
   * `市行政审批局市司法局` → two catalogue names written without a separator: the split where every
   * piece is a known name (the longest piece first), or null when there is none. Groups are not split.
   */
  const splitGluedNames = (key: string, listStartsWithCity: boolean): NameMatch[] | null => {
    const failed = new Set<number>();
    const split = (from: number, depth: number): NameMatch[] | null => {
      if (from === key.length) return [];
      if (depth === MAX_GLUED_NAMES || failed.has(from)) return null;
      for (let to = key.length; to >= from + MIN_GLUED_NAME; to -= 1) {
        if (from === 0 && to === key.length) continue;
        const match = lookupName(key.slice(from, to), listStartsWithCity || key.startsWith(CITY_PREFIX));
        if (match === null || match.unit.kind === 'group') continue;
        const rest = split(to, depth + 1);
        if (rest !== null) return [match, ...rest];
      }
      failed.add(from);
      return null;
    };
    return key.length >= 2 * MIN_GLUED_NAME ? split(0, 0) : null;
  };

  const membersOf = (group: CatalogueUnit, others: ReadonlySet<string> | null): ResolvedUnit[] =>
    (membersByGroup.get(normaliseUnitName(group.name)) ?? [])
      .filter((member) => !others?.has(member.name))
      .map((member) => ({ name: member.name, isNew: false, viaGroup: group.name }));

  const groupEmpty = (written: string, group: CatalogueUnit): UnitWarning => ({
    code: 'unit_group_empty',
    written,
    message: `“${written}”指向“${group.name}”，但单位名录中没有它的成员单位`,
  });

  const resolveName = (written: string, context: UnitNameContext = {}): UnitResolution => {
    const listStartsWithCity = context.listStartsWithCity ?? false;
    const match = lookupName(written, listStartsWithCity);
    if (match) {
      if (match.unit.kind === 'unverified') {
        // Created by an earlier import and not yet confirmed by an administrator.
        const unverified: UnitWarning = { code: 'unit_unverified', written, message: `单位“${match.unit.name}”是此前导入时新建的待核实单位，尚未核实` };
        return { units: [{ name: match.unit.name, isNew: false, viaGroup: null }], warnings: [...match.warnings, unverified] };
      }
      if (match.unit.kind !== 'group') {
        return { units: [{ name: match.unit.name, isNew: false, viaGroup: null }], warnings: match.warnings };
      }
      const members = membersOf(match.unit, null);
      const warnings = members.length > 0 ? match.warnings : [...match.warnings, groupEmpty(written, match.unit)];
      return { units: members, warnings };
    }

    const reference = GROUP_REFERENCE.exec(normaliseUnitName(written));
    if (reference?.[1] && reference[2]) {
      const group = lookupName(reference[1], listStartsWithCity);
      if (group) {
        const others = EXCLUDES_OTHERS.has(reference[2]) ? (context.others ?? null) : null;
        const members = membersOf(group.unit, others);
        const warnings = members.length > 0 ? group.warnings : [...group.warnings, groupEmpty(written, group.unit)];
        return { units: members, warnings };
      }
    }

    const glued = splitGluedNames(normaliseUnitName(written), listStartsWithCity);
    if (glued !== null) {
      const note: UnitWarning = {
        code: 'unit_names_glued',
        written,
        message: `“${written}”是连写的几个单位，按“${glued.map((m) => m.unit.name).join('、')}”处理`,
      };
      return { units: glued.map((m) => ({ name: m.unit.name, isNew: false, viaGroup: null })), warnings: [note, ...glued.flatMap((m) => m.warnings)] };
    }

    const name = cleanUnitName(written);
    return {
      units: [{ name, isNew: true, viaGroup: null }],
      warnings: [{ code: 'unit_unknown', written, message: `单位“${name}”不在${catalogue.jurisdiction}单位名录中，将作为待核实单位新建` }],
    };
  };

  const resolveList = (cell: string, exclude: ReadonlySet<string> = new Set()): UnitResolution => {
    const names = splitUnitList(cell)
      .map((name, index, all) => (index === all.length - 1 ? name.replace(TRAILING_ETC, '').trim() || name : name))
      .filter((name) => name !== '');
    const listStartsWithCity = names.length > 0 && normaliseUnitName(names[0] ?? '').startsWith(CITY_PREFIX);
    const seen = new Set<string>(exclude);
    const units: ResolvedUnit[] = [];
    const warnings: UnitWarning[] = [];
    for (const written of names) {
      const resolution = resolveName(written, { listStartsWithCity, others: exclude });
      warnings.push(...resolution.warnings);
      for (const unit of resolution.units) {
        if (seen.has(unit.name)) continue;
        seen.add(unit.name);
        units.push(unit);
      }
    }
    return { units, warnings };
  };

  const resolveTaskUnits = (leadText: string, supportText: string): TaskUnitResolution => {
    const leads = resolveList(leadText);
    const supports = resolveList(supportText, new Set(leads.units.map((unit) => unit.name)));
    return { leads: leads.units, supports: supports.units, warnings: [...leads.warnings, ...supports.warnings] };
  };

  return { jurisdiction: catalogue.jurisdiction, resolveName, resolveList, resolveTaskUnits };
}
