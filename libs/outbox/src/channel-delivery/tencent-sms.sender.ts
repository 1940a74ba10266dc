import { sms } from 'tencentcloud-sdk-nodejs-sms';
import { type ChannelSender, clip, type OutgoingMessage, type SendOutcome } from './channel-sender';

type SmsClient = InstanceType<typeof sms.v20210111.Client>;

/** SMS_URL read: `tencent://SecretId:SecretKey@sms.tencentcloudapi.com?sdkAppId=…&sign=…&template=…[&region=…]` (`tencent+http://` for a plain-HTTP endpoint). */
export interface TencentSmsSettings {
  secretId: string;
  secretKey: string;
  endpoint: string;
  protocol: 'https://' | 'http://';
  region: string;
  sdkAppId: string;
  signName: string;
  templateId: string;
}

export function readSmsUrl(smsUrl: string): TencentSmsSettings {
  const url = new URL(smsUrl);
  const need = (name: string): string => {
    const value = url.searchParams.get(name);
    if (!value) throw new Error(`SMS_URL has no ${name}`);
    return value;
  };
  return {
    secretId: decodeURIComponent(url.username),
    secretKey: decodeURIComponent(url.password),
    endpoint: url.host,
    protocol: url.protocol === 'tencent+http:' ? 'http://' : 'https://',
    region: url.searchParams.get('region') ?? 'ap-guangzhou',
    sdkAppId: need('sdkAppId'),
    signName: need('sign'),
    templateId: need('template'),
  };
}

/** Codes of the provider that pass with time (its rate and frequency limits, its own faults); the rest are for good. */
const PASSING = /^(LimitExceeded|RequestLimitExceeded|InternalError)/;

/**
 * SMS through Tencent Cloud SMS (its Node SDK, which signs with TC3-HMAC-SHA256). The message is the
 * provider's registered template (SMS text must be approved in advance), with the parameters
 * [task number, ladder step, due day]; one number per call, so each delivery has its own answer.
 */
export class TencentSmsSender implements ChannelSender {
  private client: SmsClient | null = null;
  private settings: TencentSmsSettings | null = null;

  constructor(private readonly smsUrl: string | null) {}

  async send(message: OutgoingMessage): Promise<SendOutcome> {
    if (this.smsUrl === null) return { answer: { outcome: 'retry', reason: 'SMS_URL is not set' }, status: null, providerAnswer: 'SMS_URL is not set' };
    this.settings ??= readSmsUrl(this.smsUrl);
    const settings = this.settings;
    this.client ??= new sms.v20210111.Client({
      credential: { secretId: settings.secretId, secretKey: settings.secretKey },
      region: settings.region,
      profile: { signMethod: 'TC3-HMAC-SHA256', httpProfile: { endpoint: settings.endpoint, protocol: settings.protocol, reqTimeout: 5 } },
    });
    const phone = message.address.startsWith('+') ? message.address : `+86${message.address}`;
    try {
      const response = await this.client.SendSms({
        PhoneNumberSet: [phone],
        SmsSdkAppId: settings.sdkAppId,
        SignName: settings.signName,
        TemplateId: settings.templateId,
        TemplateParamSet: [message.values.seq, message.values.step, message.values.dueOn || '—'],
        SessionContext: message.deliveryId,
      });
      const status = response.SendStatusSet?.[0];
      const said = clip(`${status?.Code ?? '?'}: ${status?.Message ?? ''} (RequestId ${response.RequestId ?? '?'})`);
      if (status?.Code === 'Ok') return { answer: { outcome: 'sent' }, status: 200, providerAnswer: said };
      const code = status?.Code ?? '';
      return { answer: PASSING.test(code) ? { outcome: 'retry', reason: said } : { outcome: 'rejected', reason: said }, status: 200, providerAnswer: said };
    } catch (error) {
      const failure = error as { code?: string; message?: string };
      const said = clip(`${failure.code ?? 'error'}: ${failure.message ?? String(error)}`);
      const passing = failure.code === undefined || PASSING.test(failure.code);
      return { answer: passing ? { outcome: 'retry', reason: said } : { outcome: 'rejected', reason: said }, status: null, providerAnswer: said };
    }
  }
}
