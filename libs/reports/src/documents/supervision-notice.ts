import type { TaskLight } from '@duban/domain';
import type { TaskView } from '@duban/tasks';
import { LIGHT_LABELS, STATE_LABELS } from '../ledger';
import { chineseDate, type OfficialDocument } from './official-document-content';

/** What a 督办单 says, besides the task itself. */
export interface NoticeContext {
  planName: string;
  /** the supervising office that issues it (the jurisdiction's `supervision` unit) */
  issuer: string;
  /** `YYYY-MM-DD`, the day it is issued */
  today: string;
}

const names = (units: { name: string }[]): string => units.map((unit) => unit.name).join('、');

/** Days from `from` to `to` (both `YYYY-MM-DD`), negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * 督办单: addressed to the task's lead units, it names the task, its units and its term, says how it
 * stands (overdue by how many days, or due in how many), and asks for the progress and evidence by the
 * due day. The table holds the task as the plan lists it, with its milestones.
 */
export function supervisionNotice(task: TaskView, context: NoticeContext): OfficialDocument {
  const year = context.today.slice(0, 4);
  const lead = names(task.leadUnits) || task.leadText;
  const support = names(task.supportUnits);
  const left = daysBetween(context.today, task.dueAt);
  const light = task.light === null ? '' : `（${LIGHT_LABELS[task.light as TaskLight] ?? task.light}）`;
  const now = `目前状态为“${STATE_LABELS[task.state] ?? task.state}”${light}`;
  const standing =
    task.state === 'closed'
      ? '该任务已办结销号，请巩固工作成效。'
      : task.state === 'cancelled'
        ? '该任务已撤销，不再督办。'
        : left < 0
          ? `该任务已超过完成时限${-left}天，${now}，请高度重视，立即整改落实。`
          : `该任务距完成时限还有${left}天，${now}。`;
  const milestones = task.milestones.map((milestone) => `${chineseDate(milestone.date)}：${milestone.clause}`).join('\n');
  return {
    title: '督 办 单',
    number: `督办〔${year}〕${task.id}号`,
    addressee: lead,
    body: [
      {
        kind: 'paragraph',
        text: `根据《${context.planName}》工作安排，现将第${task.seq}项任务交由你单位牵头办理${support ? `，${support}配合` : ''}。${standing}`,
      },
      { kind: 'heading', level: 1, text: '一、督办事项' },
      {
        kind: 'table',
        columns: [
          { title: '序号', widthPercent: 8 },
          { title: '工作任务', widthPercent: 40 },
          { title: '牵头单位', widthPercent: 16 },
          { title: '责任单位', widthPercent: 16 },
          { title: '完成时限', widthPercent: 20 },
        ],
        rows: [[String(task.seq), task.text, lead, support || '—', milestones || chineseDate(task.dueAt)]],
      },
      { kind: 'heading', level: 1, text: '二、办理要求' },
      {
        kind: 'paragraph',
        text: `请你单位对照任务要求，明确责任人和时间节点，于${chineseDate(task.dueAt)}前办结，并在督办系统中如实报送进展情况和佐证材料。逾期未办结的，将按规定予以通报。`,
      },
    ],
    issuer: context.issuer,
    date: context.today,
  };
}
