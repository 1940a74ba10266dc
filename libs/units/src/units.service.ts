import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type CatalogueUnit, notFound, type UnitCatalogue } from '@duban/domain';
import { queryPrepared } from '@duban/persistence';
import type { UnitEventView, UnitView } from './unit.view';

interface UnitRow {
  id: string;
  name: string;
  jurisdiction: string;
  kind: string;
  aliases: string[];
  misspellings: string[];
  parent_id: string | null;
  verified: boolean;
  member_ids: string[] | null;
  group_names: string[] | null;
  parent_name: string | null;
}

const UNIT_SELECT = `
  SELECT u.id::text, u.name, u.jurisdiction, u.kind, u.aliases, u.misspellings, u.parent_id::text, u.verified, p.name AS parent_name,
         (SELECT array_agg(m.member_id::text ORDER BY m.member_id) FROM unit_memberships m WHERE m.group_id = u.id) AS member_ids,
         (SELECT array_agg(g.name ORDER BY g.name) FROM unit_memberships m JOIN units g ON g.id = m.group_id WHERE m.member_id = u.id) AS group_names
    FROM units u LEFT JOIN units p ON p.id = u.parent_id`;

function toView(row: UnitRow): UnitView {
  const view: UnitView = {
    id: row.id,
    name: row.name,
    jurisdiction: row.jurisdiction,
    kind: row.kind,
    aliases: row.aliases,
    parentId: row.parent_id,
    verified: row.verified,
  };
  if (row.member_ids) view.memberIds = row.member_ids;
  return view;
}

/** The catalogue of a jurisdiction as the importer reads it, plus the ids of its units. */
export interface StoredCatalogue {
  catalogue: UnitCatalogue;
  idByName: Map<string, string>;
}

@Injectable()
export class UnitsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The units, of one jurisdiction and/or only the (un)verified ones (`verified=false`: the review list). */
  async list(jurisdiction?: string, verified?: boolean): Promise<UnitView[]> {
    const rows: UnitRow[] = await this.dataSource.query(
      `${UNIT_SELECT} WHERE ($1::text IS NULL OR u.jurisdiction = $1) AND ($2::boolean IS NULL OR u.verified = $2) ORDER BY u.id`,
      [jurisdiction ?? null, verified ?? null],
    );
    return rows.map(toView);
  }

  /** The unit's audit trail, oldest first (a merged unit's trail stays readable by its old id). */
  async events(id: string): Promise<UnitEventView[]> {
    const rows: { id: string; type: string; actor_user_id: string | null; payload: Record<string, unknown>; at: Date }[] = await this.dataSource.query(
      `SELECT id::text, type, actor_user_id::text, payload, at FROM unit_events
        WHERE unit_id = $1 OR (type = 'merged' AND payload->>'intoUnitId' = $1::text) ORDER BY id`,
      [id],
    );
    if (rows.length === 0) await this.get(id);
    return rows.map((row) => ({ id: row.id, type: row.type, actorUserId: row.actor_user_id, payload: row.payload, at: row.at.toISOString() }));
  }

  async get(id: string): Promise<UnitView> {
    const rows: UnitRow[] = await this.dataSource.query(`${UNIT_SELECT} WHERE u.id = $1`, [id]);
    if (rows.length === 0) throw notFound('unit_not_found', `unit ${id} does not exist`);
    return toView(rows[0]);
  }

  async loadCatalogue(manager: EntityManager, jurisdiction: string): Promise<StoredCatalogue> {
    const rows: UnitRow[] = await manager.query(`${UNIT_SELECT} WHERE u.jurisdiction = $1 ORDER BY u.id`, [jurisdiction]);
    const units: CatalogueUnit[] = rows.map((row) => ({
      name: row.name,
      kind: row.kind as CatalogueUnit['kind'],
      aliases: row.aliases,
      misspellings: row.misspellings,
      parent: row.parent_name,
      memberOf: row.group_names ?? [],
    }));
    return { catalogue: { jurisdiction, units }, idByName: new Map(rows.map((row) => [row.name, row.id])) };
  }

  /** The ids of a jurisdiction's units of a kind (`supervision`: the supervising office; `office`: the committees' offices). */
  async idsOfKind(manager: EntityManager, jurisdiction: string, kind: 'supervision' | 'office'): Promise<string[]> {
    const rows = await queryPrepared<{ id: string }>(manager, 'SELECT id::text FROM units WHERE jurisdiction = $1 AND kind = $2 ORDER BY units.id', [
      jurisdiction,
      kind,
    ]);
    return rows.map((row) => row.id);
  }

  /** Which of `unitIds` exist and can lead a task (a group cannot). */
  async leadableOf(unitIds: string[]): Promise<Set<string>> {
    const rows = await queryPrepared<{ id: string }>(this.dataSource, `SELECT id::text FROM units WHERE id = ANY($1::bigint[]) AND kind <> 'group'`, [unitIds]);
    return new Set(rows.map((row) => row.id));
  }

  /** The units with these ids (those that exist), read in the caller's transaction. */
  async byIds(manager: EntityManager, unitIds: string[]): Promise<{ id: string; name: string; kind: string; jurisdiction: string }[]> {
    return manager.query('SELECT id::text, name, kind, jurisdiction FROM units WHERE id = ANY($1::bigint[])', [unitIds]);
  }
}
