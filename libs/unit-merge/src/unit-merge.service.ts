import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { aliasesAfterMerge, checkMerge, Clock, notFound } from '@duban/domain';
import { AttachmentStore } from '@duban/attachments';
import { AuthRevocations, SecurityEventStore, UserStore } from '@duban/auth';
import { InboxStore } from '@duban/inbox';
import { OutboxStore } from '@duban/outbox';
import { OrderStore } from '@duban/rectification';
import { ContributionStore, SubmissionDraftStore, TaskHandlersStore, TaskLinksStore, TaskStore } from '@duban/tasks';
import { type LockedUnit, UnitAdminService, UnitStore } from '@duban/units';

/** How many rows of each table now name the surviving unit. */
export interface MovedLinks {
  taskUnits: number;
  taskEvents: number;
  rectificationOrders: number;
  inboxItems: number;
  outboxDeliveries: number;
  users: number;
  attachments: number;
  contributions: number;
  taskHandlers: number;
  submissionDrafts: number;
}

/**
 * `POST /units/:id/merge`: one unit becomes another. A merge touches every table that names a unit, so it
 * lives below all of their libraries and calls each table's own store, in one transaction: task links,
 * audit events' actor unit, rectification orders, inbox items, webhook deliveries, users, attachments, contributions, handlers and drafts, and last the
 * units themselves (children, memberships, the old name as the survivor's alias, the merged row deleted).
 * Audited in `unit_events` under both ids.
 */
@Injectable()
export class UnitMergeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly units: UnitStore,
    private readonly unitAdmin: UnitAdminService,
    private readonly taskLinks: TaskLinksStore,
    private readonly tasks: TaskStore,
    private readonly orders: OrderStore,
    private readonly inbox: InboxStore,
    private readonly outbox: OutboxStore,
    private readonly users: UserStore,
    private readonly contributions: ContributionStore,
    private readonly handlers: TaskHandlersStore,
    private readonly drafts: SubmissionDraftStore,
    private readonly revocations: AuthRevocations,
    private readonly securityEvents: SecurityEventStore,
    private readonly clock: Clock,
    private readonly attachments: AttachmentStore,
  ) {}

  async merge(fromUnitId: string, intoUnitId: string, actorUserId: string | null): Promise<MovedLinks> {
    const { moved, userIds } = await this.dataSource.transaction(async (manager) => {
      const { unit: from, units } = await this.unitAdmin.lockUnit(manager, fromUnitId);
      const into = units.find((unit) => unit.id === intoUnitId) ?? (await this.elsewhere(manager, intoUnitId));
      const refusal = checkMerge(from, into);
      if (refusal) throw refusal;

      const now = this.clock.now();
      const movedUsers = await this.users.moveUnit(manager, from.id, into.id);
      const userIds = movedUsers.map((user) => user.id);
      const moved: MovedLinks = {
        taskUnits: await this.taskLinks.moveUnit(manager, from.id, into.id),
        taskEvents: await this.tasks.moveActorUnit(manager, from.id, into.id),
        rectificationOrders: await this.orders.moveUnit(manager, from.id, into.id),
        inboxItems: await this.inbox.moveUnit(manager, from.id, into.id, now),
        outboxDeliveries: await this.outbox.moveUnit(manager, from.id, into.id),
        users: userIds.length,
        attachments: await this.attachments.moveUnit(manager, from.id, into.id),
        contributions: await this.contributions.moveUnit(manager, from.id, into.id),
        taskHandlers: await this.handlers.moveUnit(manager, from.id, into.id),
        submissionDrafts: await this.drafts.moveUnit(manager, from.id, into.id),
      };
      const aliases = aliasesAfterMerge(from, into);
      await this.units.mergeInto(manager, from, into, aliases);
      const payload = { fromUnitId: from.id, fromName: from.name, fromKind: from.kind, intoUnitId: into.id, intoName: into.name, aliases, moved };
      await this.units.appendEvent(manager, { jurisdiction: into.jurisdiction, unitId: from.id, type: 'merged', actorUserId, payload, at: now });
      await this.securityEvents.append(
        manager,
        movedUsers.map((user) => ({
          kind: 'unit_changed' as const,
          userId: user.id,
          username: user.username,
          actorUserId,
          detail: { fromUnitId: from.id, intoUnitId: into.id, reason: 'unit_merged' },
        })),
      );
      return { moved, userIds };
    });
    // the guard reads the moved users again (their unit changed) on their next request, in every api process
    await this.revocations.revoked(userIds);
    return moved;
  }

  /**
   * The survivor named outside the merged unit's jurisdiction: 404 when it does not exist, otherwise
   * enough of it for the rules to refuse the merge (nothing of another jurisdiction is locked, so two
   * admins merging across each other's jurisdictions cannot deadlock).
   */
  private async elsewhere(manager: EntityManager, intoUnitId: string): Promise<LockedUnit> {
    const jurisdiction = (await this.units.jurisdictionsOf(manager, [intoUnitId])).get(intoUnitId);
    if (jurisdiction === undefined) throw notFound('unit_not_found', `intoUnitId ${intoUnitId} is not a unit`);
    return { id: intoUnitId, name: `unit ${intoUnitId}`, jurisdiction, kind: 'unverified', aliases: [], misspellings: [], parent_id: null, verified: false };
  }
}
