/** Who sends an event to a lifecycle machine: the scheduler (timers, the service itself) or a signed-in user. */

/** `unit_head`: the head of a unit, who names the unit's handlers (承办人) for a task. */
export type Role = 'admin' | 'inspector' | 'officer' | 'unit_head' | 'viewer';

/** Every role, in the order the API lists them. */
export const ROLES: readonly Role[] = ['admin', 'inspector', 'officer', 'unit_head', 'viewer'];

/**
 * How the user's unit relates to the task (or order) the event is about, computed by the service:
 * `lead` if the unit leads the task, `support` if it is a responsible unit, `addressed` if an open
 * rectification order of the current round (for an order: this order) is addressed to it. A unit
 * may hold several relations; `none` (or an empty list) means no relation. `outside_jurisdiction`: the unit is a
 * lower jurisdiction's supervision unit (a banner's 督查室) and the task is not of the plans it oversees — no grant
 * of the inspector role reaches the task (a banner's inspectors inspect only their own jurisdiction's plans).
 */
export type Relation = 'lead' | 'support' | 'addressed' | 'outside_jurisdiction' | 'none';

export interface SystemActor {
  kind: 'system';
}

/**
 * Whether the user's unit has named handlers (承办人) for the task and the user is one of them:
 * `unnamed` none are named (the whole unit handles it), `handler` the user is named, `other` others are.
 */
export type Handling = 'unnamed' | 'handler' | 'other';

export interface UserActor {
  kind: 'user';
  userId: string;
  unitId: string | null;
  roles: Role[];
  relations: Relation[];
  /** read by the service with the task's lock; absent: not known, as `unnamed` */
  handling?: Handling;
}

export type Actor = SystemActor | UserActor;
