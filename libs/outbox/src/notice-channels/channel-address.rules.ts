import { NOTICE_KINDS, type NoticeChannel, type NoticeKind } from '@duban/domain';
import type { ChannelInput } from './notice-channel.view';

const MOBILE = /^(\+86)?1[3-9]\d{9}$/;
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

function httpUrl(address: string): URL | null {
  try {
    const url = new URL(address);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/** What is wrong with one channel as written (its position in the list names it), every problem at once. */
export function channelProblems(input: ChannelInput, position: number, hadSecret: boolean): string[] {
  const at = `channels[${position}]`;
  const problems: string[] = [];
  const address = input.address;
  const addressRule: Record<NoticeChannel, [boolean, string]> = {
    dingtalk: [httpUrl(address)?.searchParams.has('access_token') === true, 'a DingTalk robot’s webhook URL (…/robot/send?access_token=…)'],
    wecom: [httpUrl(address)?.searchParams.has('key') === true, 'a WeCom robot’s webhook URL (…/cgi-bin/webhook/send?key=…)'],
    email: [EMAIL.test(address), 'an e-mail address'],
    sms: [MOBILE.test(address), 'a mainland mobile number (13800000000 or +8613800000000)'],
    webhook: [httpUrl(address) !== null, 'an http or https URL'],
  };
  const [fits, expected] = addressRule[input.channel];
  if (!fits) problems.push(`${at}.address must be ${expected}`);
  const secretNeeded = input.channel === 'dingtalk' || input.channel === 'webhook';
  if (input.secret !== undefined && !(input.channel === 'dingtalk' || input.channel === 'webhook'))
    problems.push(`${at}.secret: a ${input.channel} channel has no secret`);
  if (input.secret !== undefined && input.secret.length < 16) problems.push(`${at}.secret must be at least 16 characters`);
  if (secretNeeded && input.secret === undefined && !hadSecret)
    problems.push(`${at}.secret is required: ${input.channel === 'dingtalk' ? 'the robot’s 加签 secret (SEC…)' : 'the key the body is signed with'}`);
  const unknown = (input.kinds ?? []).filter((kind) => !NOTICE_KINDS.includes(kind as NoticeKind));
  if (unknown.length > 0) problems.push(`${at}.kinds: unknown kinds ${unknown.join(', ')} (known: ${NOTICE_KINDS.join(', ')})`);
  return problems;
}
