import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryPrepared } from '@duban/persistence';

export interface UserRow {
  id: string;
  username: string;
  unit_id: string | null;
  roles: string[];
  disabled: boolean;
}

const USER_COLUMNS = 'id::text, username, unit_id::text, roles, disabled';

/** The only writer of `users`. */
@Injectable()
export class UserStore {
  /** The new user, or null when the username (case aside) is taken. */
  async insert(manager: EntityManager, user: { username: string; passwordHash: string; unitId: string | null; roles: string[] }): Promise<UserRow | null> {
    const rows: UserRow[] = await manager.query(
      `INSERT INTO users (username, password_hash, unit_id, roles) VALUES ($1, $2, $3, $4)
       ON CONFLICT (lower(username)) DO NOTHING RETURNING ${USER_COLUMNS}`,
      [user.username, user.passwordHash, user.unitId, user.roles],
    );
    return rows[0] ?? null;
  }

  /** Changes what is given (null: unchanged); null when the user does not exist. */
  async update(
    manager: EntityManager,
    id: string,
    change: { passwordHash: string | null; roles: string[] | null; disabled: boolean | null },
  ): Promise<UserRow | null> {
    const rows: UserRow[] = await manager.query(
      `WITH changed AS (
         UPDATE users SET password_hash = COALESCE($2, password_hash), roles = COALESCE($3, roles), disabled = COALESCE($4, disabled), updated_at = now()
          WHERE id = $1 RETURNING *)
       SELECT ${USER_COLUMNS} FROM changed`,
      [id, change.passwordHash, change.roles, change.disabled],
    );
    return rows[0] ?? null;
  }

  async list(manager: EntityManager, unitId?: string): Promise<UserRow[]> {
    return unitId
      ? manager.query(`SELECT ${USER_COLUMNS} FROM users WHERE unit_id = $1 ORDER BY users.id`, [unitId])
      : manager.query(`SELECT ${USER_COLUMNS} FROM users ORDER BY users.id`);
  }

  /** A unit merge: the merged unit's people belong to the survivor. Returns their ids (the guard's cache forgets them). */
  async moveUnit(manager: EntityManager, fromUnitId: string, intoUnitId: string): Promise<string[]> {
    // queryPrepared answers the rows (TypeORM's query answers [rows, count] for an UPDATE)
    const rows = await queryPrepared<{ id: string }>(manager, 'UPDATE users SET unit_id = $2, updated_at = now() WHERE unit_id = $1 RETURNING id::text', [
      fromUnitId,
      intoUnitId,
    ]);
    return rows.map((row) => row.id);
  }
}
