import type { Actor, Relation, Role, UserActor } from './actor.types';
import type { Permission } from './transition-result.types';

/** One way a user may be entitled to send an event: a role, optionally tied to the unit's relation. */
export interface Grant {
  role: Role;
  /** the user's unit must hold at least one of these relations */
  requiresAnyRelation?: readonly Relation[];
  /** separation of duties: a lead unit of the task is refused even if it holds other relations */
  excludesLeadUnit?: boolean;
  /** the holder of this grant as a sentence fragment, for refusal reasons */
  who: string;
}

/** Who may send one event type, independent of the machine's state. */
export type SenderRule = { sender: 'system' } | { sender: 'user'; grants: readonly Grant[] };

export type PermissionTable<TEventType extends string> = Readonly<Record<TEventType, SenderRule>>;

export const systemOnly: SenderRule = { sender: 'system' };

export function usersWith(...grants: Grant[]): SenderRule {
  return { sender: 'user', grants };
}

function holdsRelation(actor: UserActor, relation: Relation): boolean {
  return relation !== 'none' && actor.relations.includes(relation);
}

function grantMatches(grant: Grant, actor: UserActor): boolean {
  if (!actor.roles.includes(grant.role)) return false;
  // a banner's inspectors inspect only the plans of their jurisdiction and those below it (docs/cascade.md)
  if (grant.role === 'inspector' && holdsRelation(actor, 'outside_jurisdiction')) return false;
  if (grant.requiresAnyRelation && !grant.requiresAnyRelation.some((relation) => holdsRelation(actor, relation))) return false;
  return !(grant.excludesLeadUnit && holdsRelation(actor, 'lead'));
}

function systemEventTypesOf<TEventType extends string>(table: PermissionTable<TEventType>): TEventType[] {
  return (Object.keys(table) as TEventType[]).filter((type) => table[type].sender === 'system');
}

/** Reads a permission table: a user holding several roles is permitted if any of its grants matches. */
export function checkPermission<TEventType extends string>(table: PermissionTable<TEventType>, eventType: TEventType, actor: Actor): Permission {
  const rule = table[eventType];
  if (actor.kind === 'system') {
    if (rule.sender === 'system') return { permitted: true };
    const systemEvents = systemEventTypesOf(table).join(', ');
    return { permitted: false, reason: `the system may not send ${eventType}; it sends only ${systemEvents}` };
  }
  if (rule.sender === 'system') {
    return { permitted: false, reason: `${eventType} is sent only by the system, never by a user` };
  }
  if (rule.grants.some((grant) => grantMatches(grant, actor))) return { permitted: true };

  if (actor.roles.includes('inspector') && holdsRelation(actor, 'outside_jurisdiction') && rule.grants.some((grant) => grant.role === 'inspector')) {
    return { permitted: false, reason: `an inspector of a lower jurisdiction may not send ${eventType} on a task outside its jurisdiction's plans` };
  }
  const refusedAsLead = rule.grants.find((grant) => grant.excludesLeadUnit && grantMatches({ ...grant, excludesLeadUnit: false }, actor));
  if (refusedAsLead) {
    return { permitted: false, reason: `${withArticle(refusedAsLead.role)} may not send ${eventType} on a task its own unit leads` };
  }
  return { permitted: false, reason: `only ${rule.grants.map((grant) => grant.who).join(' or ')} may send ${eventType}` };
}

function withArticle(role: Role): string {
  return `${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role}`;
}
