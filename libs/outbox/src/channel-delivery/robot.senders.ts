import { dingTalkBody, readDingTalkAnswer, signedDingTalkUrl } from '../channels/dingtalk-robot';
import type { ChannelAnswer } from '../channels/robot-answer';
import { readWeComAnswer, weComBody } from '../channels/wecom-robot';
import { describeNetworkError, postSignedWebhook } from '../signed-webhook.post';
import { DELIVERY_TIMEOUT_MS } from '../webhook-queue.registry';
import { type ChannelSender, clip, type OutgoingMessage, type SendOutcome } from './channel-sender';

async function postRobot(url: string, body: Record<string, unknown>, read: (status: number, body: unknown) => ChannelAnswer): Promise<SendOutcome> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      redirect: 'manual',
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
    });
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: read by its status alone
    }
    return { answer: read(response.status, parsed), status: response.status, providerAnswer: clip(`HTTP ${response.status} ${text.trim()}`) };
  } catch (error) {
    const reason = describeNetworkError(error);
    return { answer: { outcome: 'retry', reason }, status: null, providerAnswer: clip(reason) };
  }
}

/** A DingTalk custom robot: the URL signed per request when the robot has a 加签 secret (else its keyword or IP rule applies). */
export const dingTalkSender: ChannelSender = {
  send(message: OutgoingMessage) {
    const url = message.secret === null ? message.address : signedDingTalkUrl(message.address, message.secret, Date.now());
    return postRobot(url, dingTalkBody(message.message), readDingTalkAnswer);
  },
};

/** A WeCom group robot: its `key` is in the URL; markdown, cut to its 4,096 bytes. */
export const weComSender: ChannelSender = {
  send(message: OutgoingMessage) {
    return postRobot(message.address, weComBody(message.message), readWeComAnswer);
  },
};

/** A user's or a unit's own webhook receiver: the notice's body, signed as units' webhooks are. */
export const webhookSender: ChannelSender = {
  async send(message: OutgoingMessage) {
    if (message.secret === null) return { answer: { outcome: 'rejected', reason: 'the webhook has no secret' }, status: null, providerAnswer: 'no secret' };
    const result = await postSignedWebhook(message.address, message.secret, message.deliveryId, message.body);
    if (result.ok) return { answer: { outcome: 'sent' }, status: result.status, providerAnswer: `HTTP ${result.status}` };
    const permanent = result.status !== null && result.status >= 300 && result.status < 500 && result.status !== 429;
    return {
      answer: permanent ? { outcome: 'rejected', reason: result.error } : { outcome: 'retry', reason: result.error },
      status: result.status,
      providerAnswer: result.error,
    };
  },
};
