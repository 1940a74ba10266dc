import type { DayCount } from '../calendar/working-days';
/** A JSON Schema fragment (draft 2020-12 subset): published for clients, never interpreted here. */
export type JsonSchema = { [keyword: string]: unknown };

export type SectionResult<T> = { ok: true; value: T } | { ok: false; errors: string[] };

/**
 * One part of a plan's policy document (deadlines, evidence …). A section owns its defaults, reads
 * a plan's override of them into the rules in force, and publishes the schema of that override; a
 * spec holds every section's schema to the fields its reader knows.
 */
export interface PlanPolicySection<T> {
  readonly key: string;
  readonly title: string;
  readonly defaults: T;
  /** the fields an override may carry (the schema's properties, checked by a spec) */
  readonly fields: readonly string[];
  readonly schema: JsonSchema;
  /** null or absent: the defaults; anything else is checked field by field, every problem named */
  resolve(override: unknown): SectionResult<T>;
}

export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The fields of an override its section does not know, as one message (or none). */
export function unknownFields(section: string, override: Record<string, unknown>, known: readonly string[]): string[] {
  const unknown = Object.keys(override).filter((key) => !known.includes(key));
  return unknown.length > 0 ? [`${section} has unknown fields: ${unknown.join(', ')} (known: ${known.join(', ')})`] : [];
}

/** The schema of a field saying how a term is counted. */
export const dayCountSchema = (description: string): JsonSchema => ({ enum: ['natural', 'working'], description });

/** A field saying how a term is counted: `working` days of the Chinese calendar or `natural` calendar days; undefined (and a problem named) otherwise. */
export function readDayCount(field: string, value: unknown, errors: string[]): DayCount | undefined {
  if (value === 'natural' || value === 'working') return value;
  errors.push(`${field} must be one of natural, working`);
  return undefined;
}

/**
 * A list of submissions an override names (`evidence.fileRequiredFor`, `signOff.submissions`): each one
 * known, none twice; read into the order `known` lists them (whatever order the plan wrote). Undefined: absent.
 */
export function readSubmissionList<T extends string>(list: unknown, known: readonly T[], at: string, errors: string[]): T[] | undefined {
  if (list === undefined) return undefined;
  const isKnown = (item: unknown): item is T => known.includes(item as T);
  if (!Array.isArray(list) || !list.every(isKnown)) errors.push(`${at} must be a list of ${known.join(', ')}`);
  else if (new Set(list).size !== list.length) errors.push(`${at} must not name a submission twice`);
  else return known.filter((submission) => list.includes(submission));
  return undefined;
}
