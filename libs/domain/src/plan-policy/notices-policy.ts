import { NOTICE_CHANNELS, type NoticeChannel } from '../notices/notice-templates';
import { NOTICE_KINDS, NOTICE_RECEIVERS, type NoticeKind, type NoticeReceiver, type NoticeRoute, type NoticesPolicy } from '../notices/notice-routing';
import { isClockTime } from '../notices/quiet-hours';
import { isRecord, type PlanPolicySection, unknownFields } from './plan-policy-section';

const FIELDS = ['quietHours', 'urgentKinds', 'routes'] as const;

/** The unit's robots and webhook: a group sees the reminders and urges where its people already talk. */
const TO_UNIT: NoticeRoute[] = [
  { channel: 'dingtalk', to: 'unit' },
  { channel: 'wecom', to: 'unit' },
  { channel: 'webhook', to: 'unit' },
];

const DEFAULT_ROUTES: Record<NoticeKind, NoticeRoute[]> = {
  ...(Object.fromEntries(NOTICE_KINDS.map((kind) => [kind, TO_UNIT])) as Record<NoticeKind, NoticeRoute[]>),
  // 督办 is a formal letter: by e-mail too
  supervise: [...TO_UNIT, { channel: 'email', to: 'unit' }],
  // 约谈: the heads of the lead units, in person, by SMS
  interview: [
    { channel: 'sms', to: 'lead_unit_heads' },
    { channel: 'webhook', to: 'unit' },
  ],
};

const routeSchema = {
  type: 'array',
  maxItems: 15,
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['channel', 'to'],
    properties: { channel: { enum: [...NOTICE_CHANNELS] }, to: { enum: [...NOTICE_RECEIVERS] } },
  },
};

/** 通知渠道: which channels each kind of notice takes, and the quiet hours of the plan's time zone. */
export const NOTICES_POLICY: PlanPolicySection<NoticesPolicy> = {
  key: 'notices',
  title: '通知渠道 (notices)',
  defaults: { quietHours: { start: '22:00', end: '07:30' }, urgentKinds: ['interview'], routes: DEFAULT_ROUTES },
  fields: FIELDS,
  schema: {
    type: 'object',
    additionalProperties: false,
    description: 'where each kind of notice goes besides the inbox (the units’ and users’ channels), and when channels stay quiet',
    properties: {
      quietHours: {
        type: ['object', 'null'],
        additionalProperties: false,
        required: ['start', 'end'],
        properties: { start: { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' }, end: { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' } },
        description: 'HH:MM in the plan’s time zone; a notice raised in them waits for their end (null: no quiet hours)',
      },
      urgentKinds: { type: 'array', uniqueItems: true, items: { enum: [...NOTICE_KINDS] }, description: 'kinds sent at once, even in the quiet hours' },
      routes: {
        type: 'object',
        additionalProperties: false,
        properties: Object.fromEntries(NOTICE_KINDS.map((kind) => [kind, routeSchema])),
        description: 'per kind, the channels and receivers (a kind left out keeps its default; an empty list: the inbox only)',
      },
    },
  },
  resolve(override) {
    if (override === undefined || override === null) return { ok: true, value: this.defaults };
    if (!isRecord(override)) return { ok: false, errors: ['notices must be an object {quietHours?, urgentKinds?, routes?}'] };
    const errors = unknownFields('notices', override, FIELDS);
    const value: NoticesPolicy = { ...this.defaults, routes: { ...this.defaults.routes } };
    const quiet = override.quietHours;
    if (quiet === null) value.quietHours = null;
    else if (quiet !== undefined) {
      if (!isRecord(quiet) || !isClockTime(quiet.start) || !isClockTime(quiet.end) || Object.keys(quiet).length !== 2)
        errors.push('notices.quietHours must be {start, end} in HH:MM, or null');
      else value.quietHours = { start: quiet.start, end: quiet.end };
    }
    const urgent = override.urgentKinds;
    if (urgent !== undefined) {
      if (!Array.isArray(urgent) || !urgent.every(isNoticeKind) || new Set(urgent).size !== urgent.length)
        errors.push(`notices.urgentKinds must be a list of distinct kinds: ${NOTICE_KINDS.join(', ')}`);
      else value.urgentKinds = NOTICE_KINDS.filter((kind) => urgent.includes(kind));
    }
    const routes = override.routes;
    if (routes !== undefined) {
      if (!isRecord(routes)) errors.push('notices.routes must be an object keyed by notice kind');
      else
        for (const [kind, list] of Object.entries(routes)) {
          if (!isNoticeKind(kind)) errors.push(`notices.routes.${kind} is not a notice kind (known: ${NOTICE_KINDS.join(', ')})`);
          else if (!Array.isArray(list) || !list.every(isRoute))
            errors.push(`notices.routes.${kind} must be a list of {channel: ${NOTICE_CHANNELS.join('|')}, to: ${NOTICE_RECEIVERS.join('|')}}`);
          else value.routes[kind] = list.map((route) => ({ channel: route.channel, to: route.to }));
        }
    }
    return errors.length > 0 ? { ok: false, errors } : { ok: true, value };
  },
};

function isNoticeKind(value: unknown): value is NoticeKind {
  return NOTICE_KINDS.includes(value as NoticeKind);
}

function isRoute(value: unknown): value is NoticeRoute {
  return (
    isRecord(value) &&
    Object.keys(value).length === 2 &&
    NOTICE_CHANNELS.includes(value.channel as NoticeChannel) &&
    NOTICE_RECEIVERS.includes(value.to as NoticeReceiver)
  );
}

/** A plan's stored notices section (`plans.policy -> 'notices'`): one that no longer reads falls back to the defaults. */
export function storedNoticesPolicy(stored: unknown): NoticesPolicy {
  const result = NOTICES_POLICY.resolve(stored);
  return result.ok ? result.value : NOTICES_POLICY.defaults;
}
