/**
 * The console speaks Chinese (zh-CN); English is a switch. Labels are written in Chinese in the
 * code and `t()` looks up their English; a label without an English entry stays Chinese.
 */
import { signal } from './signal';

export type Language = 'zh' | 'en';

const LANGUAGE_KEY = 'duban.language';
export const language = signal<Language>((localStorage.getItem(LANGUAGE_KEY) as Language | null) ?? 'zh');

export function setLanguage(next: Language): void {
  localStorage.setItem(LANGUAGE_KEY, next);
  document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
  language.set(next);
}

export const STATE_LABELS: Record<string, string> = {
  assigned: '已交办',
  in_progress: '办理中',
  awaiting_sign_off: '待审核签发',
  self_assessed: '已自评',
  inspected: '已督查',
  closing: '销号审批中',
  rectify: '整改中',
  closed: '已办结',
  cancelled: '已撤销',
};

/** Where a ledger task comes from (TaskSourceView.kind), and its urgency. */
export const SOURCE_KIND_LABELS: Record<string, string> = { instruction: '领导批示', meeting: '会议决定', superior: '上级交办', other: '其他' };
export const URGENCY_LABELS: Record<string, string> = { normal: '一般', urgent: '紧急' };

export const LIGHT_LABELS: Record<string, string> = { green: '绿灯', yellow: '黄灯', red: '红灯' };

export const EVENT_LABELS: Record<string, string> = {
  START: '启动办理',
  REPORT_PROGRESS: '报送进展',
  CONTRIBUTE: '报送配合情况',
  RETURN_CONTRIBUTION: '退回配合材料',
  ASSIGN_HANDLERS: '指定承办人',
  SUBMIT_SELF_ASSESSMENT: '提交自评',
  WITHDRAW: '撤回自评',
  INSPECT: '督查评定',
  CLOSE: '销号办结',
  ORDER_RECTIFICATION: '下达整改通知',
  REOPEN: '重新打开',
  CANCEL: '撤销任务',
  REQUEST_EXTENSION: '申请延期',
  APPROVE_EXTENSION: '批准延期',
  REJECT_EXTENSION: '驳回延期',
  APPROVE_SUBMISSION: '审核签发',
  RETURN_SUBMISSION: '退回承办人',
  APPROVE_CLOSE: '销号审批通过',
  RETURN_CLOSE: '销号退回',
  URGE: '催办',
  GRANT_EXTENSION: '批准延期',
  REASSIGN_LEAD: '调整牵头单位',
  RECTIFICATION_SUBMITTED: '整改全部报送',
  ORDER_SUBMITTED: '报送整改',
  ORDER_RETURNED: '退回整改',
  REPORT_DRAFTED: '起草进展（待签发）',
  ORDER_DRAFTED: '起草整改材料（待签发）',
  CONTRIBUTION_FILLED: '下级分解落实情况自动填报配合情况',
  REMINDER: '到期提醒',
  OVERDUE: '逾期',
  ESCALATE: '升级督办',
  EDIT: '修改任务',
};

/** 审核签发: what a draft sends once approved, and where it stands. */
export const DRAFT_SUBMISSION_LABELS: Record<string, string> = { CONTRIBUTE: '配合材料', REPORT_PROGRESS: '进展报告', SUBMIT_RECTIFICATION: '整改材料' };
export const DRAFT_STATUS_LABELS: Record<string, string> = { pending: '待签发', approved: '已签发报送', returned: '已退回' };

export const CONTRIBUTION_STATUS_LABELS: Record<string, string> = {
  due: '待报送',
  submitted: '已报送',
  returned: '已退回',
  overdue: '逾期未报',
};

export const INBOX_KIND_LABELS: Record<string, string> = {
  start_task: '启动任务',
  report_progress: '报送进展',
  contribute: '配合报送',
  self_assess: '提交自评',
  rectify: '落实整改',
  inspect: '督查评定',
  decide_extension: '审批延期',
  sign_off: '审核签发',
  approve_close: '销号审批',
  interview: '约谈',
  notice: '通知',
};

export const ORDER_STATE_LABELS: Record<string, string> = { issued: '待整改', submitted: '已报送', accepted: '已通过', returned: '已退回' };
export const ROLE_LABELS: Record<string, string> = { admin: '管理员', inspector: '督查员', officer: '经办人', viewer: '查阅人' };
export const RATING_LABELS: Record<string, string> = { completed: '已完成', basically_completed: '基本完成', not_completed: '未完成' };
export const VERDICT_LABELS: Record<string, string> = { pass: '通过', fail: '不通过' };

