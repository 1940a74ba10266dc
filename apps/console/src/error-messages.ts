/**
 * One sentence per refusal code of the API (ErrorView.code, the catalogue in
 * libs/domain/src/errors/error-codes.ts), in Chinese and in English: what the console shows a person
 * instead of the API's English message or a field path. `{name}` is filled from the refusal's params.
 */
import type { components } from './api-types.generated';
import { language, ROLE_LABELS } from './i18n';
import { lifecycleSentence, PAYLOAD_RULE_SENTENCES } from './refusal-rules';

export type ErrorCode = NonNullable<components['schemas']['ErrorView']['code']>;
type Sentence = { zh: string; en: string };

export const ERROR_MESSAGES: Readonly<Record<ErrorCode, Sentence>> = {
  attachment_empty: { zh: '上传的文件是空的，请重新选择文件。', en: 'The uploaded file is empty; choose the file again.' },
  attachment_missing: { zh: '没有收到文件，请选择要上传的文件。', en: 'No file was received; choose a file to upload.' },
  converter_missing: {
    zh: '服务器未安装转换工具，暂不能读取 .doc/.xls/.wps/.et 文件，请另存为 .docx 或 .xlsx 后上传。',
    en: 'The server cannot read .doc/.xls/.wps/.et files; save as .docx or .xlsx and upload again.',
  },
  current_password_wrong: { zh: '当前密码不正确。', en: 'The current password is not correct.' },
  document_encrypted: { zh: '文件设有密码保护，请取消密码后再上传。', en: 'The file is protected by a password; remove it and upload again.' },
  document_too_large: { zh: '文件超过导入的大小上限。', en: 'The file is over the import’s size limit.' },
  document_unreadable: { zh: '文件无法读取（可能已损坏，或与扩展名不符）。', en: 'The file cannot be read (damaged, or not what its name says).' },
  draft_not_found: { zh: '找不到这份待签发的草稿，请刷新后重试。', en: 'No such draft awaits sign-off; reload and try again.' },
  draft_not_pending: { zh: '这份草稿已被签发或退回。', en: 'This draft has already been approved or returned.' },
  jurisdiction_not_below: {
    zh: '{jurisdiction}不是{parent}的直接下级辖区，不能分解其任务。',
    en: '{jurisdiction} is not a jurisdiction directly below {parent}; it cannot break down its tasks.',
  },
  parent_task_invalid: { zh: '所服务的上级任务不存在，或不属于同一方案。', en: 'A parent task does not exist, or the parent tasks are of several plans.' },
  parent_task_not_served: {
    zh: '{unit}不是上级第{seqs}项任务的牵头或责任单位，不能分解该任务。',
    en: '{unit} is not a lead or responsible unit of parent task {seqs}; it cannot break it down.',
  },
  due_day_past: { zh: '截止日期不能早于今天（{today}）。', en: 'The due day cannot be before today ({today}).' },
  evidence_file_required: {
    zh: '本方案要求至少一项佐证材料为上传的文件（照片、PDF 等）。',
    en: 'This plan requires at least one evidence item to be an uploaded file (a photo, a PDF …).',
  },
  file_too_long: { zh: '粘贴的表格过长，请分批导入或上传文件。', en: 'The pasted table is too long; import it in parts or upload the file.' },
  format_mismatch: { zh: '所选格式与提交方式（文本或文件）不符。', en: 'The chosen format does not fit how the table was sent (text or file).' },
  not_a_handler: {
    zh: '本单位已为该任务指定承办人，只有承办人或单位负责人可以办理。',
    en: 'The unit has named handlers for this task: only they or the unit’s head may act on it.',
  },
  handler_not_in_unit: { zh: '所选承办人不是本单位的在用账号。', en: 'A chosen handler is not an active user of the unit.' },
  invalid_channel: { zh: '通知渠道的地址、密钥或通知类型填写有误。', en: 'The channel’s address, secret or notice kinds are not valid.' },
  invalid_cursor: { zh: '列表已变化，请刷新后重新翻页。', en: 'The list has changed; refresh and page again.' },
  invalid_body: { zh: '提交的内容无法识别，请刷新页面后重试。', en: 'The request could not be read; refresh the page and try again.' },
  invalid_field: { zh: '{field}{constraint}，请修改后重试。', en: '{field} {constraint}.' },
  invalid_id: { zh: '链接中的编号无效。', en: 'The id in the link is not valid.' },
  invalid_idempotency_key: { zh: '请求标识无效，请刷新页面后重试。', en: 'The request key is not valid; refresh the page and try again.' },
  invalid_payload: {
    zh: '填写的内容不符合规则（例如日期已过），请检查后重试。',
    en: 'What was entered breaks a rule (a date in the past, say); check and try again.',
  },
  invalid_policy: { zh: '方案规则设置有误，请逐项检查。', en: 'The plan policy is not valid; check each setting.' },
  invalid_query: { zh: '筛选条件相互矛盾，请调整后重试。', en: 'The filters do not fit together; adjust them.' },
  invalid_request: { zh: '填写的各项相互矛盾（例如结束早于开始），请检查。', en: 'The fields do not fit together (an end before its start, say).' },
  invalid_task_id: { zh: '所选任务无效。', en: 'The chosen task is not valid.' },
  invalid_template: {
    zh: '模板不能保存{placeholders}：只能使用列出的占位符，正文不能为空，也不能超出该渠道的长度。',
    en: 'The template cannot be saved{placeholders}: use only the placeholders listed, a body that is not empty and fits the channel.',
  },
  invalid_time: { zh: '日期或时间无效。', en: 'Not a valid date or time.' },
  invalid_units: { zh: '牵头单位或责任单位缺失、不存在或重复。', en: 'The lead or responsible units are missing, unknown or repeated.' },
  multipart_malformed: { zh: '文件上传不完整，请重试。', en: 'The upload was incomplete; try again.' },
  multipart_required: { zh: '请以文件方式上传。', en: 'Send it as a file upload.' },
  password_like_username: { zh: '密码不能是用户名加几个字符。', en: 'The password must not be the username with a few characters added.' },
  password_too_common: { zh: '这是常见密码，请换一个。', en: 'This password is too common; choose another.' },
  password_too_short: { zh: '密码太短（几个词连在一起就是好密码）。', en: 'The password is too short (a few words together make a good one).' },
  password_unchanged: { zh: '新密码不能与当前密码相同。', en: 'The new password must differ from the current one.' },
  precondition_failed: {
    zh: '不符合办理要求（如缺少佐证材料、理由为空），请补充后重试。',
    en: 'This does not meet the rules (missing evidence or an empty reason, say); complete it and try again.',
  },
  table_unreadable: { zh: '表格无法读取，请按所列行号逐项修改。', en: 'The table cannot be read; fix each listed line.' },
  query_empty: { zh: '请输入要搜索的内容。', en: 'Enter something to search for.' },
  query_too_long: { zh: '搜索内容过长（最多 100 个字或 8 个词）。', en: 'The search is too long (at most 100 characters or 8 words).' },
  storage_url_invalid: { zh: '服务器的附件存储配置有误，请联系管理员。', en: 'The server’s attachment storage is misconfigured; tell an admin.' },
  too_many_tasks: {
    zh: '筛选出的任务超过每次 {limit} 项的上限，请缩小范围后分批办理。',
    en: 'The filter matches more than the {limit} tasks one request may act on; narrow it and act in batches.',
  },
  unexpected_field: { zh: '上传内容含有多余的项目，请刷新后重试。', en: 'The upload has unexpected fields; refresh and try again.' },
  unexpected_file_field: { zh: '文件没有放在正确的位置上传，请刷新后重试。', en: 'The file was sent in the wrong field; refresh and try again.' },
  unit_catalogue_invalid: { zh: '单位名录文件有误，请按所列问题修改。', en: 'The unit catalogue is not valid; fix each listed problem.' },
  unit_kind_required: { zh: '核定单位时须选择单位类别。', en: 'Choose the unit’s kind to verify it.' },
  unit_kind_unknown: { zh: '单位类别无效。', en: 'Not a unit kind.' },
  unit_merge_into_itself: { zh: '单位不能合并到自身。', en: 'A unit cannot be merged into itself.' },
  unit_name_empty: { zh: '单位名称或别名不能为空。', en: 'A unit name or alias must not be empty.' },
  unit_name_too_long: { zh: '单位名称或别名过长。', en: 'A unit name or alias is too long.' },
  unit_parent_invalid: { zh: '上级单位须为同一地区的单位。', en: 'The parent must be a unit of the same jurisdiction.' },
  unit_required: { zh: '经办人必须属于一个单位。', en: 'An officer must belong to a unit.' },
  unreadable_file: { zh: '文本文件编码无法识别（应为 UTF-8 或 GB18030）。', en: 'The text file is neither UTF-8 nor GB18030.' },
  unsupported_file: {
    zh: '不能导入此类文件（如 PDF），请上传 Word、Excel 或文本。',
    en: 'This kind of file cannot be imported (PDF, say); use Word, Excel or text.',
  },
  login_failed: { zh: '用户名或密码错误，或账号已停用。', en: 'Wrong username or password, or the account is disabled.' },
  token_expired: { zh: '登录已过期，请重新登录。', en: 'Your login has expired; log in again.' },
  unauthenticated: { zh: '请先登录。', en: 'Please log in.' },
  session_ended: { zh: '本次登录已结束（已退出或修改了密码），请重新登录。', en: 'This session has ended (logged out or password changed); log in again.' },
  attachment_forbidden: { zh: '无权查看此文件。', en: 'You may not view this file.' },
  forbidden: { zh: '您的角色或单位无权办理此事项{roles}。', en: 'Your role or unit may not do this{roles}.' },
  not_your_unit: { zh: '只能办理和查看本单位的事项。', en: 'You may act and list only for your own unit.' },
  outside_jurisdiction: { zh: '只能查看和管理本辖区及下级辖区的计划、任务和单位。', en: 'Only the plans, tasks and units of your jurisdiction and below.' },
  password_change_required: { zh: '管理员为您设置了初始密码，请先修改密码。', en: 'An admin set your password; change it first.' },
  attachment_content_missing: { zh: '文件内容已丢失，请联系管理员。', en: 'The file’s content is missing; tell an admin.' },
  attachment_not_found: { zh: '文件不存在或已删除。', en: 'No such file.' },
  rollup_branch_not_found: { zh: '该任务没有此下级政府的分解落实情况，或您无权查看。', en: 'The task has no such lower government’s share you may see.' },
  route_not_found: { zh: '请求的功能不存在，请刷新页面。', en: 'No such function; refresh the page.' },
  delivery_not_found: { zh: '投递记录不存在。', en: 'No such delivery.' },
  inbox_item_not_found: { zh: '待办事项不存在。', en: 'No such inbox item.' },
  milestone_check_not_found: { zh: '节点检查不存在。', en: 'No such milestone check.' },
  order_not_found: { zh: '整改通知不存在。', en: 'No such rectification order.' },
  plan_not_found: { zh: '方案不存在。', en: 'No such plan.' },
  task_not_found: { zh: '任务不存在。', en: 'No such task.' },
  unit_not_found: { zh: '单位不存在。', en: 'No such unit.' },
  user_not_found: { zh: '用户不存在。', en: 'No such user.' },
  channel_secret_key_missing: {
    zh: '服务器未配置渠道密钥，不能保存带密钥的通知渠道。',
    en: 'The server has no channel secret key; a channel with a secret cannot be saved.',
  },
  clock_moves_forward: { zh: '模拟时钟只能向前拨。', en: 'The simulated clock only moves forward.' },
  contribution_not_submitted: { zh: '该单位本期尚未报送配合材料，无可退回。', en: 'The unit has not submitted for that period; there is nothing to return.' },
  delivery_not_failed: { zh: '只有投递失败的记录才能重发。', en: 'Only a failed delivery can be retried.' },
  idempotency_key_in_use: { zh: '上一次提交仍在处理中，请稍候再试。', en: 'The previous submission is still running; try again shortly.' },
  not_allowed_now: { zh: '任务当前状态下不能办理此操作，请刷新后查看。', en: 'This is not possible in the task’s present state; refresh to see it.' },
  system_clock: { zh: '系统使用真实时钟，不能拨动。', en: 'The clock is the system clock and cannot be moved.' },
  unit_merge_across_jurisdictions: { zh: '不同地区的单位不能合并。', en: 'Units of different jurisdictions cannot merge.' },
  unit_merge_kind_mismatch: { zh: '只有同类别的单位才能合并。', en: 'Only units of the same kind can merge.' },
  unit_merge_order_clash: { zh: '两个单位在同一任务同一轮次都有整改通知，不能合并。', en: 'Both units hold an order of the same task and round.' },
  unit_name_taken: { zh: '本地区已有同名单位。', en: 'A unit of that name exists in the jurisdiction.' },
  username_taken: { zh: '用户名已被使用。', en: 'That username is taken.' },
  version_conflict: { zh: '任务已被他人更新，请刷新后重试。', en: 'Someone else updated the task first; refresh and try again.' },
  body_too_large: { zh: '提交的内容过大。', en: 'The request is too large.' },
  unsupported_content_type: { zh: '提交的内容格式不受支持，请刷新后重试。', en: 'The request’s format is not accepted; refresh and try again.' },
  attachment_quota_exceeded: {
    zh: '本单位附件存储已达上限（{quota}），请删除不用的文件或联系管理员。',
    en: 'Your unit’s attachments would exceed its quota ({quota}); remove unused files or tell an admin.',
  },
  attachment_too_large: { zh: '文件超过大小上限（{limit}）。', en: 'The file is over the size limit ({limit}).' },
  attachment_type_not_allowed: {
    zh: '不支持此类文件：可上传照片（JPEG、PNG、WebP、HEIC）、PDF、Word、Excel、OFD、ZIP。',
    en: 'This kind of file is not accepted: photos (JPEG, PNG, WebP, HEIC), PDF, Word, Excel, OFD, ZIP are.',
  },
  thumbnail_not_an_image: { zh: '只有图片才有缩略图。', en: 'Only images have thumbnails.' },
  thumbnail_unavailable: { zh: '无法生成缩略图，请下载查看。', en: 'No thumbnail can be made here; download the file.' },
  idempotency_key_reused: {
    zh: '重复提交的内容与上次不同，未予处理，请刷新后重试。',
    en: 'A repeated submission differed from the first; nothing was applied. Refresh and try again.',
  },
  too_many_logins: { zh: '登录失败次数过多，请 {minutes} 分钟后再试。', en: 'Too many failed logins; try again in {minutes} minutes.' },
  internal_error: { zh: '服务器出错，请稍后重试。', en: 'The server failed; try again later.' },
  database_unavailable: { zh: '数据库暂时不可用，请稍后重试。', en: 'The database is unavailable; try again shortly.' },
};

