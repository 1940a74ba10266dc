import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { CatalogueUnit, UnitCatalogue } from '@duban/domain';
import type { UnitView } from './unit.dto';

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

  async list(jurisdiction?: string): Promise<UnitView[]> {
    const rows: UnitRow[] = jurisdiction
      ? await this.dataSource.query(`${UNIT_SELECT} WHERE u.jurisdiction = $1 ORDER BY u.id`, [jurisdiction])
      : await this.dataSource.query(`${UNIT_SELECT} ORDER BY u.id`);
    return rows.map(toView);
  }

  async get(id: string): Promise<UnitView> {
    const rows: UnitRow[] = await this.dataSource.query(`${UNIT_SELECT} WHERE u.id = $1`, [id]);
    if (rows.length === 0) throw new NotFoundException(`unit ${id} does not exist`);
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

  /**
   * Writes a catalogue into the units table: new units are inserted, known ones get the catalogue's
   * kind, aliases and misspellings and become verified; parents and memberships follow the catalogue.
   */
  async upsertCatalogue(manager: EntityManager, catalogue: UnitCatalogue): Promise<{ inserted: number; updated: number }> {
    const result: { id: string; inserted: boolean }[] = await manager.query(
      `INSERT INTO units (jurisdiction, name, kind, aliases, misspellings, verified)
       SELECT $1, u.name, u.kind, u.aliases, u.misspellings, true
         FROM jsonb_to_recordset($2::jsonb) AS u(name text, kind text, aliases text[], misspellings text[])
       ON CONFLICT (jurisdiction, name) DO UPDATE
         SET kind = EXCLUDED.kind, aliases = EXCLUDED.aliases, misspellings = EXCLUDED.misspellings, verified = true
       RETURNING id::text, (xmax = 0) AS inserted`,
      [catalogue.jurisdiction, JSON.stringify(catalogue.units.map(({ name, kind, aliases, misspellings }) => ({ name, kind, aliases, misspellings })))],
    );
    const links = JSON.stringify(catalogue.units.map((u) => ({ name: u.name, parent: u.parent, member_of: u.memberOf })));
    await manager.query(
      `UPDATE units c SET parent_id = p.id
         FROM jsonb_to_recordset($2::jsonb) AS l(name text, parent text)
         LEFT JOIN units p ON p.jurisdiction = $1 AND p.name = l.parent
        WHERE c.jurisdiction = $1 AND c.name = l.name AND c.parent_id IS DISTINCT FROM p.id`,
      [catalogue.jurisdiction, links],
    );
    await manager.query(
      `DELETE FROM unit_memberships m USING units c
        WHERE m.member_id = c.id AND c.jurisdiction = $1 AND c.name IN (SELECT l.name FROM jsonb_to_recordset($2::jsonb) AS l(name text))`,
      [catalogue.jurisdiction, links],
    );
    await manager.query(
      `INSERT INTO unit_memberships (group_id, member_id)
       SELECT g.id, c.id
         FROM jsonb_to_recordset($2::jsonb) AS l(name text, member_of text[])
         CROSS JOIN LATERAL unnest(l.member_of) AS group_name
         JOIN units c ON c.jurisdiction = $1 AND c.name = l.name
         JOIN units g ON g.jurisdiction = $1 AND g.name = group_name
       ON CONFLICT DO NOTHING`,
      [catalogue.jurisdiction, links],
    );
    const inserted = result.filter((r) => r.inserted).length;
    return { inserted, updated: result.length - inserted };
  }
}