const EN: Record<string, string> = {
  修改密码: 'Change password',
  新密码: 'New password',
  '密码由管理员设置，请先设置您自己的密码（至少 12 个字符）': 'An admin set your password: choose your own first (at least 12 characters)',
  督办系统: 'Duban supervision',
  待办: 'Inbox',
  任务: 'Tasks',
  整改: 'Rectification',
  台账: 'Ledger',
  新建任务: 'New task',
  批示件台账: 'Instructions ledger',
  修改任务: 'Edit task',
  撤销任务: 'Cancel task',
  已撤销: 'Cancelled',
  督查: 'Inspection',
  统计: 'Dashboard',
  管理: 'Admin',
  登录: 'Sign in',
  退出: 'Sign out',
  用户名: 'Username',
  密码: 'Password',
  单位: 'Unit',
  角色: 'Role',
  状态: 'State',
  灯色: 'Light',
  截止日期: 'Due',
  逾期: 'Overdue',
  搜索: 'Search',
  全部: 'All',
  序号: 'No.',
  工作任务: 'Task',
  工作内容: 'Work item',
  牵头单位: 'Lead units',
  责任单位: 'Support units',
  操作: 'Action',
  办理: 'Act',
  标为已读: 'Mark read',
  已读: 'Read',
  加载更多: 'Load more',
  查看: 'Open',
  提交: 'Submit',
  取消: 'Cancel',
  绿灯: 'Green',
  黄灯: 'Yellow',
  红灯: 'Red',
  已交办: 'Assigned',
  办理中: 'In progress',
  已自评: 'Self-assessed',
  已督查: 'Inspected',
  整改中: 'Rectifying',
  已办结: 'Closed',
  待审核签发: 'Awaiting sign-off',
  销号审批中: 'In close-out approval',
  启动办理: 'Start',
  报送进展: 'Report progress',
  报送配合情况: 'Contribute',
  // the contributions panel's mark of a contribution the system filled from the child plan
  自动填报: 'Auto-filled',
  '由下级方案的分解落实情况自动填报，非本单位人员报送': 'Filled by the system from the lower plan’s progress, not sent by a person of the unit',
  提交自评: 'Self-assess',
  撤回自评: 'Withdraw',
  督查评定: 'Inspect',
  销号办结: 'Close',
  下达整改通知: 'Order rectification',
  重新打开: 'Reopen',
  申请延期: 'Request extension',
  批准延期: 'Approve extension',
  驳回延期: 'Reject extension',
  里程碑: 'Milestones',
  指标: 'Targets',
  办理记录: 'Audit trail',
  可办理事项: 'Actions you may take',
  整改通知书: 'Rectification orders',
  通知: 'Notice',
  待办事项: 'Pending items',
  暂无待办: 'Nothing pending',
  当前时间: 'Now',
  系统: 'System',
  切换到英文: 'Switch language',
  佐证材料: 'Evidence',
  '尚未添加佐证材料。': 'No evidence yet.',
  '尚未报送佐证材料。': 'No evidence submitted yet.',
  材料名称: 'Title',
  '链接（可选）': 'Link (optional)',
  文件: 'File',
  删除: 'Remove',
  删除佐证材料: 'Remove evidence',
  '＋ 添加佐证材料': '+ Add evidence',
  '将文件拖到此处，或：': 'Drop files here, or:',
  选择文件: 'Choose files',
  拍照上传: 'Take a photo',
  上传进度: 'Upload progress',
  上传失败: 'Upload failed',
  '上传中断，请重试': 'The upload was cut off; try again',
  已上传: 'Uploaded',
  等待上传: 'Waiting',
  下载: 'Download',
  预览: 'Preview',
  无权查看此文件: 'You may not read this file',
  文件暂不可用: 'The file is not available',
  '加载中…': 'Loading…',
  '下载失败，请重试': 'The download failed; try again',
  // the notice channels' screens
  管理首页: 'Admin home',
  通知管理: 'Notices',
  通知渠道: 'Notice channels',
  通知模板: 'Notice templates',
  发送记录: 'Delivery log',
  钉钉机器人: 'DingTalk robot',
  企业微信机器人: 'WeCom robot',
  短信: 'SMS',
  电子邮件: 'E-mail',
  渠道: 'Channel',
  渠道类型: 'Channel type',
  地址: 'Address',
  密钥: 'Secret',
  已保存密钥: 'secret stored',
  启用: 'Enabled',
  '只接收这些通知（都不选：方案分派的都接收）': 'Only these notices (none ticked: all the plan routes here)',
  移除此渠道: 'Remove this channel',
  '＋ 添加渠道': '+ Add a channel',
  保存渠道: 'Save channels',
  '尚未设置通知渠道：通知只在系统待办中显示。': 'No channels yet: notices show in the inbox only.',
  '通知除在系统待办中显示外，还按方案的通知规则发往这里设置的渠道。密钥只写不读：保存后加密存储，不再显示。':
    'Besides the inbox, notices go to the channels set here, as the plan’s notice rules route them. Secrets are write-only: stored encrypted, never shown again.',
  设置对象: 'Settings of',
  '用户（如单位负责人）': 'A user (e.g. a unit head)',
  用户: 'User',
  '（请选择）': '(choose)',
  到期提醒: 'Due reminder',
  催办: 'Urge',
  督办: 'Supervision',
  约谈: 'Interview',
  整改提醒: 'Rectification reminder',
  整改逾期: 'Rectification overdue',
  报送提醒: 'Report request',
  '催报（进展）': 'Report overdue',
  '催报（配合）': 'Contribution overdue',
  通知类型: 'Notice kind',
  编辑模板: 'Edit the template',
  '当前使用默认模板。': 'The channel’s default template is in use.',
  '当前使用管理员自定义的模板。': 'An admin’s template is in use.',
  标题: 'Subject',
  正文: 'Body',
  '短信按服务商登记的短信模板发送，此处模板仅供预览。': 'SMS is sent with the provider’s registered template; this one is for preview only.',
  保存模板: 'Save the template',
  恢复默认: 'Reset to default',
  '预览（示例通知：第28项）': 'Preview (a sample notice: task 28)',
  待发送: 'Pending',
  已送达: 'Delivered',
  '失败（死信）': 'Failed (dead letter)',
  刷新: 'Refresh',
  '没有符合条件的发送记录。': 'No deliveries match.',
  时间: 'Time',
  接收方: 'Receiver',
  尝试次数: 'Attempts',
  最后答复: 'Last answer',
  '单位 Webhook': 'Unit webhook',
  免打扰至: 'quiet hours until',
  重新发送: 'Send again',
};

