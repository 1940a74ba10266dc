/**
 * The header names task tables use, by the role of their column. One list, kept as data: a city
 * whose table names a column differently needs a line here, not a change to the parser.
 * Names are compared after normaliseHeaderName (NFKC, no spaces, no trailing `：` or `（…）`).
 *
 * Two task-like roles: `task` (what was deployed: 工作任务, 部署任务 …) and `measure` (the local
 * measures under it: 具体措施, 落实措施 …). A table with both reads the measures as the tasks and the
 * deployed task as their work item; a table with only one reads it as the tasks.
 */
export type ColumnRole = 'seq' | 'workItem' | 'task' | 'measure' | 'lead' | 'support' | 'deadline' | 'parent' | 'note';

export const HEADER_VOCABULARY: Readonly<Record<ColumnRole, readonly string[]>> = {
  seq: ['序号', '编号', '序'],
  workItem: ['工作内容', '重点工作', '工作重点', '工作类别', '项目', '类别'],
  task: ['工作任务', '主要任务', '重点任务', '任务内容', '具体任务', '部署任务', '任务', '工作要求', '目标任务'],
  measure: ['具体措施', '落实措施', '工作措施', '细化措施', '主要措施', '推进措施', '工作举措', '具体举措'],
  lead: ['牵头单位', '牵头部门', '牵头责任单位', '主责单位', '主责部门', '责任主体', '牵头领导单位'],
  support: ['责任单位', '责任部门', '配合单位', '配合部门', '参与单位', '参与部门', '协办单位', '协同单位', '协作单位'],
  deadline: ['完成时限', '完成时间', '时限要求', '完成期限', '时间节点', '时间安排', '进度安排', '时限'],
  /** a lower government's table: the parent plan's task each row serves (docs/cascade.md) */
  parent: ['对应市级任务', '对应市级任务序号', '市级任务序号', '对应上级任务', '上级任务序号', '对应任务序号', '服务任务'],
  note: ['备注', '说明'],
};

/** The list form's labels (`牵头单位：…`): the lead, support and deadline names above. */
export const LIST_LABEL_ROLES: readonly ColumnRole[] = ['lead', 'support', 'deadline'];
