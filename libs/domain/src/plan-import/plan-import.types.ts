/**
 * The contract between the pure plan importer and the persistence layer.
 * Dates are calendar days as `YYYY-MM-DD` strings (no time zone); line numbers are 1-based
 * and refer to the physical lines of the imported text.
 */

export type TableFormat = 'tsv' | 'csv' | 'pipe' | 'spaces' | 'list' | 'docx' | 'xlsx';
/** Text formats a caller may ask for; Word and Excel files are read as documents, never as text. */
export type RequestedFormat = 'auto' | 'tsv' | 'csv' | 'pipe' | 'spaces' | 'list';

export type UnitKind =
  | 'department'
  | 'office'
  | 'committee'
  | 'group'
  | 'banner_government'
  | 'supervision'
  | 'institution'
  | 'enterprise'
  | 'media'
  | 'people_organisation'
  | 'township_government'
  | 'unverified';

export type Comparator = '>=' | '<=' | '>' | '<' | '=';
export type Recurrence = 'annual' | 'quarterly' | 'monthly' | 'daily';

export interface ImportWarning {
  line: number;
  code: string;
  message: string;
  /** in a Word or Excel file: the table or sheet and row the line is (`表2第5行`, `工作表“Sheet1”第5行`) */
  where?: string;
}

export interface ImportError {
  line: number;
  message: string;
  /** machine-readable reason (`ragged_row`, `duplicate_seq`, …) for clients that translate or count */
  code?: string;
  /** in a Word or Excel file: the table or sheet and row the line is */
  where?: string;
}

export interface ParsedMilestone {
  date: string;
  /** the words of the text (or of the 完成时限 cell) the date was read from, e.g. `到2025年` */
  clause: string;
}

export interface ParsedTarget {
  /** what is measured, e.g. `城乡居民健康素养总体水平` */
  indicator: string;
  comparator: Comparator;
  value: number;
  /** `%`, `台/万人`, `小时`, `个百分点` … */
  unit: string;
  /** `level`: the indicator itself is compared; `decrease`/`increase`: its change per `period` is */
  measure: 'level' | 'decrease' | 'increase';
  /** the period a level or change refers to (`每天…不少于1小时` → daily; `每年降低…` → annual) */
  period: Recurrence | null;
  /** the deadline that applies to this target, if its sentence names one */
  by: string | null;
  /** the clause the target was read from, verbatim */
  clause: string;
}

/** One line of the table as read, before unit names are resolved. */
export interface ParsedTask {
  /** unique in the plan, in reading order: the printed number, or a running count once numbers restart */
  seq: number;
  /** the task's number as printed (`1`, `（1）`), null when the table gives none */
  number: string | null;
  line: number;
  text: string;
  /** the lead cell as it applies to this task (inherited from above when merged), verbatim */
  leadText: string;
  /** the support cell(s) as they apply to this task, verbatim; several columns joined by `，` */
  supportText: string;
  /** the 完成时限 cell when the table has one */
  deadlineText: string | null;
  /** the table has no lead column: leadText is the first name listed, and the first unit it names leads */
  leadFirstListed?: boolean;
  /** a lower government's table: the cell naming the parent plan's task(s) the row serves (`28`, `第28项`, `28、30`) */
  parentText?: string;
  milestones: ParsedMilestone[];
  recurrence: Recurrence | null;
  targets: ParsedTarget[];
}

export interface ParsedWorkItem {
  title: string;
  line: number;
  tasks: ParsedTask[];
}

export interface ParsedSection {
  title: string;
  line: number;
  workItems: ParsedWorkItem[];
}

export interface ParsedTable {
  title: string | null;
  format: TableFormat;
  sections: ParsedSection[];
  warnings: ImportWarning[];
  /** rows left out because they could not be imported (only with skipInvalid) */
  skipped: ImportError[];
}

export type ParseResult = { ok: true; table: ParsedTable } | { ok: false; errors: ImportError[] };

/** One unit of the catalogue, as stored in `seeds/` and in the `units` table. */
export interface CatalogueUnit {
  /** canonical name, unique within the jurisdiction */
  name: string;
  kind: UnitKind;
  /** other names the same body is written as (short names, names without `市`, capacities) */
  aliases: string[];
  /** forms found misspelt in real tables; they resolve, but with a warning */
  misspellings: string[];
  /** canonical name of the parent unit (an office hosted by a department), or null */
  parent: string | null;
  /** canonical names of the groups and committees whose members this unit counts among */
  memberOf: string[];
}

export interface UnitCatalogue {
  jurisdiction: string;
  units: CatalogueUnit[];
}

/** A unit a task is linked to: a catalogue unit, or one the import will create unverified. */
export interface ResolvedUnit {
  /** canonical name (a catalogue unit's name, or the cleaned name of a new unverified unit) */
  name: string;
  /** true when the name is not in the catalogue and the import creates an unverified unit */
  isNew: boolean;
  /** the canonical name of the group or committee the unit was reached through, if any */
  viaGroup: string | null;
}

export interface ImportedTask extends ParsedTask {
  leads: ResolvedUnit[];
  supports: ResolvedUnit[];
  /** the latest milestone, the 完成时限 cell, or the plan end */
  dueDate: string;
}

export interface ImportedWorkItem {
  title: string;
  line: number;
  tasks: ImportedTask[];
}

export interface ImportedSection {
  title: string;
  line: number;
  workItems: ImportedWorkItem[];
}

export interface ImportedPlan {
  name: string;
  jurisdiction: string;
  /** sha256 (hex) of the content with line endings and a BOM normalised */
  contentHash: string;
  format: TableFormat;
  planStart: string;
  planEnd: string;
  /** distinct milestone dates of all tasks, ascending */
  milestones: string[];
  sections: ImportedSection[];
  /** names not found in the catalogue; the import creates them as unverified units */
  newUnits: { name: string; line: number }[];
}

export interface PlanImportOptions {
  catalogue: UnitCatalogue;
  /** defaults to the catalogue's jurisdiction */
  jurisdiction?: string;
  name?: string;
  format?: RequestedFormat;
  /** `YYYY-MM-DD`; defaults to `today` */
  planStart?: string;
  /** `YYYY-MM-DD`; defaults to the latest milestone, else the end of planStart's year */
  planEnd?: string;
  /** `YYYY-MM-DD`, the caller's clock; the domain never reads the system time */
  today: string;
  /** import the good tasks and report each refused row as skipped; default: refuse the whole table */
  skipInvalid?: boolean;
}

export type PlanImportResult = { ok: true; plan: ImportedPlan; warnings: ImportWarning[]; skipped: ImportError[] } | { ok: false; errors: ImportError[] };
