import { createTransport, type Transporter } from 'nodemailer';
import { type ChannelSender, clip, type OutgoingMessage, type SendOutcome } from './channel-sender';

/** SMTP answers 5xx for what will not change (no such mailbox, refused); 4xx and a lost connection pass. */
function readSmtpError(error: unknown): SendOutcome {
  const failure = error as { responseCode?: number; response?: string; message?: string };
  const reason = clip(failure.response ?? failure.message ?? String(error));
  const permanent = typeof failure.responseCode === 'number' && failure.responseCode >= 500;
  return { answer: permanent ? { outcome: 'rejected', reason } : { outcome: 'retry', reason }, status: failure.responseCode ?? null, providerAnswer: reason };
}

/** E-mail over SMTP (nodemailer): the template's subject and body as plain text, from MAIL_FROM. */
export class EmailSender implements ChannelSender {
  private transporter: Transporter | null = null;

  constructor(
    private readonly smtpUrl: string | null,
    private readonly from: string,
  ) {}

  async send(message: OutgoingMessage): Promise<SendOutcome> {
    if (this.smtpUrl === null) return { answer: { outcome: 'retry', reason: 'SMTP_URL is not set' }, status: null, providerAnswer: 'SMTP_URL is not set' };
    this.transporter ??= createTransport(this.smtpUrl, { from: this.from });
    try {
      const info = (await this.transporter.sendMail({
        to: message.address,
        subject: message.message.subject,
        text: message.message.body,
        headers: { 'X-Duban-Delivery': message.deliveryId },
        // the same Message-ID on every attempt: a mail server or client that sees it twice may drop the copy
        messageId: `<delivery-${message.deliveryId}@duban>`,
      })) as { response?: string };
      return { answer: { outcome: 'sent' }, status: 250, providerAnswer: clip(info.response ?? 'accepted') };
    } catch (error) {
      return readSmtpError(error);
    }
  }

  close(): void {
    this.transporter?.close();
  }
}
