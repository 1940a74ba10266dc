import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { invalid } from '@duban/domain';
import { decodeOpaqueCursor, encodeOpaqueCursor } from '@duban/platform';
import { type NewSecurityEvent, type SecurityEventKind, type SecurityEventRow, SecurityEventStore } from './security-event.store';
import type { SecurityEventPageView, SecurityEventView } from './security-event.view';

export interface SecurityEventQuery {
  kind?: SecurityEventKind;
  userId?: string;
  /** ISO times, wall clock; `from` inclusive, `to` exclusive */
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
}

const toView = (row: SecurityEventRow): SecurityEventView => ({
  id: row.id,
  kind: row.kind,
  userId: row.user_id,
  username: row.username,
  actorUserId: row.actor_user_id,
  address: row.address,
  detail: row.detail,
  at: row.at.toISOString(),
});

/** The security audit: what happened to accounts, sessions and exports, newest first, for admins. */
@Injectable()
export class SecurityAuditService {
  private readonly logger = new Logger(SecurityAuditService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: SecurityEventStore,
  ) {}

  /**
   * Records an event on its own (a login, an export); a change of a user records its event in the
   * change's transaction instead. A failure to record is logged, never the caller's failure: a login
   * or a download must not break because the audit table is unwritable.
   */
  async record(event: NewSecurityEvent): Promise<void> {
    try {
      await this.events.append(this.dataSource.manager, [event]);
    } catch (error) {
      this.logger.error(`security event ${event.kind} not recorded: ${(error as Error).message}`);
    }
  }

  async list(query: SecurityEventQuery): Promise<SecurityEventPageView> {
    const limit = query.limit ?? 50;
    const where: string[] = [];
    const values: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      values.push(value);
      where.push(sql.replace('?', `$${values.length}`));
    };
    if (query.kind) add('kind = ?', query.kind);
    if (query.userId) add('user_id = ?', query.userId);
    if (query.from) add('at >= ?::timestamptz', query.from);
    if (query.to) add('at < ?::timestamptz', query.to);
    if (query.cursor !== undefined) {
      const fields = decodeOpaqueCursor(query.cursor);
      if (!fields || fields.length !== 1 || typeof fields[0] !== 'string' || !/^\d{1,18}$/.test(fields[0])) {
        throw invalid('invalid_cursor', 'cursor is not one this list gave');
      }
      add('id < ?::bigint', fields[0]);
    }
    values.push(limit + 1);
    const rows: SecurityEventRow[] = await this.dataSource.query(
      `SELECT id::text, kind, user_id::text, username, actor_user_id::text, address, detail, at
         FROM security_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY security_events.id DESC LIMIT $${values.length}`,
      values,
    );
    const page = rows.slice(0, limit);
    return { items: page.map(toView), nextCursor: rows.length > limit ? encodeOpaqueCursor([page[page.length - 1].id]) : null };
  }
}
