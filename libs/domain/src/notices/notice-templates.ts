/** The channels a notice may take outside the web page. */
export const NOTICE_CHANNELS = ['dingtalk', 'wecom', 'sms', 'email', 'webhook'] as const;
export type NoticeChannel = (typeof NOTICE_CHANNELS)[number];

/**
 * What a template may quote of a notice: `{seq}` 任务编号, `{title}` the inbox title, `{excerpt}` the
 * task's text cut short, `{dueOn}` the due day, `{step}` the ladder step (催办/督办/约谈), `{unitName}`
 * the receiving unit, `{link}` the task in the console.
 */
export const TEMPLATE_FIELDS = ['seq', 'title', 'excerpt', 'dueOn', 'step', 'unitName', 'link'] as const;
export type TemplateField = (typeof TEMPLATE_FIELDS)[number];
export type TemplateValues = Readonly<Record<TemplateField, string>>;

/** A channel's message: a subject where the channel has one (e-mail, a robot's card title), and a body. */
export interface NoticeTemplate {
  subject: string;
  body: string;
}

const PLACEHOLDER = /\{([A-Za-z]+)\}/g;

/** The placeholders of a template that name no field, each once (`{bad}`). */
export function unknownPlaceholders(template: NoticeTemplate): string[] {
  const names = [...`${template.subject}\n${template.body}`.matchAll(PLACEHOLDER)]
    .map((match) => match[1])
    .filter((name) => !TEMPLATE_FIELDS.includes(name as TemplateField));
  return [...new Set(names)].map((name) => `{${name}}`);
}

/** What is wrong with a template an admin wrote: unknown placeholders, an empty body, a body too long for the channel. */
export function templateProblems(template: NoticeTemplate, channel: NoticeChannel): string[] {
  const problems: string[] = [];
  const unknown = unknownPlaceholders(template);
  if (unknown.length > 0) problems.push(`unknown placeholders: ${unknown.join(', ')} (known: ${TEMPLATE_FIELDS.map((name) => `{${name}}`).join(', ')})`);
  if (template.body.trim() === '') problems.push('the body must not be empty');
  const limit = BODY_LIMITS[channel];
  if ([...template.body].length > limit) problems.push(`a ${channel} body is at most ${limit} characters`);
  return problems;
}

/** The robots' and providers' own limits on a message (WeCom markdown 4,096 bytes, an SMS of a few segments). */
const BODY_LIMITS: Readonly<Record<NoticeChannel, number>> = { dingtalk: 5_000, wecom: 1_300, sms: 300, email: 20_000, webhook: 20_000 };

/** The template with the notice's values in place; a value is quoted as it is (the channel escapes what it must). */
export function renderTemplate(template: NoticeTemplate, values: TemplateValues): NoticeTemplate {
  const fill = (text: string): string => text.replace(PLACEHOLDER, (whole, name: string) => (name in values ? values[name as TemplateField] : whole));
  return { subject: fill(template.subject), body: fill(template.body) };
}

/** The templates a notice uses until an admin writes the plan office's own. */
export const DEFAULT_NOTICE_TEMPLATES: Readonly<Record<NoticeChannel, NoticeTemplate>> = {
  dingtalk: { subject: '{title}', body: '#### {title}\n\n- 任务：第{seq}项 {excerpt}\n- 期限：{dueOn}\n- 单位：{unitName}\n\n[在督办平台查看]({link})' },
  wecom: { subject: '{title}', body: '**{title}**\n> 任务：第{seq}项 {excerpt}\n> 期限：<font color="warning">{dueOn}</font>\n\n[在督办平台查看]({link})' },
  sms: { subject: '', body: '{unitName}：{title}，期限{dueOn}，请登录督办平台办理。' },
  email: { subject: '【督办】{title}', body: '{unitName}：\n\n{title}\n\n任务：第{seq}项 {excerpt}\n期限：{dueOn}\n\n请登录督办平台办理：{link}\n' },
  webhook: { subject: '{title}', body: '{title}' },
};
