import type { CircularReport, ProgressReport } from '../progress-report.view';
import { chineseDate, type OfficialDocument } from './official-document-content';

export interface CircularContext {
  planName: string;
  issuer: string;
}

/**
 * 通报 of a plan on a day: the overall progress (tasks by state), the red tasks in a table with their
 * lead units, due days and days overdue, the lead units with red tasks, worst first, and what is asked
 * of them. Built from the progress report and the JSON circular of the same day.
 */
export function circularDocument(circular: CircularReport, progress: ProgressReport, context: CircularContext): OfficialDocument {
  const totals = progress.totals;
  const states = totals.byState;
  const open = totals.tasks - states.closed;
  const red = circular.redTasks.length;
  const lateUnits = circular.lateUnits.map((unit) => `${unit.name}（${unit.redTasks}项，累计逾期${unit.overdueDays}天）`).join('、');
  return {
    title: `关于《${context.planName}》推进情况的通报`,
    number: `督通〔${circular.date.slice(0, 4)}〕${circular.planId}号`,
    addressee: '各有关单位',
    body: [
      {
        kind: 'paragraph',
        text: `为推动《${context.planName}》各项任务落地见效，现将截至${chineseDate(circular.date)}的推进情况通报如下。`,
      },
      { kind: 'heading', level: 1, text: '一、总体进展' },
      {
        kind: 'paragraph',
        text: `方案共分解任务${totals.tasks}项，已办结销号${states.closed}项，正在推进${open}项（其中已交办未启动${states.assigned}项、整改中${states.rectify}项）。按红黄绿灯评价，绿灯${totals.byLight.green}项、黄灯${totals.byLight.yellow}项、红灯${totals.byLight.red}项；逾期${totals.overdue}项。`,
      },
      { kind: 'heading', level: 1, text: '二、逾期未完成任务' },
      ...(red === 0
        ? [{ kind: 'paragraph' as const, text: '截至通报日，无逾期未完成任务。' }]
        : [
            { kind: 'paragraph' as const, text: `截至通报日，共有${red}项任务亮红灯，具体如下：` },
            {
              kind: 'table' as const,
              columns: [
                { title: '序号', widthPercent: 8 },
                { title: '工作任务', widthPercent: 46 },
                { title: '牵头单位', widthPercent: 20 },
                { title: '完成时限', widthPercent: 14 },
                { title: '逾期天数', widthPercent: 12 },
              ],
              rows: circular.redTasks.map((task) => [
                String(task.seq),
                task.text,
                task.leadUnits.map((unit) => unit.name).join('\n'),
                chineseDate(task.dueAt),
                String(task.overdueDays),
              ]),
            },
            { kind: 'heading' as const, level: 2 as const, text: '（一）涉及单位' },
            { kind: 'paragraph' as const, text: `${lateUnits}。` },
          ]),
      { kind: 'heading', level: 1, text: '三、工作要求' },
      {
        kind: 'paragraph',
        text: '各牵头单位要切实履行主体责任，对逾期任务逐项分析原因，制定整改措施，限期办结，并在督办系统中及时报送进展和佐证材料；各责任单位要主动配合，形成工作合力。对持续逾期的任务，将按规定约谈督办。',
      },
    ],
    issuer: context.issuer,
    date: circular.date,
  };
}
