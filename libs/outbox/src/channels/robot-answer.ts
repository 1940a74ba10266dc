/** How a channel's provider answered one message. */
export type ChannelAnswer =
  | { outcome: 'sent' }
  /** try again later: the provider is down, slow or limiting the rate */
  | { outcome: 'retry'; reason: string; afterSeconds?: number }
  /** trying again will not help: a wrong address, a refused signature, a message the provider rejects */
  | { outcome: 'rejected'; reason: string };

/** A robot's `{errcode, errmsg}` answer: 0 is sent; the rest by the provider's own codes. */
export function readRobotAnswer(status: number, body: unknown, limited: ReadonlySet<number>, provider: string): ChannelAnswer {
  if (status === 429 || status >= 500) return { outcome: 'retry', reason: `${provider} answered HTTP ${status}` };
  if (status < 200 || status >= 300) return { outcome: 'rejected', reason: `${provider} answered HTTP ${status}` };
  const answer = (typeof body === 'object' && body !== null ? body : {}) as { errcode?: unknown; errmsg?: unknown };
  if (answer.errcode === 0) return { outcome: 'sent' };
  const message = typeof answer.errmsg === 'string' ? answer.errmsg : '';
  const reason = `${provider} errcode ${String(answer.errcode)}: ${message}`.trim();
  if (typeof answer.errcode === 'number' && limited.has(answer.errcode)) return { outcome: 'retry', reason, afterSeconds: 60 };
  return { outcome: 'rejected', reason };
}
