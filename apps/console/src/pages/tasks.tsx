import { useEffect, useState } from 'preact/hooks';
import { answer, client, type TaskFilters, type Task, type Unit } from '../api';
import { Choice, ErrorBox, LightBadge, Link, Loading, Notice, OverdueBadge, PageHeader, StateBadge, unitNames, useLoad } from '../components';
import { LIGHT_LABELS, label, STATE_LABELS, t } from '../i18n';
import { LIGHTS } from '../model';
import { navigate, query } from '../router';
import { allUnits, hasRole, session } from '../session';

interface Filters {
  planId: string;
  state: string;
  light: string;
  unitId: string;
  overdue: boolean;
  q: string;
}

const fromUrl = (): Filters => {
  const search = new URLSearchParams(window.location.search);
  return {
    planId: search.get('planId') ?? '',
    state: search.get('state') ?? '',
    light: search.get('light') ?? '',
    unitId: search.get('unitId') ?? '',
    overdue: search.get('overdue') === 'true',
    q: search.get('q') ?? '',
  };
};

/** The page's filters as the task list's query (empty ones are not sent). */
const taskQuery = (filters: Filters, cursor?: string) => {
  const checked: TaskFilters = {
    planId: filters.planId,
    state: filters.state ? [filters.state] : undefined,
    light: LIGHTS.find((light) => light === filters.light),
    unitId: filters.unitId,
    overdue: filters.overdue || undefined,
    q: filters.q,
  };
  return { params: { query: { ...checked, cursor, limit: 100 } } };
};

/** The plan as its table: section rows, then work items and tasks with lead and support units. */
export function TaskTable({ tasks, caption }: { tasks: Task[]; caption: string }) {
  let section = '';
  let workItem = '';
  return (
    <div class="table-wrap">
      <table class="table table-plan table-cards" data-testid="task-table">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('序号')}</th>
            <th scope="col">{t('工作内容')}</th>
            <th scope="col">{t('工作任务')}</th>
            <th scope="col">{t('牵头单位')}</th>
            <th scope="col">{t('责任单位')}</th>
            <th scope="col">{t('截止日期')}</th>
            <th scope="col">{t('状态')}</th>
            <th scope="col">{t('灯色')}</th>
          </tr>
        </thead>
        <tbody>
          {tasks.flatMap((task) => {
            const rows = [];
            if (task.section.title !== section) {
              section = task.section.title;
              workItem = '';
              rows.push(
                <tr class="section-row" key={`s-${task.id}`}>
                  <th scope="rowgroup" colSpan={8}>
                    {section}
                  </th>
                </tr>,
              );
            }
            const showWorkItem = task.workItem.title !== workItem;
            workItem = task.workItem.title;
            rows.push(
              <tr key={task.id} class={task.overdue ? 'row-overdue' : ''} data-task-seq={task.seq}>
                <td data-label={t('序号')} class="cell-seq">
                  {task.seq}
                </td>
                <td data-label={t('工作内容')} class={showWorkItem ? '' : 'cell-repeat'}>
                  {showWorkItem ? task.workItem.title : <span class="muted">〃</span>}
                </td>
                <td data-label={t('工作任务')} class="cell-text">
                  <Link href={`/tasks/${task.id}`}>{task.text.length > 90 ? `${task.text.slice(0, 90)}…` : task.text}</Link>
                </td>
                <td data-label={t('牵头单位')}>{unitNames(task.leadUnits)}</td>
                <td data-label={t('责任单位')} class="cell-units">
                  {task.supportUnits.length > 4
                    ? `${unitNames(task.supportUnits.slice(0, 4))} 等${task.supportUnits.length}个单位`
                    : unitNames(task.supportUnits)}
                </td>
                <td data-label={t('截止日期')}>
                  {task.dueAt} <OverdueBadge overdue={task.overdue} />
                </td>
                <td data-label={t('状态')}>
                  <StateBadge state={task.state} />
                </td>
                <td data-label={t('灯色')}>
                  <LightBadge light={task.light} />
                </td>
              </tr>,
            );
            return rows;
          })}
        </tbody>
      </table>
    </div>
  );
}

