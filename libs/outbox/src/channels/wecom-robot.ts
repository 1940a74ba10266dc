import type { NoticeTemplate } from '@duban/domain';
import { type ChannelAnswer, readRobotAnswer } from './robot-answer';

/** A WeCom (企业微信) group robot takes markdown of at most 4,096 bytes: longer bodies are cut, never refused. */
const WECOM_MARKDOWN_BYTES = 4_096;

export function weComBody(message: NoticeTemplate): Record<string, unknown> {
  let content = message.body;
  while (Buffer.byteLength(content, 'utf8') > WECOM_MARKDOWN_BYTES) content = [...content].slice(0, -50).join('') + '…';
  return { msgtype: 'markdown', markdown: { content } };
}

/** 45009: the robot's 20 messages a minute are spent — wait a minute. 93000 (a bad key) and the rest are refused for good. */
const WECOM_RATE_LIMITED: ReadonlySet<number> = new Set([45009]);

export function readWeComAnswer(status: number, body: unknown): ChannelAnswer {
  return readRobotAnswer(status, body, WECOM_RATE_LIMITED, 'WeCom');
}
