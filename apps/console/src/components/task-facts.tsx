import type { Task, TaskEvent } from '../api';
import { comparatorText, OverdueBadge, unitNames } from '../components';
import { label, SOURCE_KIND_LABELS, STATE_LABELS, t, URGENCY_LABELS } from '../i18n';
import { latestReadings } from '../model';

/** The task as the plan states it: its text, units, due day, state, milestones and targets with their latest readings. */
export function TaskFactsPanel({ task, events }: { task: Task; events: TaskEvent[] }) {
  const readings = latestReadings(events);
  return (
    <section class="panel" aria-labelledby="task-text">
      <h2 id="task-text">{t('工作任务')}</h2>
      <p class="crumbs-line">
        {task.section.title} › {task.workItem.title}
      </p>
      <blockquote class="verbatim" data-testid="task-text">
        {task.text}
      </blockquote>
      <dl class="facts">
        <div>
          <dt>{t('牵头单位')}</dt>
          <dd>{unitNames(task.leadUnits)}</dd>
        </div>
        <div class="fact-wide">
          <dt>{t('责任单位')}</dt>
          <dd>{unitNames(task.supportUnits)}</dd>
        </div>
        <div>
          <dt>{t('截止日期')}</dt>
          <dd>
            {task.dueAt} <OverdueBadge overdue={task.overdue} />
          </dd>
        </div>
        <div>
          <dt>{t('状态')}</dt>
          <dd data-testid="task-state">{label(STATE_LABELS, task.state)}</dd>
        </div>
        {task.source ? (
          <div class="fact-wide" data-testid="task-source">
            <dt>来源</dt>
            <dd>
              {label(SOURCE_KIND_LABELS, task.source.kind)}
              {task.source.docNo ? ` · ${task.source.docNo}` : ''}
              {task.source.issuedBy ? ` · ${task.source.issuedBy}` : ''}
              {task.source.issuedAt ? `（${task.source.issuedAt}）` : ''}
            </dd>
          </div>
        ) : null}
        {task.urgency === 'urgent' ? (
          <div>
            <dt>缓急</dt>
            <dd class="text-red">{label(URGENCY_LABELS, task.urgency)}</dd>
          </div>
        ) : null}
        {task.escalationLevel > 0 ? (
          <div>
            <dt>督办级别</dt>
            <dd>{['', '催办', '督办', '约谈'][task.escalationLevel] ?? task.escalationLevel}</dd>
          </div>
        ) : null}
        {task.recurrence ? (
          <div>
            <dt>周期</dt>
            <dd>{task.recurrence === 'annual' ? '每年' : task.recurrence}</dd>
          </div>
        ) : null}
      </dl>
      {task.milestones.length > 0 ? (
        <>
          <h3>{t('里程碑')}</h3>
          <ul class="plain-list">
            {task.milestones.map((milestone) => (
              <li key={milestone.date}>
                {milestone.date}（{milestone.clause}）
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {task.targets.length > 0 ? (
        <>
          <h3>{t('指标')}</h3>
          <div class="table-wrap">
            <table class="table table-compact" data-testid="targets">
              <thead>
                <tr>
                  <th scope="col">指标</th>
                  <th scope="col">目标值</th>
                  <th scope="col">期限</th>
                  <th scope="col">最新值</th>
                </tr>
              </thead>
              <tbody>
                {task.targets.map((target) => {
                  const latest = readings.get(target.id);
                  return (
                    <tr key={target.id}>
                      <td>{target.indicator}</td>
                      <td>
                        {comparatorText(target.comparator)} {target.value}
                        {target.unit}
                      </td>
                      <td>{target.by ?? '—'}</td>
                      <td>{latest ? `${latest.value}${target.unit}（${latest.asOf}）` : <span class="muted">未报送</span>}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </section>
  );
}
