import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { conflict, invalid, notFound, type Role } from '@duban/domain';
import type { UserView } from './auth.view';
import { AuthRevocations } from './auth-revocations';
import { hashPassword } from './password-hasher';
import { assertPasswordAcceptable } from './password-policy';
import { type NewSecurityEvent, SecurityEventStore } from './security-event.store';
import { type SessionEndReason, SessionStore } from './session.store';
import { type UserRow, UserStore } from './user.store';

export interface CreateUserInput {
  username: string;
  /** the person's name as others see it (张伟); none: shown by username */
  name?: string | null;
  password: string;
  /** the unit the user acts for (null for admins without a unit) */
  unitId: string | null;
  roles: Role[];
  /** the user must choose their own password at first login (default true; false for service accounts and scripts) */
  mustChangePassword?: boolean;
}

/** Only the fields given change. */
export interface UpdateUserInput {
  /** '' or null removes the name (the user is shown by username) */
  name?: string | null;
  password?: string;
  roles?: Role[];
  disabled?: boolean;
}

export interface CreateUserOptions {
  /** the admin who creates the user (null: the command line or the seed step) */
  actorUserId?: string | null;
  /**
   * A demo user of the seed step: its password is the published DEMO_PASSWORD, so the password policy
   * (which refuses that password) and must-change do not apply. Never in production (SeedService).
   */
  demo?: boolean;
}

const toView = (row: UserRow): UserView => ({
  id: row.id,
  username: row.username,
  name: row.name,
  unitId: row.unit_id,
  roles: row.roles,
  disabled: row.disabled,
  mustChangePassword: row.must_change_password,
});

const sameRoles = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((role) => b.includes(role));

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UserStore,
    private readonly sessions: SessionStore,
    private readonly securityEvents: SecurityEventStore,
    private readonly revocations: AuthRevocations,
  ) {}

  async create(dto: CreateUserInput, manager: EntityManager = this.dataSource.manager, options: CreateUserOptions = {}): Promise<UserView> {
    if (!options.demo) assertPasswordAcceptable(dto.password, dto.username);
    if (dto.unitId !== null) {
      const unit: unknown[] = await manager.query('SELECT 1 FROM units WHERE id = $1', [dto.unitId]);
      if (unit.length === 0) throw invalid('unit_not_found', `unitId ${dto.unitId} is not a known unit`);
    }
    if (dto.roles.some((role) => role === 'officer') && dto.unitId === null) {
      throw invalid('unit_required', 'an officer acts for a unit: unitId is required');
    }
    const passwordHash = await hashPassword(dto.password);
    const mustChangePassword = options.demo ? false : (dto.mustChangePassword ?? true);
    const row = await this.users.insert(manager, {
      username: dto.username,
      name: dto.name?.trim() || null,
      passwordHash,
      unitId: dto.unitId,
      roles: dto.roles,
      mustChangePassword,
    });
    if (!row) throw conflict('username_taken', `username ${dto.username} exists already`);
    await this.securityEvents.append(manager, [
      {
        kind: 'user_created',
        userId: row.id,
        username: row.username,
        actorUserId: options.actorUserId ?? null,
        detail: { roles: row.roles, unitId: row.unit_id, mustChangePassword, ...(options.demo ? { demo: true } : {}) },
      },
    ]);
    return toView(row);
  }

  async list(unitId?: string): Promise<UserView[]> {
    return (await this.users.list(this.dataSource.manager, unitId)).map(toView);
  }

  /**
   * An admin's change. A new password must be changed by the user at their next login; a new password,
   * other roles or disabling ends every session of the user, in every api process at once.
   */
  async update(id: string, dto: UpdateUserInput, actorUserId: string | null = null): Promise<UserView> {
    const passwordHash = dto.password === undefined ? null : await hashPassword(dto.password);
    const { row, ended } = await this.dataSource.transaction(async (manager) => {
      const before = await this.users.lock(manager, id);
      if (!before) throw notFound('user_not_found', `user ${id} does not exist`);
      if (dto.password !== undefined) assertPasswordAcceptable(dto.password, before.username);
      const after = (await this.users.update(manager, id, {
        passwordHash,
        roles: dto.roles ?? null,
        disabled: dto.disabled ?? null,
        mustChangePassword: dto.password === undefined ? null : true,
        name: dto.name === undefined ? null : (dto.name?.trim() ?? ''),
      }))!;
      const events: NewSecurityEvent[] = [];
      const about = { userId: id, username: after.username, actorUserId };
      let endReason: SessionEndReason | null = null;
      if (dto.password !== undefined) {
        events.push({ ...about, kind: 'password_changed', detail: { by: 'admin', mustChangePassword: true } });
        endReason = 'password_changed';
      }
      if (!sameRoles(before.roles, after.roles)) {
        events.push({ ...about, kind: 'roles_changed', detail: { before: before.roles, after: after.roles } });
        endReason = 'roles_changed';
      }
      if (before.disabled !== after.disabled) {
        events.push({ ...about, kind: after.disabled ? 'user_disabled' : 'user_enabled' });
        if (after.disabled) endReason = 'disabled';
      }
      const endedSessions = endReason ? await this.sessions.endAllOf(manager, id, endReason) : 0;
      if (endedSessions > 0) for (const event of events) event.detail = { ...event.detail, sessionsEnded: endedSessions };
      await this.securityEvents.append(manager, events);
      return { row: after, ended: events.length > 0 };
    });
    // the guard reads the changed user again on its next request, in every api process
    if (ended) await this.revocations.revoked([id]);
    return toView(row);
  }
}
