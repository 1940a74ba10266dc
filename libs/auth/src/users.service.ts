import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { UserView } from './auth.dto';
import { AuthUserCache } from './auth-user-cache';
import { hashPassword } from './password-hasher';
import type { CreateUserDto, UpdateUserDto } from './users.dto';

interface UserRow {
  id: string;
  username: string;
  unit_id: string | null;
  roles: string[];
  disabled: boolean;
}

const toView = (row: UserRow): UserView => ({ id: row.id, username: row.username, unitId: row.unit_id, roles: row.roles, disabled: row.disabled });
const USER_COLUMNS = 'id::text, username, unit_id::text, roles, disabled';

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly guardedUsers: AuthUserCache,
  ) {}

  async create(dto: CreateUserDto, manager: EntityManager = this.dataSource.manager): Promise<UserView> {
    if (dto.unitId !== null) {
      const unit: unknown[] = await manager.query('SELECT 1 FROM units WHERE id = $1', [dto.unitId]);
      if (unit.length === 0) throw new BadRequestException([`unitId ${dto.unitId} is not a known unit`]);
    }
    if (dto.roles.some((role) => role === 'officer') && dto.unitId === null) {
      throw new BadRequestException(['an officer acts for a unit: unitId is required']);
    }
    const passwordHash = await hashPassword(dto.password);
    const rows: UserRow[] = await manager.query(
      `INSERT INTO users (username, password_hash, unit_id, roles) VALUES ($1, $2, $3, $4)
       ON CONFLICT (lower(username)) DO NOTHING RETURNING ${USER_COLUMNS}`,
      [dto.username, passwordHash, dto.unitId, dto.roles],
    );
    if (rows.length === 0) throw new ConflictException(`username ${dto.username} exists already`);
    return toView(rows[0]);
  }

  async list(unitId?: string): Promise<UserView[]> {
    const rows: UserRow[] = unitId
      ? await this.dataSource.query(`SELECT ${USER_COLUMNS} FROM users WHERE unit_id = $1 ORDER BY id`, [unitId])
      : await this.dataSource.query(`SELECT ${USER_COLUMNS} FROM users ORDER BY id`);
    return rows.map(toView);
  }

  async update(id: string, dto: UpdateUserDto): Promise<UserView> {
    const passwordHash = dto.password === undefined ? null : await hashPassword(dto.password);
    // TypeORM answers an UPDATE … RETURNING with [rows, affectedCount]
    const [rows]: [UserRow[], number] = await this.dataSource.query(
      `UPDATE users SET password_hash = COALESCE($2, password_hash), roles = COALESCE($3, roles), disabled = COALESCE($4, disabled), updated_at = now()
        WHERE id = $1 RETURNING ${USER_COLUMNS}`,
      [id, passwordHash, dto.roles ?? null, dto.disabled ?? null],
    );
    if (rows.length === 0) throw new NotFoundException(`user ${id} does not exist`);
    // the guard reads the changed user again on its next request in this process
    this.guardedUsers.forget(id);
    return toView(rows[0]);
  }
}
