import { conflict, type DomainError, invalid } from '../errors/domain-error';
import type { UnitKind } from '../plan-import/plan-import.types';
import { normaliseUnitName } from './unit-name';
import { UNIT_KINDS } from './unit-catalogue-validator';

/** What the rules need to know of a unit: its identity, where it belongs, what it is and what it is also called. */
export interface UnitFacts {
  id: string;
  name: string;
  jurisdiction: string;
  kind: UnitKind;
  aliases: readonly string[];
  verified: boolean;
}

/** The longest unit name an admin may write (the longest official name in the seed is 20 characters). */
export const UNIT_NAME_MAX_LENGTH = 100;

/** A name (or alias) as an admin typed it, cleaned of outer whitespace; refused when empty or too long. */
export function checkUnitName(field: string, written: string): string | DomainError {
  const name = written.trim();
  if (name === '') return invalid('unit_name_empty', `${field} must not be empty`);
  if (name.length > UNIT_NAME_MAX_LENGTH) return invalid('unit_name_too_long', `${field} must be at most ${UNIT_NAME_MAX_LENGTH} characters`);
  return name;
}

export function isUnitKind(kind: string): kind is UnitKind {
  return UNIT_KINDS.has(kind as UnitKind);
}

/**
 * A unit an admin marks verified must say what it is: `unverified` is the kind an import gives a
 * name it did not know, not a kind of body.
 */
export function checkVerifiedKind(kind: UnitKind, verified: boolean): DomainError | null {
  return verified && kind === 'unverified'
    ? invalid('unit_kind_required', 'a verified unit needs a kind other than “unverified”: say what the unit is when verifying it')
    : null;
}

/**
 * The names a unit would answer to (its name and aliases) that another unit of the jurisdiction already
 * answers to, compared as the importer compares them (normalised), so that no name resolves to two units.
 */
export function nameClashes(candidate: { id: string | null; name: string; aliases: readonly string[] }, others: readonly UnitFacts[]): string[] {
  const taken = new Map<string, string>();
  for (const other of others) {
    if (other.id === candidate.id) continue;
    for (const written of [other.name, ...other.aliases]) taken.set(normaliseUnitName(written), other.name);
  }
  return [candidate.name, ...candidate.aliases].flatMap((written) => {
    const owner = taken.get(normaliseUnitName(written));
    return owner === undefined ? [] : [`“${written}” is already a name of “${owner}”`];
  });
}

/** 409 `unit_name_taken` when a name or alias of the candidate names another unit of the jurisdiction. */
export function checkNamesFree(candidate: { id: string | null; name: string; aliases: readonly string[] }, others: readonly UnitFacts[]): DomainError | null {
  const clashes = nameClashes(candidate, others);
  return clashes.length === 0 ? null : conflict('unit_name_taken', clashes.join('; '));
}

/**
 * Whether `from` may be merged into `into`. Refused: a unit into itself (400), across jurisdictions
 * (409: a city's bureau is not a banner's), and a group or committee into a unit of another kind, or a
 * body into a group (409: their members would have nowhere to go). An unverified unit — a name an
 * import did not know — may merge into any unit of its jurisdiction: that is what the review is for.
 */
export function checkMerge(from: UnitFacts, into: UnitFacts): DomainError | null {
  if (from.id === into.id) return invalid('unit_merge_into_itself', `intoUnitId must name another unit: unit ${from.id} cannot be merged into itself`);
  if (from.jurisdiction !== into.jurisdiction) {
    return conflict(
      'unit_merge_across_jurisdictions',
      `“${from.name}” (${from.jurisdiction}) and “${into.name}” (${into.jurisdiction}) belong to different jurisdictions`,
    );
  }
  const grouping = (kind: UnitKind): boolean => kind === 'group' || kind === 'committee';
  if (from.kind !== 'unverified' && grouping(from.kind) !== grouping(into.kind)) {
    return conflict('unit_merge_kind_mismatch', `“${from.name}” is a ${from.kind} and “${into.name}” a ${into.kind}: only like can merge into like`);
  }
  return null;
}

/**
 * The surviving unit's aliases after a merge: its own, then the merged unit's name and aliases (so a
 * later import that writes the old name finds the survivor), without its own name and without
 * repeats as the importer compares names.
 */
export function aliasesAfterMerge(from: UnitFacts, into: UnitFacts): string[] {
  const seen = new Set([normaliseUnitName(into.name)]);
  const aliases: string[] = [];
  for (const written of [...into.aliases, from.name, ...from.aliases]) {
    const key = normaliseUnitName(written);
    if (key === '' || seen.has(key)) continue;
    seen.add(key);
    aliases.push(written);
  }
  return aliases;
}
