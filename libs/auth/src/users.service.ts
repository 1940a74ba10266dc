import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { conflict, invalid, notFound, type Role } from '@duban/domain';
import type { UserView } from './auth.view';
import { AuthUserCache } from './auth-user-cache';
import { hashPassword } from './password-hasher';
import { type UserRow, UserStore } from './user.store';

export interface CreateUserInput {
  username: string;
  password: string;
  /** the unit the user acts for (null for admins without a unit) */
  unitId: string | null;
  roles: Role[];
}

/** Only the fields given change. */
export interface UpdateUserInput {
  password?: string;
  roles?: Role[];
  disabled?: boolean;
}

const toView = (row: UserRow): UserView => ({ id: row.id, username: row.username, unitId: row.unit_id, roles: row.roles, disabled: row.disabled });

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UserStore,
    private readonly guardedUsers: AuthUserCache,
  ) {}

  async create(dto: CreateUserInput, manager: EntityManager = this.dataSource.manager): Promise<UserView> {
    if (dto.unitId !== null) {
      const unit: unknown[] = await manager.query('SELECT 1 FROM units WHERE id = $1', [dto.unitId]);
      if (unit.length === 0) throw invalid('unit_not_found', `unitId ${dto.unitId} is not a known unit`);
    }
    if (dto.roles.some((role) => role === 'officer') && dto.unitId === null) {
      throw invalid('unit_required', 'an officer acts for a unit: unitId is required');
    }
    const passwordHash = await hashPassword(dto.password);
    const row = await this.users.insert(manager, { username: dto.username, passwordHash, unitId: dto.unitId, roles: dto.roles });
    if (!row) throw conflict('username_taken', `username ${dto.username} exists already`);
    return toView(row);
  }

  async list(unitId?: string): Promise<UserView[]> {
    return (await this.users.list(this.dataSource.manager, unitId)).map(toView);
  }

  async update(id: string, dto: UpdateUserInput): Promise<UserView> {
    const passwordHash = dto.password === undefined ? null : await hashPassword(dto.password);
    const row = await this.users.update(this.dataSource.manager, id, { passwordHash, roles: dto.roles ?? null, disabled: dto.disabled ?? null });
    if (!row) throw notFound('user_not_found', `user ${id} does not exist`);
    // the guard reads the changed user again on its next request in this process
    this.guardedUsers.forget(id);
    return toView(row);
  }
}
