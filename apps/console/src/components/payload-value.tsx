import type { Task } from '../api';
import { label, RATING_LABELS, VERDICT_LABELS } from '../i18n';
import type { EvidenceItem } from '../evidence-submissions';
import { EvidenceItems } from './evidence-items';

/** The names of an audit event's payload fields, as the timeline shows them. */
export const PAYLOAD_LABELS: Record<string, string> = {
  percent: '完成进度',
  summary: '说明',
  rating: '自评结论',
  evidence: '佐证材料',
  verdict: '督查结论',
  findings: '发现的问题/意见',
  requiredActions: '整改要求',
  dueAt: '期限',
  addressedUnitIds: '整改单位',
  comment: '意见',
  reason: '理由',
  proposedDueAt: '申请延期至',
  indicators: '指标数值',
  round: '轮次',
  orderId: '整改通知书',
  draftId: '草稿编号',
  unitId: '单位',
  level: '督办级别',
  offsetDays: '距到期天数',
  before: '修改前',
  after: '修改后',
  text: '任务内容',
  leadUnitIds: '牵头单位',
  supportUnitIds: '责任单位',
  userIds: '承办人',
  period: '报送期（截至）',
  grade: '评定等次',
  note: '备注',
};

/** One payload value, readable: labels for ratings and verdicts, unit names for unit ids, evidence links, indicator readings. */
export function PayloadValue({
  name,
  value,
  unitName,
  task,
  people = [],
}: {
  name: string;
  value: unknown;
  unitName: (id: string) => string;
  task: Task;
  /** the people the event names by id, by name (the API's `people`) */
  people?: readonly { id: string; name: string }[];
}) {
  if (name === 'rating' && typeof value === 'string') return <>{label(RATING_LABELS, value)}</>;
  if (name === 'verdict' && typeof value === 'string')
    return <strong class={value === 'fail' ? 'text-red' : 'text-green'}>{label(VERDICT_LABELS, value)}</strong>;
  if (name === 'percent') return <>{String(value)}%</>;
  if ((name === 'addressedUnitIds' || name === 'unitIds' || name === 'leadUnitIds' || name === 'supportUnitIds') && Array.isArray(value))
    return <>{value.map((id) => unitName(String(id))).join('、')}</>;
  if (name === 'unitId' && typeof value === 'string') return <>{unitName(value)}</>;
  // handlers by name; none named: the whole unit
  if (name === 'userIds' && Array.isArray(value))
    return <>{value.length === 0 ? '（未指定，全单位办理）' : value.map((id) => people.find((person) => person.id === String(id))?.name ?? '—').join('、')}</>;
  // an EDIT's before and after: each changed field by its name
  if ((name === 'before' || name === 'after') && value && typeof value === 'object')
    return (
      <dl class="payload-fields">
        {Object.entries(value as Record<string, unknown>).map(([field, changed]) => (
          <div key={field}>
            <dt>{PAYLOAD_LABELS[field] ?? field}</dt>
            <dd>
              <PayloadValue name={field} value={changed} unitName={unitName} task={task} />
            </dd>
          </div>
        ))}
      </dl>
    );
  if (name === 'evidence' && Array.isArray(value)) return <EvidenceItems items={value as EvidenceItem[]} />;
  if (name === 'indicators' && Array.isArray(value))
    return (
      <ul class="plain-list">
        {(value as { targetId: string; value: number; asOf: string }[]).map((reading) => (
          <li key={reading.targetId}>
            {task.targets.find((target) => target.id === reading.targetId)?.indicator ?? `指标 ${reading.targetId}`}：{reading.value}（截至 {reading.asOf}）
          </li>
        ))}
      </ul>
    );
  if (value === null || value === undefined || value === '') return <span class="muted">—</span>;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return <>{String(value)}</>;
  return <code>{JSON.stringify(value)}</code>;
}
