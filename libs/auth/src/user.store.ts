import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryPrepared } from '@duban/persistence';

export interface UserRow {
  id: string;
  username: string;
  name: string | null;
  unit_id: string | null;
  roles: string[];
  disabled: boolean;
  must_change_password: boolean;
}

const USER_COLUMNS = 'id::text, username, name, unit_id::text, roles, disabled, must_change_password';

/** The only writer of `users`. */
@Injectable()
export class UserStore {
  /** The new user, or null when the username (case aside) is taken. */
  async insert(
    manager: EntityManager,
    user: { username: string; name: string | null; passwordHash: string; unitId: string | null; roles: string[]; mustChangePassword: boolean },
  ): Promise<UserRow | null> {
    const rows: UserRow[] = await manager.query(
      `INSERT INTO users (username, name, password_hash, unit_id, roles, must_change_password) VALUES ($1, $6, $2, $3, $4, $5)
       ON CONFLICT (lower(username)) DO NOTHING RETURNING ${USER_COLUMNS}`,
      [user.username, user.passwordHash, user.unitId, user.roles, user.mustChangePassword, user.name],
    );
    return rows[0] ?? null;
  }

  /** Changes what is given (null: unchanged; a name of '' removes it); null when the user does not exist. */
  async update(
    manager: EntityManager,
    id: string,
    change: { passwordHash: string | null; roles: string[] | null; disabled: boolean | null; mustChangePassword: boolean | null; name: string | null },
  ): Promise<UserRow | null> {
    const rows: UserRow[] = await manager.query(
      `WITH changed AS (
         UPDATE users SET password_hash = COALESCE($2, password_hash), roles = COALESCE($3, roles), disabled = COALESCE($4, disabled),
                must_change_password = COALESCE($5, must_change_password),
                name = CASE WHEN $6::text IS NULL THEN name ELSE NULLIF($6::text, '') END, updated_at = now()
          WHERE id = $1 RETURNING *)
       SELECT ${USER_COLUMNS} FROM changed`,
      [id, change.passwordHash, change.roles, change.disabled, change.mustChangePassword, change.name],
    );
    return rows[0] ?? null;
  }

  /** The user as it is, locked until the transaction ends (a change compares before and after). */
  async lock(manager: EntityManager, id: string): Promise<(UserRow & { password_hash: string }) | null> {
    const rows: (UserRow & { password_hash: string })[] = await manager.query(`SELECT ${USER_COLUMNS}, password_hash FROM users WHERE id = $1 FOR UPDATE`, [
      id,
    ]);
    return rows[0] ?? null;
  }

  async list(manager: EntityManager, unitId?: string): Promise<UserRow[]> {
    return unitId
      ? manager.query(`SELECT ${USER_COLUMNS} FROM users WHERE unit_id = $1 ORDER BY users.id`, [unitId])
      : manager.query(`SELECT ${USER_COLUMNS} FROM users ORDER BY users.id`);
  }

  /** A unit merge: the merged unit's people belong to the survivor. Returns their ids (the guard's cache forgets them). */
  async moveUnit(manager: EntityManager, fromUnitId: string, intoUnitId: string): Promise<{ id: string; username: string }[]> {
    // queryPrepared answers the rows (TypeORM's query answers [rows, count] for an UPDATE)
    return queryPrepared<{ id: string; username: string }>(
      manager,
      'UPDATE users SET unit_id = $2, updated_at = now() WHERE unit_id = $1 RETURNING id::text, username',
      [fromUnitId, intoUnitId],
    );
  }
}
