import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { toInteger } from './env-transforms';

/** The notice channels' variables (docs/notices.md), a part of EnvironmentVariables. */
export class NoticeChannelVariables {
  @IsOptional()
  @IsString()
  @Matches(/^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, { message: 'CHANNEL_SECRET_KEY must be 32 bytes, as 64 hex digits or 44 characters of base64' })
  CHANNEL_SECRET_KEY?: string;

  @IsOptional()
  @IsString()
  @Matches(/^smtps?:\/\/([^/?#@]+@)?[^/?#@:]+(:\d+)?\/?(\?.*)?$/, {
    message: 'SMTP_URL must look like smtp://user:password@mail.example.gov.cn:587 (smtps:// for TLS)',
  })
  SMTP_URL?: string;

  @IsString()
  @MinLength(3)
  MAIL_FROM = '督办平台 <duban@localhost>';

  @IsOptional()
  @IsString()
  @Matches(/^tencent(\+http)?:\/\/[^:@/]+:[^@/]+@[^/?#]+\/?\?.*$/, {
    message: 'SMS_URL must look like tencent://SecretId:SecretKey@sms.tencentcloudapi.com?sdkAppId=1400000000&sign=签名&template=123456',
  })
  SMS_URL?: string;

  @IsString()
  @Matches(/^https?:\/\/\S+$/, { message: 'CONSOLE_URL must be an http(s) URL' })
  CONSOLE_URL = 'http://localhost:3000';

  @Transform(toInteger)
  @IsInt({ message: 'ROBOT_RATE_WINDOW_SECONDS must be an integer' })
  @Min(1)
  @Max(3_600)
  ROBOT_RATE_WINDOW_SECONDS = 60;

  @Transform(toInteger)
  @IsInt({ message: 'DELIVERY_RETRY_SECONDS must be an integer' })
  @Min(1)
  @Max(3_600)
  DELIVERY_RETRY_SECONDS = 5;
}

/** The channels' variables without a default: read only when set. */
export const OPTIONAL_NOTICE_CHANNEL_VARIABLES = ['CHANNEL_SECRET_KEY', 'SMTP_URL', 'SMS_URL'];

export interface NoticeChannelConfig {
  /** AES-256-GCM key of the channels' secrets; null: channels with secrets cannot be saved */
  channelSecretKey: Buffer | null;
  /** where e-mail notices are sent from (null: e-mail channels wait, failing, until it is set) */
  smtpUrl: string | null;
  mailFrom: string;
  /** the SMS provider (Tencent Cloud SMS) with its credentials, application, signature and template */
  smsUrl: string | null;
  /** the console's address, for links in notices */
  consoleUrl: string;
  /** the robots' rate window (a minute; shorter only in tests) */
  robotRateWindowSeconds: number;
  /** the delay before a failed delivery's first retry (webhooks and channels); each later one doubles it */
  deliveryRetrySeconds: number;
}

export function noticeChannelConfigOf(parsed: NoticeChannelVariables): NoticeChannelConfig {
  return {
    channelSecretKey: channelKeyOf(parsed.CHANNEL_SECRET_KEY),
    smtpUrl: parsed.SMTP_URL ?? null,
    mailFrom: parsed.MAIL_FROM,
    smsUrl: parsed.SMS_URL ?? null,
    consoleUrl: parsed.CONSOLE_URL.replace(/\/+$/, ''),
    robotRateWindowSeconds: parsed.ROBOT_RATE_WINDOW_SECONDS,
    deliveryRetrySeconds: parsed.DELIVERY_RETRY_SECONDS,
  };
}

function channelKeyOf(value: string | undefined): Buffer | null {
  if (value === undefined) return null;
  return /^[0-9a-fA-F]{64}$/.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
}