/** The words of a form field a sentence names (the last part of its path: `payload.evidence[0].title` → title). */
const FIELD_LABELS: Readonly<Record<string, Sentence>> = {
  percent: { zh: '进度', en: 'Progress' },
  summary: { zh: '情况说明', en: 'Summary' },
  reason: { zh: '理由', en: 'Reason' },
  findings: { zh: '督查意见', en: 'Findings' },
  requiredActions: { zh: '整改要求', en: 'Required actions' },
  dueAt: { zh: '截止日期', en: 'Due date' },
  proposedDueAt: { zh: '申请延期至', en: 'Proposed due date' },
  evidence: { zh: '佐证材料', en: 'Evidence' },
  title: { zh: '标题', en: 'Title' },
  rating: { zh: '自评结论', en: 'Rating' },
  verdict: { zh: '督查结论', en: 'Verdict' },
  comment: { zh: '意见', en: 'Comment' },
  note: { zh: '备注', en: 'Note' },
  indicators: { zh: '指标数据', en: 'Indicators' },
  value: { zh: '指标数值', en: 'Value' },
  asOf: { zh: '数据日期', en: 'As of' },
  addressedUnitIds: { zh: '整改单位', en: 'Addressed units' },
  unitIds: { zh: '单位', en: 'Units' },
  unitId: { zh: '单位', en: 'Unit' },
  userIds: { zh: '承办人', en: 'Handlers' },
  username: { zh: '用户名', en: 'Username' },
  password: { zh: '密码', en: 'Password' },
  newPassword: { zh: '新密码', en: 'New password' },
  currentPassword: { zh: '当前密码', en: 'Current password' },
  name: { zh: '名称', en: 'Name' },
  text: { zh: '任务内容', en: 'Task text' },
  now: { zh: '时间', en: 'Time' },
  url: { zh: '链接', en: 'Link' },
  limit: { zh: '每页条数', en: 'Page size' },
  q: { zh: '搜索内容', en: 'Search' },
};

