import type { UnitCatalogue, UnitKind } from '../plan-import/plan-import.types';
import { normaliseUnitName } from './unit-name';

export const UNIT_KINDS: ReadonlySet<UnitKind> = new Set<UnitKind>([
  'department',
  'office',
  'committee',
  'group',
  'banner_government',
  'supervision',
  'institution',
  'enterprise',
  'media',
  'people_organisation',
  'township_government',
  'unverified',
]);

const KINDS_WITH_MEMBERS: ReadonlySet<UnitKind> = new Set<UnitKind>(['committee', 'group']);

/**
 * Every reason the catalogue cannot be trusted to resolve names unambiguously: duplicate canonical
 * names, an alias or misspelling that normalises to two different units, references to units that
 * do not exist, memberships of something that is neither a committee nor a group, empty groups.
 * An empty list means the catalogue is sound.
 */
export function validateUnitCatalogue(catalogue: UnitCatalogue): string[] {
  const problems: string[] = [];
  if (catalogue.jurisdiction.trim() === '') problems.push('jurisdiction is empty');

  const byName = new Map<string, UnitKind>();
  const owners = new Map<string, string>();
  const claim = (written: string, owner: string, what: string): void => {
    const key = normaliseUnitName(written);
    if (key === '') {
      problems.push(`${owner}: empty ${what}`);
      return;
    }
    const previous = owners.get(key);
    if (previous !== undefined && previous !== owner) {
      problems.push(`${what} “${written}” of “${owner}” normalises to the same name as one of “${previous}”`);
    } else {
      owners.set(key, owner);
    }
  };

  for (const unit of catalogue.units) {
    if (byName.has(unit.name)) problems.push(`canonical name “${unit.name}” is used twice`);
    byName.set(unit.name, unit.kind);
    if (!UNIT_KINDS.has(unit.kind)) problems.push(`${unit.name}: unknown kind “${String(unit.kind)}”`);
    claim(unit.name, unit.name, 'name');
  }
  for (const unit of catalogue.units) {
    for (const alias of unit.aliases) claim(alias, unit.name, 'alias');
    for (const misspelling of unit.misspellings) claim(misspelling, unit.name, 'misspelling');
  }

  const memberCounts = new Map<string, number>();
  for (const unit of catalogue.units) {
    if (unit.parent !== null && !byName.has(unit.parent)) problems.push(`${unit.name}: parent “${unit.parent}” is not in the catalogue`);
    if (unit.parent === unit.name) problems.push(`${unit.name}: is its own parent`);
    for (const group of unit.memberOf) {
      const kind = byName.get(group);
      if (kind === undefined) problems.push(`${unit.name}: member of “${group}”, which is not in the catalogue`);
      else if (!KINDS_WITH_MEMBERS.has(kind)) problems.push(`${unit.name}: member of “${group}”, which is a ${kind}, not a committee or group`);
      memberCounts.set(group, (memberCounts.get(group) ?? 0) + 1);
    }
  }
  for (const unit of catalogue.units) {
    if (unit.kind === 'group' && (memberCounts.get(unit.name) ?? 0) === 0) problems.push(`group “${unit.name}” has no members`);
  }
  return problems;
}
