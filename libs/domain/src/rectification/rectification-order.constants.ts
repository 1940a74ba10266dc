export const ORDER_STATES = ['issued', 'submitted', 'returned', 'accepted'] as const;

export const ORDER_USER_EVENT_TYPES = ['SUBMIT', 'RETURN'] as const;

/** ACCEPT is sent by the service when a re-inspection passes; the rest by the order's timers. */
export const ORDER_SYSTEM_EVENT_TYPES = ['ACCEPT', 'REMINDER', 'OVERDUE', 'ESCALATE'] as const;

export const ORDER_EVENT_TYPES = [...ORDER_USER_EVENT_TYPES, ...ORDER_SYSTEM_EVENT_TYPES] as const;