const PERIOD_LABELS: Readonly<Record<string, Sentence>> = {
  annual: { zh: '年度', en: 'annual' },
  quarterly: { zh: '季度', en: 'quarterly' },
  monthly: { zh: '月度', en: 'monthly' },
};

/** What the rule a field broke means (class-validator's constraint names). */
const CONSTRAINT_LABELS: Readonly<Record<string, Sentence>> = {
  isNotEmpty: { zh: '不能为空', en: 'must not be empty' },
  minLength: { zh: '不能为空或过短', en: 'is too short' },
  maxLength: { zh: '过长', en: 'is too long' },
  arrayMinSize: { zh: '至少需要一项', en: 'needs at least one item' },
  arrayNotEmpty: { zh: '至少需要一项', en: 'needs at least one item' },
  arrayMaxSize: { zh: '项数过多', en: 'has too many items' },
  min: { zh: '小于允许的最小值', en: 'is below the minimum' },
  max: { zh: '超过允许的最大值', en: 'is above the maximum' },
  isInt: { zh: '应为整数', en: 'must be a whole number' },
  isNumber: { zh: '应为数字', en: 'must be a number' },
  isIn: { zh: '不是可选的值', en: 'is not one of the choices' },
  isEnum: { zh: '不是可选的值', en: 'is not one of the choices' },
  matches: { zh: '格式不正确', en: 'is not in the right format' },
  isCalendarDay: { zh: '应为 年-月-日 格式的日期', en: 'must be a date written YYYY-MM-DD' },
  isDateString: { zh: '应为有效日期', en: 'must be a valid date' },
  isUrl: { zh: '应为有效的网址', en: 'must be a valid URL' },
  isBoolean: { zh: '应为是或否', en: 'must be yes or no' },
  isString: { zh: '应为文字', en: 'must be text' },
  isArray: { zh: '应为列表', en: 'must be a list' },
  isDefined: { zh: '必须填写', en: 'is required' },
  whitelistValidation: { zh: '不是可提交的项目', en: 'is not a field that may be sent' },
  noNulCharacter: { zh: '含有不可见的非法字符', en: 'contains an invisible character that is not allowed' },
};

