import type { Actor, Relation, Role } from './actor.types';
import { authorize, TASK_PERMISSIONS } from './permissions';
import { SYSTEM_EVENT_TYPES, TASK_EVENT_TYPES, USER_EVENT_TYPES } from './task-lifecycle.constants';

function user(roles: Role[], relations: Relation[]): Actor {
  return { kind: 'user', userId: 'user-1', unitId: 'unit-1', roles, relations };
}

describe('authorize', () => {
  it('has one rule per event, system rules exactly for the system events', () => {
    expect(Object.keys(TASK_PERMISSIONS).sort()).toEqual([...TASK_EVENT_TYPES].sort());
    const systemRules = TASK_EVENT_TYPES.filter((eventType) => TASK_PERMISSIONS[eventType].sender === 'system');
    expect(systemRules).toEqual([...SYSTEM_EVENT_TYPES]);
  });

  it.each([
    ['START', 'an officer of a support unit', user(['officer'], ['support']), 'only an officer of a lead unit may send START'],
    ['START', 'an inspector of the lead unit', user(['inspector'], ['lead']), 'only an officer of a lead unit may send START'],
    [
      'CONTRIBUTE',
      'an officer of the lead unit',
      user(['officer'], ['lead']),
      'only an officer of a support unit or of a unit addressed by a rectification order may send CONTRIBUTE',
    ],
    ['INSPECT', 'an inspector of the lead unit', user(['inspector'], ['lead']), 'an inspector may not send INSPECT on a task its own unit leads'],
    [
      'ORDER_RECTIFICATION',
      'an inspector of a unit that leads and supports',
      user(['inspector'], ['lead', 'support']),
      'an inspector may not send ORDER_RECTIFICATION on a task its own unit leads',
    ],
    ['CLOSE', 'an officer', user(['officer'], ['none']), 'only an inspector of a unit that does not lead the task may send CLOSE'],
    [
      'APPROVE_EXTENSION',
      'an officer of the lead unit',
      user(['officer'], ['lead']),
      'only an inspector of a unit that does not lead the task or an admin may send APPROVE_EXTENSION',
    ],
    [
      'APPROVE_EXTENSION',
      'an inspector of the lead unit',
      user(['inspector'], ['lead']),
      'an inspector may not send APPROVE_EXTENSION on a task its own unit leads',
    ],
    ['REOPEN', 'a viewer', user(['viewer'], ['lead']), 'only an admin may send REOPEN'],
    ['OVERDUE', 'an admin', user(['admin'], []), 'OVERDUE is sent only by the system, never by a user'],
    ['START', 'the system', { kind: 'system' }, 'the system may not send START; it sends only RECTIFICATION_SUBMITTED, REMINDER, OVERDUE, ESCALATE'],
  ] as const)('refuses %s by %s: %s', (eventType, _who, actor, reason) => {
    expect(authorize(eventType, actor)).toEqual({ permitted: false, reason });
  });

  it('permits a user with several roles if any role permits', () => {
    expect(authorize('APPROVE_EXTENSION', user(['inspector', 'admin'], ['lead']))).toEqual({ permitted: true });
    expect(authorize('START', user(['viewer', 'officer'], ['lead']))).toEqual({ permitted: true });
    expect(authorize('CONTRIBUTE', user(['officer'], ['none', 'addressed']))).toEqual({ permitted: true });
  });

  it('lets a viewer send nothing and the system only its own events', () => {
    for (const relations of [['none'], ['lead'], ['support', 'addressed']] as Relation[][]) {
      expect(TASK_EVENT_TYPES.filter((eventType) => authorize(eventType, user(['viewer'], relations)).permitted)).toEqual([]);
    }
    expect(TASK_EVENT_TYPES.filter((eventType) => authorize(eventType, { kind: 'system' }).permitted)).toEqual([...SYSTEM_EVENT_TYPES]);
    expect(USER_EVENT_TYPES.filter((eventType) => authorize(eventType, user(['admin'], [])).permitted)).toEqual([
      'REOPEN',
      'APPROVE_EXTENSION',
      'REJECT_EXTENSION',
      'CANCEL',
      'APPROVE_CLOSE',
      'RETURN_CLOSE',
    ]);
  });
  it('refuses every inspector grant on a task outside a banner’s supervision unit’s jurisdiction, and no other role’s', () => {
    const outside = (roles: Role[]) => user(roles, ['outside_jurisdiction']);
    const inspects = USER_EVENT_TYPES.filter((eventType) => authorize(eventType, user(['inspector'], ['none'])).permitted);
    expect(inspects.length).toBeGreaterThan(0);
    for (const eventType of inspects) {
      expect(authorize(eventType, outside(['inspector']))).toEqual({
        permitted: false,
        reason: `an inspector of a lower jurisdiction may not send ${eventType} on a task outside its jurisdiction's plans`,
      });
    }
    // an admin's grants are not the inspector's
    expect(authorize('CANCEL', outside(['inspector', 'admin']))).toEqual({ permitted: true });
  });
});
