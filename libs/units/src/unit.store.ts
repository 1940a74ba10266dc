import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { UnitCatalogue } from '@duban/domain';
import { queryPrepared } from '@duban/persistence';

/** The only writer of `units` and `unit_memberships`. */
@Injectable()
export class UnitStore {
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

  /** Units an import names that the catalogue lacks: kept, unverified, until an admin reviews them. */
  async insertUnverified(manager: EntityManager, jurisdiction: string, names: string[]): Promise<{ id: string; name: string }[]> {
    if (names.length === 0) return [];
    return manager.query(
      `INSERT INTO units (jurisdiction, name, kind, verified)
       SELECT $1, name, 'unverified', false FROM unnest($2::text[]) AS name
       ON CONFLICT (jurisdiction, name) DO UPDATE SET name = EXCLUDED.name
       RETURNING id::text, name`,
      [jurisdiction, names],
    );
  }

  /** Sets (or with nulls removes) a unit's webhook; null when the unit does not exist. */
  async setWebhook(
    manager: EntityManager,
    unitId: string,
    url: string | null,
    secret: string | null,
  ): Promise<{ id: string; name: string; webhook_url: string | null } | null> {
    const rows = await queryPrepared<{ id: string; name: string; webhook_url: string | null }>(
      manager,
      `UPDATE units SET webhook_url = $2, webhook_secret = $3 WHERE id = $1 RETURNING id::text, name, webhook_url`,
      [unitId, url, secret],
    );
    return rows[0] ?? null;
  }
}