export interface Refusal {
  code: string | null;
  params: Readonly<Record<string, string | number>>;
}

/** The sentence for a refusal in the console's language, or null for a code this console does not know (an older console, a newer API). */
export function errorSentence({ code, params }: Refusal): string | null {
  const sentence = code !== null && Object.hasOwn(ERROR_MESSAGES, code) ? ERROR_MESSAGES[code as ErrorCode] : null;
  if (!sentence) return null;
  const lang = language.get();
  const values: Record<string, string> = Object.fromEntries(Object.entries(params).map(([key, value]) => [key, String(value)]));
  if (code === 'invalid_field') {
    const field = FIELD_LABELS[lastSegment(values.field ?? '')];
    const constraint = CONSTRAINT_LABELS[values.constraint ?? ''];
    values.field = field ? (lang === 'zh' ? `“${field.zh}”` : field.en) : lang === 'zh' ? '有一项填写' : 'A field';
    values.constraint = constraint ? constraint[lang] : lang === 'zh' ? '不符合要求' : 'is not valid';
  }
  if (code === 'invalid_template') {
    const unknown = values.placeholders ?? '';
    values.placeholders = unknown ? (lang === 'zh' ? `（未知占位符 ${unknown}）` : ` (unknown placeholders ${unknown})`) : '';
  }
  if (code === 'invalid_payload') {
    const rule = PAYLOAD_RULE_SENTENCES[values.rule ?? ''];
    if (rule) {
      const field = FIELD_LABELS[lastSegment(values.field ?? '')];
      values.field = field ? (lang === 'zh' ? `“${field.zh}”` : field.en) : lang === 'zh' ? '所填日期' : 'The date';
      values.period = PERIOD_LABELS[values.period ?? '']?.[lang] ?? values.period ?? '';
      return rule[lang].replace(/\{(\w+)\}/g, (_match, name: string) => values[name] ?? '');
    }
  }
  if (code === 'not_allowed_now' || code === 'precondition_failed') {
    const specific = lifecycleSentence(code, values, lang);
    if (specific !== null) return specific;
  }
  if (code === 'forbidden') {
    const roles = (values.roles ?? '').split(',').filter(Boolean);
    const names = roles.map((role) => (lang === 'zh' ? (ROLE_LABELS[role] ?? role) : role)).join(lang === 'zh' ? '或' : ' or ');
    values.roles = names ? (lang === 'zh' ? `（需要${names}）` : ` (it needs ${names})`) : '';
  }
  return sentence[lang].replace(/\{(\w+)\}/g, (_match, name: string) => values[name] ?? '');
}