export function TasksPage() {
  const current = session.get()!;
  const [filters, setFilters] = useState<Filters>(fromUrl);
  const [draft, setDraft] = useState<Filters>(filters);
  const [extra, setExtra] = useState<{ items: Task[]; nextCursor: string | null } | null>(null);
  const [moreError, setMoreError] = useState<unknown>(null);
  const plans = useLoad(() => answer(client.GET('/plans')), []);
  const [units, setUnits] = useState<Unit[]>([]);
  useEffect(() => void allUnits().then(setUnits, () => undefined), []);
  const { data, error, loading } = useLoad(() => answer(client.GET('/tasks', taskQuery(filters))), [JSON.stringify(filters)]);
  useEffect(() => setExtra(null), [data]);

  const apply = (event: Event) => {
    event.preventDefault();
    setFilters(draft);
    navigate(
      `/tasks${query({ planId: draft.planId, state: draft.state, light: draft.light, unitId: draft.unitId, overdue: draft.overdue ? 'true' : undefined, q: draft.q })}`,
      true,
    );
  };
  const more = async () => {
    const cursor = extra?.nextCursor ?? data?.nextCursor;
    if (!cursor) return;
    try {
      const page = await answer(client.GET('/tasks', taskQuery(filters, cursor)));
      setExtra({ items: [...(extra?.items ?? []), ...page.items], nextCursor: page.nextCursor });
    } catch (caught) {
      setMoreError(caught);
    }
  };
  const tasks = [...(data?.items ?? []), ...(extra?.items ?? [])];
  const nextCursor = extra ? extra.nextCursor : data?.nextCursor;
  const seesAll = hasRole(current, 'admin', 'inspector', 'viewer');
  const choosable = seesAll ? units.filter((unit) => unit.kind !== 'group') : units.filter((unit) => unit.id === current.user.unitId);
  const set = (patch: Partial<Filters>) => setDraft({ ...draft, ...patch });

  return (
    <section aria-labelledby="page-title">
      <PageHeader title={t('任务')}>
        <p class="summary">{seesAll ? '全部任务' : '本单位牵头、配合或被整改的任务'}</p>
      </PageHeader>
      <form class="filters" onSubmit={apply} aria-label="筛选任务">
        {plans.data && plans.data.length > 1 ? (
          <Choice
            id="f-plan"
            label="方案"
            value={draft.planId}
            all={t('全部')}
            options={plans.data.map((plan) => [plan.id, plan.name])}
            onChange={(planId) => set({ planId })}
          />
        ) : null}
        <Choice
          id="f-state"
          label={t('状态')}
          value={draft.state}
          all={t('全部')}
          options={Object.keys(STATE_LABELS).map((state) => [state, label(STATE_LABELS, state)])}
          onChange={(state) => set({ state })}
        />
        <Choice
          id="f-light"
          label={t('灯色')}
          value={draft.light}
          all={t('全部')}
          options={Object.keys(LIGHT_LABELS).map((light) => [light, label(LIGHT_LABELS, light)])}
          onChange={(light) => set({ light })}
        />
        <Choice
          id="f-unit"
          label={t('单位')}
          value={draft.unitId}
          all={t('全部')}
          options={choosable.map((unit) => [unit.id, unit.name])}
          onChange={(unitId) => set({ unitId })}
        />
        <div class="field field-check">
          <input id="f-overdue" type="checkbox" checked={draft.overdue} onChange={(e) => set({ overdue: e.currentTarget.checked })} />
          <label for="f-overdue">仅看逾期</label>
        </div>
        <div class="field field-grow">
          <label for="f-q">{t('搜索')}</label>
          <input id="f-q" type="search" placeholder="任务内容、工作内容或牵头单位" value={draft.q} onInput={(e) => set({ q: e.currentTarget.value })} />
        </div>
        <div class="field field-actions">
          <button type="submit" class="button button-primary">
            筛选
          </button>
        </div>
      </form>
      <ErrorBox error={error ?? moreError} />
      {loading && !data ? <Loading /> : null}
      {data && tasks.length === 0 ? <Notice>没有符合条件的任务。</Notice> : null}
      {tasks.length > 0 ? (
        <>
          <p class="muted" data-testid="task-count">
            已显示 {tasks.length} 项任务{nextCursor ? '，还有更多' : ''}
          </p>
          <TaskTable tasks={tasks} caption="任务分解表" />
        </>
      ) : null}
      {nextCursor ? (
        <button type="button" class="button" onClick={() => void more()}>
          {t('加载更多')}
        </button>
      ) : null}
    </section>
  );
}
