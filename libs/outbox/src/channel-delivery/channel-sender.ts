import type { NoticeTemplate, TemplateValues } from '@duban/domain';
import type { ChannelAnswer } from '../channels/robot-answer';

/** One message to send: the rendered template, the values it was rendered from, the notice's body, where to. */
export interface OutgoingMessage {
  deliveryId: string;
  address: string;
  /** the channel's secret, decrypted for this send only (never logged) */
  secret: string | null;
  message: NoticeTemplate;
  values: TemplateValues;
  body: Record<string, unknown>;
}

/** How the provider answered: the reading of it, its HTTP status where there is one, its own words for the delivery log. */
export interface SendOutcome {
  answer: ChannelAnswer;
  status: number | null;
  providerAnswer: string;
}

/** A channel's way out; one per channel kind. */
export interface ChannelSender {
  send(message: OutgoingMessage): Promise<SendOutcome>;
}

export const PROVIDER_ANSWER_LIMIT = 500;

export const clip = (text: string): string => text.slice(0, PROVIDER_ANSWER_LIMIT);
