import { useEffect, useState } from 'preact/hooks';
import { answer, client, type PlanSummary, type Unit } from '../api';
import type { components } from '../api-types.generated';
import { ErrorBox, Field, Loading, PageHeader, useLoad } from '../components';
import { UnitSelect } from '../components/unit-select';
import { SOURCE_KIND_LABELS, URGENCY_LABELS } from '../i18n';
import { navigate } from '../router';
import { allUnits } from '../session';

type CreateTask = components['schemas']['CreateTaskDto'];
type SourceKind = CreateTask['source'] extends infer S ? (S extends { kind: infer K } ? K : never) : never;

/** A new ledger plan (批示件台账) made from this page: its name and the day it starts. */
function NewLedgerPlan({ open, onCreated }: { open: boolean; onCreated: (plan: PlanSummary) => void }) {
  const [name, setName] = useState('');
  const [planStart, setPlanStart] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      onCreated(await answer(client.POST('/plans', { body: { name, kind: 'instructions', planStart } })));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <details class="fieldset" open={open}>
      <summary>新建台账</summary>
      <div class="form-row">
        <Field id="plan-name" label="台账名称">
          <input id="plan-name" value={name} placeholder="2024年领导批示件台账" onInput={(e) => setName(e.currentTarget.value)} />
        </Field>
        <Field id="plan-start" label="台账起始日期">
          <input id="plan-start" type="date" value={planStart} onInput={(e) => setPlanStart(e.currentTarget.value)} />
        </Field>
      </div>
      <ErrorBox error={error} />
      <button type="button" class="button" disabled={busy || !name || !planStart} onClick={() => void create()}>
        创建台账
      </button>
    </details>
  );
}

