import { createHmac } from 'node:crypto';
import type { NoticeTemplate } from '@duban/domain';
import { type ChannelAnswer, readRobotAnswer } from './robot-answer';

/**
 * A DingTalk custom robot (自定义机器人) with 加签: the webhook URL carries `timestamp` (milliseconds)
 * and `sign`, the Base64 of the HMAC-SHA256 of `timestamp + "\n" + secret` keyed by the secret,
 * URL-encoded. DingTalk refuses a timestamp more than an hour off, so it is computed per request.
 */
export function signedDingTalkUrl(webhookUrl: string, secret: string, timestampMs: number): string {
  const sign = createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
  const url = new URL(webhookUrl);
  url.searchParams.set('timestamp', String(timestampMs));
  url.searchParams.set('sign', sign);
  return url.toString();
}

/** The robot's markdown message; `atMobiles` @-mentions those members of the group. */
export function dingTalkBody(message: NoticeTemplate, atMobiles: readonly string[] = []): Record<string, unknown> {
  const mentions = atMobiles.map((mobile) => ` @${mobile}`).join('');
  return {
    msgtype: 'markdown',
    markdown: { title: message.subject || message.body.slice(0, 30), text: `${message.body}${mentions}` },
    at: { atMobiles: [...atMobiles], isAtAll: false },
  };
}

/**
 * 410100 and 130101: sent too fast (20 messages a minute per robot) — wait and send again. Every other non-zero
 * code (310000 a wrong signature, keyword or IP; 300001 a bad token; 400xxx a bad message) is refused for good.
 */
const DINGTALK_RATE_LIMITED: ReadonlySet<number> = new Set([410100, 130101]);

export function readDingTalkAnswer(status: number, body: unknown): ChannelAnswer {
  return readRobotAnswer(status, body, DINGTALK_RATE_LIMITED, 'DingTalk');
}
