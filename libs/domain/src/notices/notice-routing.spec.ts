import { NOTICES_POLICY } from '../plan-policy/notices-policy';
import { type CandidateChannel, noticeKindOf, plannedDeliveries } from './notice-routing';

const ZONE = 'Asia/Shanghai';
const at = (local: string) => new Date(`${local}+08:00`);
const robot: CandidateChannel = { channelId: '1', channel: 'dingtalk', to: 'unit', kinds: [] };
const wecom: CandidateChannel = { channelId: '2', channel: 'wecom', to: 'unit', kinds: ['supervise'] };
const mailbox: CandidateChannel = { channelId: '3', channel: 'email', to: 'unit', kinds: [] };
const headPhone: CandidateChannel = { channelId: '4', channel: 'sms', to: 'lead_unit_heads', kinds: [] };
const hook: CandidateChannel = { channelId: '5', channel: 'webhook', to: 'unit', kinds: [] };
const all = [robot, wecom, mailbox, headPhone, hook];

describe('where a notice goes', () => {
  it('reads the kind from the ladder step, an interview item being an interview', () => {
    expect(noticeKindOf('notice', { step: 'reminder', offsetDays: 7 })).toBe('reminder');
    expect(noticeKindOf('notice', { step: 'supervise' })).toBe('supervise');
    expect(noticeKindOf('interview', { step: 'interview' })).toBe('interview');
    expect(noticeKindOf('notice', { step: 'something new' })).toBe('notice');
    expect(noticeKindOf('notice', null)).toBe('notice');
  });

  it('sends a reminder to the unit’s robots, a 督办 by e-mail too, an interview by SMS to the lead units’ heads', () => {
    const policy = NOTICES_POLICY.defaults;
    const noon = at('2024-10-10T12:00:00');
    const channelsOf = (kind: Parameters<typeof plannedDeliveries>[1]) => plannedDeliveries(policy, kind, all, noon, ZONE).map((d) => d.channel);
    // the WeCom robot takes only 督办
    expect(channelsOf('reminder')).toEqual(['dingtalk', 'webhook']);
    expect(channelsOf('supervise')).toEqual(['dingtalk', 'wecom', 'email', 'webhook']);
    expect(channelsOf('interview')).toEqual(['sms', 'webhook']);
  });

  it('holds what comes in the quiet hours until their end, except urgent kinds and webhooks', () => {
    const policy = NOTICES_POLICY.defaults;
    const night = at('2024-10-09T23:15:00');
    expect(plannedDeliveries(policy, 'reminder', [robot, hook], night, ZONE)).toEqual([
      { channelId: '1', channel: 'dingtalk', holdUntil: at('2024-10-10T07:30:00') },
      { channelId: '5', channel: 'webhook', holdUntil: null },
    ]);
    expect(plannedDeliveries(policy, 'interview', [headPhone], night, ZONE)).toEqual([{ channelId: '4', channel: 'sms', holdUntil: null }]);
    expect(plannedDeliveries({ ...policy, quietHours: null }, 'reminder', [robot], night, ZONE)[0].holdUntil).toBeNull();
  });

  it('follows a plan’s own routes, and sends a channel reached twice once', () => {
    const resolved = NOTICES_POLICY.resolve({ routes: { reminder: [{ channel: 'email', to: 'unit' }], urge: [] } });
    if (!resolved.ok) throw new Error(resolved.errors.join('; '));
    expect(plannedDeliveries(resolved.value, 'reminder', all, at('2024-10-10T12:00:00'), ZONE).map((d) => d.channel)).toEqual(['email']);
    expect(plannedDeliveries(resolved.value, 'urge', all, at('2024-10-10T12:00:00'), ZONE)).toEqual([]);
    const twice = [headPhone, { ...headPhone, to: 'unit_heads' as const }];
    const both = {
      ...resolved.value,
      routes: {
        ...resolved.value.routes,
        interview: [
          { channel: 'sms' as const, to: 'lead_unit_heads' as const },
          { channel: 'sms' as const, to: 'unit_heads' as const },
        ],
      },
    };
    expect(plannedDeliveries(both, 'interview', twice, at('2024-10-10T12:00:00'), ZONE)).toHaveLength(1);
  });
});

describe('the notices section of a plan’s policy', () => {
  it('names every problem', () => {
    const result = NOTICES_POLICY.resolve({
      quietHours: { start: '25:00', end: '07:00' },
      urgentKinds: ['fire'],
      routes: { reminder: [{ channel: 'fax', to: 'unit' }], lunch: [] },
      extra: true,
    });
    expect(result.ok ? [] : result.errors).toEqual([
      'notices has unknown fields: extra (known: quietHours, urgentKinds, routes)',
      'notices.quietHours must be {start, end} in HH:MM, or null',
      expect.stringContaining('notices.urgentKinds must be a list of distinct kinds'),
      expect.stringContaining('notices.routes.reminder must be a list of {channel: dingtalk|wecom|sms|email|webhook'),
      expect.stringContaining('notices.routes.lunch is not a notice kind'),
    ]);
  });

  it('turns quiet hours off with null and keeps the kinds it is not told about', () => {
    const result = NOTICES_POLICY.resolve({ quietHours: null, urgentKinds: ['supervise', 'interview'] });
    expect(result).toEqual({ ok: true, value: { ...NOTICES_POLICY.defaults, quietHours: null, urgentKinds: ['supervise', 'interview'] } });
  });
});
