import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import {
  type CatalogueFileFormat,
  catalogueFormatOf,
  checkNamesFree,
  checkUnitName,
  checkVerifiedKind,
  Clock,
  conflict,
  DomainError,
  invalid,
  isUnitKind,
  nameClashes,
  notFound,
  readCatalogueFile,
  type UnitKind,
} from '@duban/domain';
import { type LockedUnit, UnitStore } from './unit.store';
import type { CatalogueImportResult } from './unit.view';

export interface CreateUnitInput {
  name: string;
  jurisdiction: string;
  kind: string;
  aliases?: string[];
  parentId?: string | null;
}

/** Only the fields given change. */
export interface UpdateUnitInput {
  name?: string;
  kind?: string;
  aliases?: string[];
  parentId?: string | null;
  verified?: boolean;
}

export interface CatalogueFileInput {
  content: string;
  format?: CatalogueFileFormat | 'auto';
  /** overrides the file's own */
  jurisdiction?: string;
  /** what the problems are said of: `content` (the request's field) unless the CLI names its file */
  source?: string;
}

const unwrap = <T>(value: T | DomainError): T => {
  if (value instanceof DomainError) throw value;
  return value;
};
const fail = (error: DomainError | null): void => {
  if (error) throw error;
};

/**
 * The admin's changes to the catalogue: add a unit, correct or verify one, import a jurisdiction's
 * catalogue file. Every change is checked against the jurisdiction's other units (no name may resolve
 * to two units) under a lock of the jurisdiction, and audited in `unit_events`.
 */
@Injectable()
export class UnitAdminService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: UnitStore,
    private readonly clock: Clock,
  ) {}

  async create(input: CreateUnitInput, actorUserId: string | null): Promise<string> {
    const name = unwrap(checkUnitName('name', input.name));
    const jurisdiction = unwrap(checkUnitName('jurisdiction', input.jurisdiction));
    const aliases = (input.aliases ?? []).map((alias, index) => unwrap(checkUnitName(`aliases[${index}]`, alias)));
    const kind = this.kindOf(input.kind);
    return this.dataSource.transaction(async (manager) => {
      const units = await this.store.lockJurisdiction(manager, jurisdiction);
      fail(checkNamesFree({ id: null, name, aliases }, units));
      const parentId = input.parentId ?? null;
      if (parentId !== null && !units.some((unit) => unit.id === parentId))
        throw invalid('unit_parent_invalid', `parentId ${parentId} is not a unit of ${jurisdiction}`);
      const id = await this.store.insert(manager, { jurisdiction, name, kind, aliases, parentId, verified: kind !== 'unverified' });
      if (id === null) throw conflict('unit_name_taken', `“${name}” exists already in ${jurisdiction}`);
      await this.store.appendEvent(manager, {
        jurisdiction,
        unitId: id,
        type: 'created',
        actorUserId,
        payload: { name, kind, aliases, parentId },
        at: this.clock.now(),
      });
      return id;
    });
  }

  /**
   * An admin's correction, within the caller's transaction: `PATCH /units/:id` goes through UnitUpdateService
   * (`@duban/unit-merge`), which also rewrites the task list's copies of a new name. Answers whether the name changed.
   */
  async updateWithin(manager: EntityManager, id: string, input: UpdateUnitInput, actorUserId: string | null): Promise<{ renamed: boolean }> {
    const { unit, units } = await this.lockUnit(manager, id);
    const changed: LockedUnit = {
      ...unit,
      name: input.name === undefined ? unit.name : unwrap(checkUnitName('name', input.name)),
      kind: input.kind === undefined ? unit.kind : this.kindOf(input.kind),
      aliases: input.aliases === undefined ? unit.aliases : input.aliases.map((alias, index) => unwrap(checkUnitName(`aliases[${index}]`, alias))),
      parent_id: input.parentId === undefined ? unit.parent_id : input.parentId,
      verified: input.verified ?? unit.verified,
    };
    fail(checkVerifiedKind(changed.kind, changed.verified));
    fail(checkNamesFree({ id, name: changed.name, aliases: changed.aliases }, units));
    if (changed.parent_id !== null && (changed.parent_id === id || !units.some((other) => other.id === changed.parent_id))) {
      throw invalid('unit_parent_invalid', `parentId ${changed.parent_id} is not another unit of ${unit.jurisdiction}`);
    }
    await this.store.update(manager, changed);
    const change = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
    const before = { name: unit.name, kind: unit.kind, aliases: unit.aliases, parentId: unit.parent_id, verified: unit.verified };
    await this.store.appendEvent(manager, {
      jurisdiction: unit.jurisdiction,
      unitId: id,
      type: 'updated',
      actorUserId,
      payload: { change, before },
      at: this.clock.now(),
    });
    return { renamed: changed.name !== unit.name };
  }

  /**
   * A jurisdiction's catalogue file, imported whole or not at all. Idempotent: units already there are
   * updated to what the file says (and verified), none is inserted twice.
   */
  async importCatalogue(input: CatalogueFileInput, actorUserId: string | null): Promise<CatalogueImportResult> {
    const format = !input.format || input.format === 'auto' ? catalogueFormatOf(input.content) : input.format;
    const catalogue = unwrap(readCatalogueFile(input.content, format, input.jurisdiction, input.source));
    return this.dataSource.transaction(async (manager) => {
      const existing = await this.store.lockJurisdiction(manager, catalogue.jurisdiction);
      // units the file does not list (an import's unverified ones, an admin's) keep their names: an alias of the
      // file must not name one of them, or the importer could not tell the two apart — merge that unit first
      const inFile = new Set(catalogue.units.map((unit) => unit.name));
      const others = existing.filter((unit) => !inFile.has(unit.name));
      const clashes = catalogue.units.flatMap((unit) => nameClashes({ id: null, name: unit.name, aliases: [...unit.aliases, ...unit.misspellings] }, others));
      if (clashes.length > 0) throw conflict('unit_name_taken', `${clashes.join('; ')}: merge that unit into the catalogue's first`);
      const { inserted, updated } = await this.store.upsertCatalogue(manager, catalogue);
      await this.store.appendEvent(manager, {
        jurisdiction: catalogue.jurisdiction,
        unitId: null,
        type: 'catalogue_imported',
        actorUserId,
        payload: { units: catalogue.units.length, inserted, updated },
        at: this.clock.now(),
      });
      return { jurisdiction: catalogue.jurisdiction, units: catalogue.units.length, inserted, updated };
    });
  }

  /** The unit (404 when there is none) and its jurisdiction's units, all locked for the change. */
  async lockUnit(manager: EntityManager, id: string): Promise<{ unit: LockedUnit; units: LockedUnit[] }> {
    const jurisdiction = (await this.store.jurisdictionsOf(manager, [id])).get(id);
    if (jurisdiction === undefined) throw notFound('unit_not_found', `unit ${id} does not exist`);
    const units = await this.store.lockJurisdiction(manager, jurisdiction);
    const unit = units.find((candidate) => candidate.id === id);
    if (!unit) throw notFound('unit_not_found', `unit ${id} does not exist`);
    return { unit, units };
  }

  private kindOf(kind: string): UnitKind {
    if (!isUnitKind(kind)) throw invalid('unit_kind_unknown', `kind “${kind}” is not a unit kind`);
    return kind;
  }
}
