import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { childJurisdictionsOf, type UnitCatalogue, type UnitKind } from '@duban/domain';
import { queryPrepared } from '@duban/persistence';

/** A unit's row as the admin's rules read it, locked for the change. */
export interface LockedUnit {
  id: string;
  name: string;
  jurisdiction: string;
  kind: UnitKind;
  aliases: string[];
  misspellings: string[];
  parent_id: string | null;
  verified: boolean;
}

/** An entry of the catalogue's audit trail. */
export interface UnitEventWrite {
  jurisdiction: string;
  unitId: string | null;
  type: 'created' | 'updated' | 'merged' | 'catalogue_imported';
  actorUserId: string | null;
  payload: Record<string, unknown>;
  at: Date;
}

const LOCKED_COLUMNS = 'id::text, name, jurisdiction, kind, aliases, misspellings, parent_id::text, verified';

/**
 * A write of `jurisdictions` (ending in `RETURNING`) that, when it changed a row, gives the tree a new version in the same
 * statement (migration 1764960000000: the api keeps the tree under its version between requests).
 */
const touchingTheTree = (write: string): string =>
  `WITH written AS (${write})
   INSERT INTO jurisdiction_tree_version (version) SELECT txid_current() WHERE EXISTS (SELECT 1 FROM written)
   ON CONFLICT (singleton) DO UPDATE SET version = EXCLUDED.version`;

