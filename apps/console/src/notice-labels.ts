/** The words of the notice channels' screens (channels, templates, delivery log), as officers read them. */
import type { components } from './api-types.generated';

type Schemas = components['schemas'];
export type NoticeChannelView = Schemas['ChannelView'];
export type NoticeChannelInput = Schemas['ChannelInputDto'];
export type NoticeChannelKind = NoticeChannelView['channel'];
export type NoticeKind = NoticeChannelView['kinds'][number];
export type NoticeTemplateView = Schemas['TemplateViewDto'];
export type RenderedNoticeTemplate = Schemas['RenderedTemplateDto'];
export type Delivery = Schemas['DeliveryView'];

export const CHANNEL_LABELS: Record<NoticeChannelKind, string> = {
  dingtalk: '钉钉机器人',
  wecom: '企业微信机器人',
  sms: '短信',
  email: '电子邮件',
  webhook: 'Webhook',
};
export const CHANNELS = Object.keys(CHANNEL_LABELS) as NoticeChannelKind[];

/** What each channel's address is, and whether it takes a secret (DingTalk's 加签, a webhook's signing key). */
export const CHANNEL_ADDRESS: Record<NoticeChannelKind, { hint: string; secret: string | null }> = {
  dingtalk: {
    hint: '机器人 Webhook 地址：https://oapi.dingtalk.com/robot/send?access_token=…',
    secret: '加签密钥（SEC 开头；用关键词或 IP 规则的机器人可不填）',
  },
  wecom: { hint: '群机器人 Webhook 地址：https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…', secret: null },
  sms: { hint: '大陆手机号码，如 13800000000', secret: null },
  email: { hint: '电子邮件地址', secret: null },
  webhook: { hint: 'http(s) 接收地址', secret: '签名密钥（至少 16 个字符）' },
};

export const NOTICE_KIND_LABELS: Record<NoticeKind, string> = {
  reminder: '到期提醒',
  urge: '催办',
  supervise: '督办',
  interview: '约谈',
  order_reminder: '整改提醒',
  order_overdue: '整改逾期',
  report_request: '报送提醒',
  report_overdue: '催报（进展）',
  contribution_overdue: '催报（配合）',
  notice: '通知',
};
export const NOTICE_KINDS = Object.keys(NOTICE_KIND_LABELS) as NoticeKind[];

export const DELIVERY_STATE_LABELS: Record<Delivery['state'], string> = { pending: '待发送', delivered: '已送达', failed: '失败（死信）' };

/** The placeholders a template may use, with what each stands for. */
export const TEMPLATE_PLACEHOLDERS: [string, string][] = [
  ['{seq}', '任务编号'],
  ['{title}', '通知标题'],
  ['{excerpt}', '任务内容摘要'],
  ['{dueOn}', '期限'],
  ['{step}', '督办环节'],
  ['{unitName}', '单位名称'],
  ['{link}', '任务链接'],
];
