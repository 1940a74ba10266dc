const LABELS: Record<string, string> = {
  start_task: '启动任务',
  self_assess: '推进并提交自评',
  report_progress: '报送进展',
  contribute: '配合推进',
  inspect: '督查',
  rectify: '整改',
  decide_extension: '审核延期申请',
  interview: '约谈',
  notice: '通知',
};

const EXCERPT_LENGTH = 30;

/** `启动任务：第28项 继续开展健康素养巡讲进农村、进社区…` — what the unit must do, and on which task. */
export function inboxTitle(kind: string, seq: number, text: string): string {
  const characters = [...text];
  const excerpt = characters.length > EXCERPT_LENGTH ? `${characters.slice(0, EXCERPT_LENGTH).join('')}…` : text;
  return `${LABELS[kind] ?? kind}：第${seq}项 ${excerpt}`;
}