/** The only writer of `units`, `unit_memberships`, `unit_events`, `jurisdictions` and `jurisdiction_tree_version`. */
@Injectable()
export class UnitStore {
  /**
   * Writes a catalogue into the units table: new units are inserted, known ones get the catalogue's
   * kind and misspellings and become verified; aliases are added to those the unit has (a merge's alias
   * outlives a re-import of the file); parents and memberships follow the catalogue.
   */
  async upsertCatalogue(manager: EntityManager, catalogue: UnitCatalogue): Promise<{ inserted: number; updated: number }> {
    const result: { id: string; inserted: boolean }[] = await manager.query(
      `INSERT INTO units (jurisdiction, name, kind, aliases, misspellings, verified)
       SELECT $1, u.name, u.kind, u.aliases, u.misspellings, true
         FROM jsonb_to_recordset($2::jsonb) AS u(name text, kind text, aliases text[], misspellings text[])
       ON CONFLICT (jurisdiction, name) DO UPDATE
         SET kind = EXCLUDED.kind, aliases = units.aliases || ARRAY(SELECT a FROM unnest(EXCLUDED.aliases) AS a WHERE a <> ALL (units.aliases)), misspellings = EXCLUDED.misspellings, verified = true
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
    await this.placeJurisdictions(manager, catalogue);
    const inserted = result.filter((r) => r.inserted).length;
    return { inserted, updated: result.length - inserted };
  }

  /**
   * The catalogue's jurisdiction (a root until a higher catalogue places it) and the lower ones its government
   * units govern (`东胜区人民政府` → `东胜区` below `鄂尔多斯市`), each linked to its government unit.
   */
  private async placeJurisdictions(manager: EntityManager, catalogue: UnitCatalogue): Promise<void> {
    await queryPrepared(manager, touchingTheTree('INSERT INTO jurisdictions (name) VALUES ($1) ON CONFLICT DO NOTHING RETURNING name'), [
      catalogue.jurisdiction,
    ]);
    const children = childJurisdictionsOf(catalogue);
    if (children.length === 0) return;
    await manager.query(
      touchingTheTree(
        `INSERT INTO jurisdictions (name, parent, government_unit_id)
         SELECT c.name, $1, u.id FROM jsonb_to_recordset($2::jsonb) AS c(name text, unit text) JOIN units u ON u.jurisdiction = $1 AND u.name = c.unit
          WHERE c.name <> $1
         ON CONFLICT (name) DO UPDATE SET parent = EXCLUDED.parent, government_unit_id = EXCLUDED.government_unit_id
          WHERE jurisdictions.parent IS DISTINCT FROM EXCLUDED.parent OR jurisdictions.government_unit_id IS DISTINCT FROM EXCLUDED.government_unit_id
         RETURNING name`,
      ),
      [catalogue.jurisdiction, JSON.stringify(children.map((child) => ({ name: child.name, unit: child.governmentUnit })))],
    );
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

  /** The units of a jurisdiction, locked in id order (an admin's change checks names against all of them). */
  async lockJurisdiction(manager: EntityManager, jurisdiction: string): Promise<LockedUnit[]> {
    // the row locks do not stop a concurrent insert of a clashing name: one admin change per jurisdiction at a time
    await queryPrepared(manager, `SELECT pg_advisory_xact_lock(hashtext('units:' || $1))`, [jurisdiction]);
    return queryPrepared<LockedUnit>(manager, `SELECT ${LOCKED_COLUMNS} FROM units WHERE jurisdiction = $1 ORDER BY id FOR UPDATE`, [jurisdiction]);
  }

  /** The jurisdictions of the given units (to lock them before reading the units themselves). */
  async jurisdictionsOf(manager: EntityManager, unitIds: string[]): Promise<Map<string, string>> {
    const rows = await queryPrepared<{ id: string; jurisdiction: string }>(manager, 'SELECT id::text, jurisdiction FROM units WHERE id = ANY($1::bigint[])', [
      unitIds,
    ]);
    return new Map(rows.map((row) => [row.id, row.jurisdiction]));
  }

  /** A unit an admin adds; null when the name is taken in the jurisdiction. */
  async insert(
    manager: EntityManager,
    unit: { jurisdiction: string; name: string; kind: UnitKind; aliases: string[]; parentId: string | null; verified: boolean },
  ): Promise<string | null> {
    const rows = await queryPrepared<{ id: string }>(
      manager,
      `INSERT INTO units (jurisdiction, name, kind, aliases, parent_id, verified) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (jurisdiction, name) DO NOTHING RETURNING id::text`,
      [unit.jurisdiction, unit.name, unit.kind, unit.aliases, unit.parentId, unit.verified],
    );
    return rows[0]?.id ?? null;
  }

  /** An admin's correction: the unit's row as it is to be (the service has merged the change into the locked row). */
  async update(manager: EntityManager, unit: Pick<LockedUnit, 'id' | 'name' | 'kind' | 'aliases' | 'parent_id' | 'verified'>): Promise<void> {
    await queryPrepared(manager, 'UPDATE units SET name = $2, kind = $3, aliases = $4, parent_id = $5, verified = $6 WHERE id = $1', [
      unit.id,
      unit.name,
      unit.kind,
      unit.aliases,
      unit.parent_id,
      unit.verified,
    ]);
  }

  /**
   * The units' own part of a merge: the survivor takes the merged unit's aliases and misspellings (the
   * service computed them), its children, its memberships and its members, its webhook when it has
   * none, and the jurisdiction it governs; the merged unit is deleted.
   * Run after every other table's links have moved (their foreign keys would refuse the delete).
   */
  async mergeInto(manager: EntityManager, from: LockedUnit, into: LockedUnit, aliases: string[]): Promise<void> {
    const misspellings = [...new Set([...into.misspellings, ...from.misspellings])];
    await queryPrepared(manager, 'UPDATE units SET parent_id = $2 WHERE parent_id = $1 AND id <> $2', [from.id, into.id]);
    await queryPrepared(manager, 'UPDATE units SET parent_id = NULL WHERE id = $1 AND parent_id = $2', [into.id, from.id]);
    await queryPrepared(
      manager,
      `INSERT INTO unit_memberships (group_id, member_id)
       SELECT CASE WHEN group_id = $1 THEN $2 ELSE group_id END, CASE WHEN member_id = $1 THEN $2 ELSE member_id END
         FROM unit_memberships WHERE (group_id = $1 OR member_id = $1) AND group_id <> $2 AND member_id <> $2
       ON CONFLICT DO NOTHING`,
      [from.id, into.id],
    );
    // a survivor without a receiver takes the merged unit's, so its notices keep arriving somewhere
    await queryPrepared(
      manager,
      `UPDATE units i SET webhook_url = f.webhook_url, webhook_secret = f.webhook_secret
         FROM units f WHERE i.id = $2 AND f.id = $1 AND i.webhook_url IS NULL AND f.webhook_url IS NOT NULL`,
      [from.id, into.id],
    );
    // a merged government keeps governing its jurisdiction under the survivor's name
    await queryPrepared(manager, touchingTheTree('UPDATE jurisdictions SET government_unit_id = $2 WHERE government_unit_id = $1 RETURNING name'), [
      from.id,
      into.id,
    ]);
    await queryPrepared(manager, 'DELETE FROM units WHERE id = $1', [from.id]);
    await queryPrepared(manager, 'UPDATE units SET aliases = $2, misspellings = $3 WHERE id = $1', [into.id, aliases, misspellings]);
  }

  async appendEvent(manager: EntityManager, event: UnitEventWrite): Promise<void> {
    await queryPrepared(manager, 'INSERT INTO unit_events (jurisdiction, unit_id, type, actor_user_id, payload, at) VALUES ($1, $2, $3, $4, $5, $6)', [
      event.jurisdiction,
      event.unitId,
      event.type,
      event.actorUserId,
      JSON.stringify(event.payload),
      event.at,
    ]);
  }
}