/**
 * What a refusal says to a person: the sentence of its code; without one (a code this console does not
 * know, or an answer read without its body) the API's messages, each in Chinese where `reason` knows it.
 */
export function refusalLines(refusal: Refusal & { messages: readonly string[] }, reason: (message: string) => string): string[] {
  const sentence = errorSentence(refusal);
  if (sentence === null) return refusal.messages.map(reason);
  // a 400 of the request's shape names its first field; the others are counted, not shown as paths
  const more = refusal.code === 'invalid_field' ? refusal.messages.length - 1 : 0;
  if (more <= 0) return [sentence];
  return [sentence, language.get() === 'zh' ? `另有 ${more} 处需要修改。` : `${more} more to correct.`];
}

const HEADINGS: Readonly<Record<number, Sentence>> = {
  400: { zh: '提交被拒绝', en: 'Refused' },
  401: { zh: '需要登录', en: 'Log in' },
  403: { zh: '无权办理', en: 'Not allowed' },
  409: { zh: '当前不能办理', en: 'Not possible now' },
};

/** The heading of a refusal box, by status. */
export function refusalHeading(status: number | null): string {
  return (HEADINGS[status ?? 0] ?? { zh: '出错了', en: 'Something went wrong' })[language.get()];
}

function lastSegment(path: string): string {
  return (
    path
      .replace(/\[\d+\]/g, '')
      .split('.')
      .pop() ?? ''
  );
}
