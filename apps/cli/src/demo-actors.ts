import type { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Readable } from 'node:stream';
import { AttachmentUploadService } from '@duban/attachments';
import type { AuthenticatedUser } from '@duban/auth';
import { ClockService } from '@duban/clock';
import type { Role, UserTaskEventType } from '@duban/domain';
import { SeedService } from '@duban/seed';
import { OrderWorkflowService, TaskHandlersService, TaskWorkflowService } from '@duban/workflow';

/** A one-page PDF, the report behind each claim: the seed plan requires a file-backed evidence item (its policy). */
const REPORT_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
  'latin1',
);

export type EvidenceList = { title: string; attachmentId: string }[];

/**
 * The seed plan and its people, acting through the real services on the simulated clock: what the
 * replay (`npm run demo:replay`) and the demo (`npm run demo`) script their history with.
 */
export interface DemoActors {
  dataSource: DataSource;
  planId: string;
  tasks: Map<number, string>;
  users: Map<string, AuthenticatedUser>;
  inspector: AuthenticatedUser;
  leadOfficer: (seq: number) => Promise<AuthenticatedUser>;
  /** an officer of the unit (the first by id) */
  officerOf: (unitId: string) => AuthenticatedUser;
  send: (seq: number, user: AuthenticatedUser, type: UserTaskEventType, payload?: Record<string, unknown>) => Promise<unknown>;
  /** a unit's head names the unit's handlers (承办人) of a task */
  assignHandlers: (seq: number, head: AuthenticatedUser, userIds: string[]) => Promise<unknown>;
  /** uploads the report as `user` (as `POST /attachments` does) and names it as evidence */
  evidence: (seq: number, user: AuthenticatedUser, fileName: string) => Promise<EvidenceList>;
  /** submits a rectification order as an officer of its unit */
  submitOrder: (orderId: string, unitId: string, seq: number, summary: string, fileName: string) => Promise<void>;
  /** moves the clock to 10:00 of `day` (Beijing), firing every timer due by then, and says what happens on it */
  on: (day: string, what: string) => Promise<void>;
}

export async function demoActors(app: INestApplicationContext, say: (line: string) => void): Promise<DemoActors> {
  const dataSource = app.get<DataSource>(getDataSourceToken());
  const clock = app.get(ClockService);
  const workflow = app.get(TaskWorkflowService);
  const orders = app.get(OrderWorkflowService);
  const uploads = app.get(AttachmentUploadService);
  const handlers = app.get(TaskHandlersService);

  const seeded = await app.get(SeedService).seed();
  const planId = seeded.plans[0].planId;
  say(`imported plan ${planId}: ${seeded.plans[0].tasks} tasks; ${seeded.units} units, ${seeded.users} demo users`);

  const users = new Map<string, AuthenticatedUser>(
    (
      await dataSource.query<{ id: string; username: string; unit_id: string | null; roles: Role[] }[]>(
        'SELECT id::text, username, unit_id::text, roles FROM users ORDER BY id',
      )
    ).map((u) => [u.username, { id: u.id, username: u.username, unitId: u.unit_id, roles: u.roles }]),
  );
  const tasks = new Map<number, string>(
    (await dataSource.query<{ seq: number; id: string }[]>('SELECT seq, id::text FROM tasks WHERE plan_id = $1', [planId])).map((t) => [t.seq, t.id]),
  );
  const officerOf = (unitId: string): AuthenticatedUser => {
    // the unit's officer, not its head (a head is an officer too)
    const officers = [...users.values()].filter((u) => u.unitId === unitId && u.roles.includes('officer'));
    const officer = officers.find((u) => !u.roles.includes('unit_head')) ?? officers[0];
    if (!officer) throw new Error(`no demo officer in unit ${unitId}`);
    return officer;
  };
  const actors: DemoActors = {
    dataSource,
    planId,
    tasks,
    users,
    inspector: users.get('inspector') as AuthenticatedUser,
    officerOf,
    async leadOfficer(seq) {
      const [row]: { username: string }[] = await dataSource.query(
        `SELECT u.username FROM users u JOIN task_units tu ON tu.unit_id = u.unit_id AND tu.role = 'lead' WHERE tu.task_id = $1 AND 'officer' = ANY(u.roles)
          ORDER BY tu.position, 'unit_head' = ANY(u.roles), u.id LIMIT 1`,
        [tasks.get(seq)],
      );
      return users.get(row.username) as AuthenticatedUser;
    },
    send: (seq, user, type, payload = {}) => workflow.applyUserEvent(tasks.get(seq) as string, user, { type, payload }),
    assignHandlers: (seq, head, userIds) => handlers.assign(tasks.get(seq) as string, head, { unitId: head.unitId as string, userIds }),
    async evidence(seq, user, fileName) {
      const staged = await uploads.stage(Readable.from([REPORT_PDF]));
      const file = await uploads.store(user, staged, fileName, tasks.get(seq) as string);
      return [{ title: '工作总结及佐证材料', attachmentId: file.id }];
    },
    async submitOrder(orderId, unitId, seq, summary, fileName) {
      const officer = officerOf(unitId);
      await orders.submit(officer, orderId, { summary, evidence: await actors.evidence(seq, officer, fileName) });
    },
    async on(day, what) {
      await clock.moveTo(new Date(`${day}T10:00:00+08:00`));
      say(`${day}  ${what}`);
    },
  };
  return actors;
}