/** 新建任务: a task of a ledger plan from a leader's instruction, a meeting, a superior or another source. */
export function TaskNewPage() {
  const loaded = useLoad(() => Promise.all([answer(client.GET('/plans')), allUnits()]), []);
  const [plans, setPlans] = useState<PlanSummary[]>([]);
  const [units, setUnits] = useState<Unit[]>([]);
  useEffect(() => {
    if (!loaded.data) return;
    const ledgers = loaded.data[0].filter((plan) => plan.kind === 'instructions');
    setPlans(ledgers);
    setUnits(loaded.data[1]);
    if (ledgers.length > 0) setPlanId((current) => current || ledgers[ledgers.length - 1].id);
  }, [loaded.data]);

  const [planId, setPlanId] = useState('');
  const [text, setText] = useState('');
  const [lead, setLead] = useState<string[]>([]);
  const [support, setSupport] = useState<string[]>([]);
  const [termKind, setTermKind] = useState<'working' | 'date'>('working');
  const [term, setTerm] = useState('3');
  const [dueAt, setDueAt] = useState('');
  const [kind, setKind] = useState<SourceKind>('instruction');
  const [docNo, setDocNo] = useState('');
  const [issuedBy, setIssuedBy] = useState('');
  const [issuedAt, setIssuedAt] = useState('');
  const [urgency, setUrgency] = useState<'normal' | 'urgent'>('normal');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const days = Number(term);
  const [preview, setPreview] = useState<{ today: string; dueOn: string } | null>(null);
  // the api's clock (a simulated one in a demo), else the browser's
  const [systemNow, setSystemNow] = useState<Date | undefined>(undefined);
  useEffect(
    () =>
      void answer(client.GET('/clock')).then(
        (clock) => setSystemNow(new Date(clock.now)),
        () => undefined,
      ),
    [],
  );
  useEffect(() => {
    let live = true;
    // the calendar's data (~35 KB) loads with this page only, not with every page of the console
    if (termKind === 'working') void import('../due-preview').then((calendar) => live && setPreview(calendar.dueDayPreview(days, systemNow)));
    else setPreview(null);
    return () => {
      live = false;
    };
  }, [termKind, days, systemNow]);

  if (loaded.loading && !loaded.data) return <Loading />;

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const body: CreateTask = {
      text,
      leadUnitIds: lead,
      supportUnitIds: support,
      ...(termKind === 'working' ? { termWorkingDays: days } : { dueAt }),
      source: { kind, ...(docNo ? { docNo } : {}), ...(issuedBy ? { issuedBy } : {}), ...(issuedAt ? { issuedAt } : {}) },
      urgency,
    };
    try {
      const task = await answer(client.POST('/plans/{id}/tasks', { params: { path: { id: planId } }, body }));
      navigate(`/tasks/${task.id}`);
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="page-title">
      <PageHeader title="新建任务" />
      <ErrorBox error={loaded.error} />
      <div class="panel">
        <div class="form-row">
          <div class="field">
            <label for="task-plan">台账</label>
            <select id="task-plan" value={planId} onChange={(e) => setPlanId(e.currentTarget.value)}>
              {plans.length === 0 ? <option value="">（尚无台账，请先新建）</option> : null}
              {plans.map((plan) => (
                <option key={plan.id} value={plan.id}>
                  {plan.name}
                </option>
              ))}
            </select>
          </div>
        </div>
        <NewLedgerPlan
          open={plans.length === 0}
          onCreated={(plan) => {
            setPlans([...plans, plan]);
            setPlanId(plan.id);
          }}
        />
      </div>
      <form class="panel" aria-label="新建任务" onSubmit={(e) => void submit(e)}>
        <Field id="task-text" label="任务内容">
          <textarea id="task-text" rows={4} required value={text} onInput={(e) => setText(e.currentTarget.value)} />
        </Field>
        <div class="form-row">
          <UnitSelect id="task-lead" label="牵头单位" units={units} value={lead} required onChange={setLead} />
          <UnitSelect id="task-support" label="责任单位（可选）" units={units} value={support} onChange={setSupport} />
        </div>
        <fieldset class="fieldset">
          <legend>办理期限</legend>
          <label class="checkbox">
            <input type="radio" name="term-kind" checked={termKind === 'working'} onChange={() => setTermKind('working')} /> 按工作日计
          </label>{' '}
          <label class="checkbox">
            <input type="radio" name="term-kind" checked={termKind === 'date'} onChange={() => setTermKind('date')} /> 指定截止日期
          </label>
          <div class="form-row">
            {termKind === 'working' ? (
              <Field id="task-term" label="期限（工作日）" hint="自下一个工作日起算，节假日与调休按国家规定">
                <input id="task-term" type="number" min={1} max={250} required value={term} onInput={(e) => setTerm(e.currentTarget.value)} />
              </Field>
            ) : (
              <Field id="task-due" label="截止日期">
                <input id="task-due" type="date" required value={dueAt} onInput={(e) => setDueAt(e.currentTarget.value)} />
              </Field>
            )}
          </div>
          {preview ? (
            <p data-testid="due-preview" role="status">
              按今天（{preview.today}）计算，截止日期为 <strong>{preview.dueOn}</strong>（以创建后系统计算为准）
            </p>
          ) : null}
        </fieldset>
        <fieldset class="fieldset">
          <legend>来源</legend>
          <div class="form-row">
            <div class="field">
              <label for="source-kind">来源类型</label>
              <select id="source-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value as SourceKind)}>
                {Object.entries(SOURCE_KIND_LABELS).map(([value, text]) => (
                  <option key={value} value={value}>
                    {text}
                  </option>
                ))}
              </select>
            </div>
            <Field id="source-doc" label="文号">
              <input id="source-doc" value={docNo} placeholder="鄂府办批〔2024〕12号" onInput={(e) => setDocNo(e.currentTarget.value)} />
            </Field>
            <Field id="source-by" label="批示（交办）人">
              <input id="source-by" value={issuedBy} onInput={(e) => setIssuedBy(e.currentTarget.value)} />
            </Field>
            <Field id="source-at" label="批示（交办）日期">
              <input id="source-at" type="date" value={issuedAt} onInput={(e) => setIssuedAt(e.currentTarget.value)} />
            </Field>
            <div class="field">
              <label for="task-urgency">缓急</label>
              <select id="task-urgency" value={urgency} onChange={(e) => setUrgency(e.currentTarget.value as 'normal' | 'urgent')}>
                {Object.entries(URGENCY_LABELS).map(([value, text]) => (
                  <option key={value} value={value}>
                    {text}
                  </option>
                ))}
              </select>
            </div>
          </div>
        </fieldset>
        <ErrorBox error={error} />
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={busy || !planId || !text || lead.length === 0}>
            创建任务
          </button>
        </div>
      </form>
    </section>
  );
}