/** Whether a Chinese label has its English (the unit tests check the labels a screen shows). */
export const hasEnglish = (zh: string): boolean => Object.hasOwn(EN, zh);

/** The label in the chosen language. */
export function t(zh: string): string {
  return language.get() === 'en' ? (EN[zh] ?? zh) : zh;
}

export const label = (table: Record<string, string>, key: string): string => t(table[key] ?? key);

/** Reasons the API gives in English, with their Chinese wording for officers. */
const REASONS: [RegExp, string][] = [
  [/evidence needs at least one item/, '必须附至少一项佐证材料'],
  [/requires at least one evidence item backed by an uploaded file/, '本方案要求至少一项佐证材料为上传的文件（照片、PDF 等）'],
  [/larger than the limit|quota/, '文件超过大小上限或本单位存储配额'],
  [/accepted are/, '不支持此类文件：可上传照片（JPEG、PNG、WebP、HEIC）、PDF、Word、Excel、OFD、ZIP'],
  [/the file is empty/, '文件为空'],
  [/must be a date written YYYY-MM-DD/, '日期格式应为 年-月-日'],
  [/should not be empty|must be longer than or equal to 1 characters/, '不能为空'],
  [/percent must not be greater than 100|percent must not be less than 0/, '进度应在 0 到 100 之间'],
  [/own unit leads/, '督查员不能督查本单位牵头的任务'],
  [/version \d+, not \d+/, '任务已被他人更新，请刷新后重试'],
  [/wrong username or password|invalid credentials/i, '用户名或密码错误'],
  [/password must be at least \d+ characters/, '密码至少 12 个字符（几个词连在一起就是好密码）'],
  [/list of common passwords/, '这是常见密码，请换一个'],
  [/must not be the username/, '密码不能是用户名加几个字符'],
  [/not allowed|cannot/i, '当前状态下不允许此操作'],
];

/** A reason from the API in Chinese (the original kept in brackets), or as it is in English mode. */
export function reason(message: string): string {
  if (language.get() === 'en') return message;
  const known = REASONS.find(([pattern]) => pattern.test(message));
  return known ? `${known[1]}（${message}）` : message;
}
