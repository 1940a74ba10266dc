import type { NoticeChannel } from './notice-templates';
import { type QuietHours, sendableAt } from './quiet-hours';

/**
 * What a notice is about, for routing: the ladder step or timer that raised it (`payload.step`), or
 * `notice` for the rest. An admin routes each kind to channels in the plan's policy.
 */
export const NOTICE_KINDS = [
  'reminder',
  'urge',
  'supervise',
  'interview',
  'order_reminder',
  'order_overdue',
  'report_request',
  'report_overdue',
  'contribution_overdue',
  'notice',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** The ladder step or reason a template names as `{step}`. */
export const NOTICE_KIND_LABELS: Readonly<Record<NoticeKind, string>> = {
  reminder: '到期提醒',
  urge: '催办',
  supervise: '督办',
  interview: '约谈',
  order_reminder: '整改提醒',
  order_overdue: '整改逾期',
  report_request: '报送提醒',
  report_overdue: '催报',
  contribution_overdue: '催报',
  notice: '通知',
};

/** Who of a notice's unit a route reaches: the unit's own channels, its heads' channels, or the heads of the task's lead units (约谈). */
export const NOTICE_RECEIVERS = ['unit', 'unit_heads', 'lead_unit_heads'] as const;
export type NoticeReceiver = (typeof NOTICE_RECEIVERS)[number];

export interface NoticeRoute {
  channel: NoticeChannel;
  to: NoticeReceiver;
}

/** The plan's notices section: where each kind goes, when channels stay quiet, which kinds may wake people. */
export interface NoticesPolicy {
  quietHours: QuietHours | null;
  urgentKinds: NoticeKind[];
  routes: Record<NoticeKind, NoticeRoute[]>;
}

/** `payload.step` of the clock's notices; anything else (a returned contribution, a message) is a plain `notice`. */
export function noticeKindOf(inboxKind: string, payload: Record<string, unknown> | null): NoticeKind {
  const step = payload?.step;
  if (inboxKind === 'interview') return 'interview';
  return typeof step === 'string' && (NOTICE_KINDS as readonly string[]).includes(step) ? (step as NoticeKind) : 'notice';
}

/** A channel that could carry a notice: reached through `to`, subscribed to `kinds` (empty: every kind routed to it). */
export interface CandidateChannel {
  channelId: string;
  channel: NoticeChannel;
  to: NoticeReceiver;
  kinds: readonly string[];
}

export interface PlannedDelivery {
  channelId: string;
  channel: NoticeChannel;
  /** null: at once; else not before this instant (the end of the quiet hours) */
  holdUntil: Date | null;
}

/**
 * The deliveries of one notice: each candidate channel its kind is routed to (by channel and receiver)
 * and that subscribes to the kind, held to the end of the quiet hours of the plan's time zone unless
 * the kind is urgent. Webhooks go to machines and are never held.
 */
export function plannedDeliveries(
  policy: NoticesPolicy,
  kind: NoticeKind,
  candidates: readonly CandidateChannel[],
  createdAt: Date,
  timeZone: string,
): PlannedDelivery[] {
  const routes = policy.routes[kind];
  const sendable = sendableAt(createdAt, policy.quietHours, timeZone, policy.urgentKinds.includes(kind));
  const held = sendable.getTime() > createdAt.getTime() ? sendable : null;
  const seen = new Set<string>();
  return candidates
    .filter((candidate) => routes.some((route) => route.channel === candidate.channel && route.to === candidate.to))
    .filter((candidate) => candidate.kinds.length === 0 || candidate.kinds.includes(kind))
    .filter((candidate) => !seen.has(candidate.channelId) && seen.add(candidate.channelId))
    .map((candidate) => ({ channelId: candidate.channelId, channel: candidate.channel, holdUntil: candidate.channel === 'webhook' ? null : held }));
}
