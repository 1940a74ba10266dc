import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** What the security audit records (the `kind` column's values; docs/security.md explains each). */
export const SECURITY_EVENT_KINDS = [
  'login_succeeded',
  'login_failed',
  'login_locked',
  'lockout_started',
  'logout',
  'session_reuse_detected',
  'password_changed',
  'user_created',
  'roles_changed',
  'unit_changed',
  'user_disabled',
  'user_enabled',
  'export_downloaded',
  'channels_changed',
] as const;
export type SecurityEventKind = (typeof SECURITY_EVENT_KINDS)[number];

export interface NewSecurityEvent {
  kind: SecurityEventKind;
  /** the user the event is about (null: a login for an unknown username) */
  userId: string | null;
  username: string | null;
  /** who did it, when not the user themself (an admin) */
  actorUserId?: string | null;
  address?: string | null;
  detail?: Record<string, unknown>;
}

export interface SecurityEventRow {
  id: string;
  kind: SecurityEventKind;
  user_id: string | null;
  username: string | null;
  actor_user_id: string | null;
  address: string | null;
  detail: Record<string, unknown>;
  at: Date;
}

/** The only writer of `security_events`; rows are never changed or deleted. */
@Injectable()
export class SecurityEventStore {
  async append(manager: EntityManager, events: NewSecurityEvent[]): Promise<void> {
    if (events.length === 0) return;
    await manager.query(
      `INSERT INTO security_events (kind, user_id, username, actor_user_id, address, detail)
       SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::bigint[], $5::text[], $6::jsonb[])`,
      [
        events.map((event) => event.kind),
        events.map((event) => event.userId),
        events.map((event) => event.username),
        events.map((event) => event.actorUserId ?? null),
        events.map((event) => event.address ?? null),
        events.map((event) => JSON.stringify(event.detail ?? {})),
      ],
    );
  }
}
