import { TimerFiringService } from '@duban/clock';
import { calendarDayIn, taskLight } from '@duban/domain';
import { createTestApp, type TestApp } from './support/test-app';
import { cityWithDongshengShare } from './support/cascade-fixtures';

/**
 * Each child task's facts as their source tables hold them, read per child as the roll-up read them before they were
 * kept on its links (`task_progress`, `task_latest_indicators`, the lead units of `task_list_units`): the reference the
 * roll-up must answer exactly after every kind of change.
 */
const REFERENCE_SQL = `
  SELECT t.id::text AS id, t.text, t.state, t.overdue, t.due_on,
         EXISTS (SELECT 1 FROM rectification_orders lo WHERE lo.task_id = t.id AND lo.overdue AND lo.state IN ('issued', 'returned')) AS order_overdue,
         (SELECT min(ri.due_on) FROM inbox_items ri WHERE ri.task_id = t.id AND ri.kind = 'report_progress' AND ri.status = 'open') AS report_due_on,
         COALESCE((SELECT json_agg(json_build_object('id', u.id::text, 'name', u.name) ORDER BY tu.position)
                     FROM task_units tu JOIN units u ON u.id = tu.unit_id WHERE tu.task_id = t.id AND tu.role = 'lead'), '[]') AS lead_units,
         (SELECT (e.payload ->> 'percent')::float8 FROM task_events e WHERE e.task_id = t.id AND e.type = 'REPORT_PROGRESS' ORDER BY e.seq DESC LIMIT 1) AS percent,
         COALESCE((SELECT json_agg(json_build_object('targetId', g.id::text, 'indicator', g.indicator, 'unit', g.unit, 'comparator', g.comparator,
                                                     'target', g.value, 'value', v.value, 'asOf', v.as_of) ORDER BY g.position)
                     FROM targets g
                     JOIN LATERAL (SELECT iv.value, iv.as_of FROM indicator_values iv WHERE iv.target_id = g.id ORDER BY iv.as_of DESC, iv.id DESC LIMIT 1) v ON true
                    WHERE g.task_id = t.id), '[]') AS indicators,
         (SELECT count(*)::int FROM task_parent_links c WHERE c.parent_task_id = t.id) AS child_count
    FROM task_parent_links l JOIN tasks t ON t.id = l.task_id JOIN plans p ON p.id = t.plan_id
   WHERE l.parent_task_id = $1
   ORDER BY p.id, t.seq`;

interface RollupBody {
  taskId: string;
  counts: { tasks: number };
  branches: { jurisdiction: string; counts: { tasks: number }; tasks: Record<string, unknown>[] }[];
}

interface ReferenceRow {
  id: string;
  text: string;
  state: string;
  overdue: boolean;
  due_on: string;
  order_overdue: boolean;
  report_due_on: string | null;
  lead_units: { id: string; name: string }[];
  percent: number | null;
  indicators: { targetId: string; indicator: string; unit: string; comparator: string; target: number; value: number; asOf: string }[];
  child_count: number;
}

/**
 * The roll-up's child facts kept as data (docs/cascade.md, "Roll-up"): after progress reports (with and without
 * indicator values, one dated before the latest), a change of lead, an overdue order, a progress report owed and the
 * day turning, each child of task 28 answers what its source tables say — the light computed for today, never stored.
 */
describe('plans that cascade down: the roll-up’s kept facts stay exact', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  let taskId: (seq: number) => string;
  let unitIdOf: (name: string) => string;
  let children: string[];

  const get = (username: string, path: string) => t.http.get(`/api/v1${path}`).set('Authorization', `Bearer ${tokens[username]}`);
  const post = (username: string, path: string, body: object) => t.http.post(`/api/v1${path}`).set('Authorization', `Bearer ${tokens[username]}`).send(body);
  const send = async (username: string, id: string, type: string, payload: object = {}): Promise<void> => {
    const answer = await post(username, `/tasks/${id}/events`, { type, payload });
    expect({ type, status: answer.status, body: answer.status === 200 ? null : answer.body }).toEqual({ type, status: 200, body: null });
  };

  /** The roll-up's child tasks of task 28, over every branch, beside the reference read from the source tables. */
  const compare = async (): Promise<{ answered: unknown[]; expected: unknown[] }> => {
    const rollup = (await get('inspector', `/tasks/${taskId(28)}/rollup`).expect(200)).body as RollupBody;
    await expectAsksAgree(rollup);
    const today = calendarDayIn(t.clock.now(), t.config.planTimezone);
    const rows: ReferenceRow[] = await t.dataSource.query(REFERENCE_SQL, [taskId(28)]);
    const answered = rollup.branches.flatMap((branch) =>
      branch.tasks.map((task) => ({
        id: task.id,
        text: task.text,
        state: task.state,
        overdue: task.overdue,
        dueAt: task.dueAt,
        light: task.light,
        leadUnits: task.leadUnits,
        percent: task.percent,
        indicators: task.indicators,
        childTaskCount: task.childTaskCount,
      })),
    );
    const expected = rows.map((row) => ({
      id: row.id,
      text: row.text,
      state: row.state,
      overdue: row.overdue,
      dueAt: row.due_on,
      light: taskLight({
        state: row.state,
        overdue: row.overdue,
        dueOn: row.due_on,
        today,
        rectificationOrderOverdue: row.order_overdue,
        periodicReportMissing: row.report_due_on !== null && row.report_due_on < today,
      }),
      leadUnits: row.lead_units,
      percent: row.percent,
      indicators: row.indicators.map((value) => ({ ...value, target: Number(value.target), value: Number(value.value) })),
      childTaskCount: row.child_count,
    }));
    return { answered, expected };
  };
  /**
   * What the console's tree asks — the branches' figures alone (`tasks=none`), then a branch's tasks (`branch=`) — says
   * of each branch what the whole roll-up says: figures, summary, plans and counts from the same children.
   */
  const expectAsksAgree = async (whole: RollupBody): Promise<void> => {
    const figures = (await get('inspector', `/tasks/${taskId(28)}/rollup?tasks=none`).expect(200)).body as RollupBody;
    expect(figures).toEqual({ ...whole, branches: whole.branches.map(({ tasks: _listed, ...branch }) => branch) });
    for (const branch of whole.branches.filter((candidate) => candidate.counts.tasks > 0 || candidate.jurisdiction === '康巴什区')) {
      const alone = (await get('inspector', `/tasks/${taskId(28)}/rollup?branch=${encodeURIComponent(branch.jurisdiction)}`).expect(200)).body;
      expect(alone).toEqual({ ...whole, counts: branch.counts, branches: [branch] });
    }
  };
  const expectExact = async (): Promise<unknown[]> => {
    const { answered, expected } = await compare();
    expect(answered).toEqual(expected);
    return answered;
  };

  beforeAll(async () => {
    t = await createTestApp({ now: '2021-03-01T02:00:00Z' });
    ({ taskId, unitIdOf, childTaskIds: children } = await cityWithDongshengShare(t, tokens, ['inspector', 'weijian']));
    for (const child of children) await send('ds.weijian', child, 'START');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers each child’s latest percent and indicator values as its reports leave them', async () => {
    expect(await expectExact()).toHaveLength(3);
    const targets = (await get('admin', `/tasks/${children[0]}`).expect(200)).body.targets as { id: string }[];
    expect(targets.length).toBeGreaterThan(0);
    const [first] = targets;
    await send('ds.weijian', children[0], 'REPORT_PROGRESS', {
      percent: 40,
      summary: '巡讲16场',
      indicators: [{ targetId: first.id, value: 26.5, asOf: '2021-02-28' }],
    });
    const [reported] = (await expectExact()) as { percent: number; indicators: { value: number }[] }[];
    expect(reported).toMatchObject({ percent: 40, indicators: [{ value: 26.5 }] });
    // a later report without values keeps the latest values; a value dated before the latest one does not replace it
    await send('ds.weijian', children[0], 'REPORT_PROGRESS', { percent: 55, summary: '巡讲20场' });
    await send('ds.weijian', children[0], 'REPORT_PROGRESS', {
      percent: 60,
      summary: '补报',
      indicators: [{ targetId: first.id, value: 20, asOf: '2021-01-31' }],
    });
    const [again] = (await expectExact()) as { percent: number; indicators: { value: number; asOf: string }[] }[];
    expect(again).toMatchObject({ percent: 60, indicators: [{ value: 26.5, asOf: '2021-02-28' }] });
    await send('ds.weijian', children[0], 'REPORT_PROGRESS', {
      percent: 70,
      summary: '新值',
      indicators: [{ targetId: first.id, value: 28, asOf: '2021-03-01' }],
    });
    expect(((await expectExact()) as { indicators: { value: number }[] }[])[0].indicators[0].value).toBe(28);
  });

  it('answers the new text and lead units after an edit, a unit’s new name and a merge of units', async () => {
    await t.http
      .patch(`/api/v1/tasks/${children[1]}`)
      .set('Authorization', `Bearer ${tokens.admin}`)
      .send({ reason: '调整牵头单位', leadUnitIds: [unitIdOf('东胜区教育体育局')], text: '推进学校和公共场所AED配置，到2025年达到每万人2台。' })
      .expect(200);
    const answered = (await expectExact()) as { text: string; leadUnits: { name: string }[] }[];
    expect(answered[1]).toMatchObject({ text: '推进学校和公共场所AED配置，到2025年达到每万人2台。', leadUnits: [{ name: '东胜区教育体育局' }] });
    await t.http
      .patch(`/api/v1/units/${unitIdOf('东胜区教育体育局')}`)
      .set('Authorization', `Bearer ${tokens.admin}`)
      .send({ name: '东胜区教育体育局（更名）' })
      .expect(200);
    expect(((await expectExact()) as { leadUnits: { name: string }[] }[])[1].leadUnits[0].name).toBe('东胜区教育体育局（更名）');
    // merged into another department: the task's lead is the surviving unit
    await post('admin', `/units/${unitIdOf('东胜区教育体育局')}/merge`, { intoUnitId: unitIdOf('东胜区民政局') }).expect(200);
    expect(((await expectExact()) as { leadUnits: { id: string; name: string }[] }[])[1].leadUnits).toEqual([
      { id: unitIdOf('东胜区民政局'), name: '东胜区民政局' },
    ]);
  });

  it('turns a child red for an overdue order and for a report owed past its day, and follows the day turning', async () => {
    // an order on the third child, issued by the city's inspector after a failed inspection
    await send('ds.weijian', children[2], 'SUBMIT_SELF_ASSESSMENT', { rating: 'completed', summary: '完成', evidence: [{ title: '报告' }] });
    await send('inspector', children[2], 'INSPECT', { verdict: 'fail', findings: '覆盖不足' });
    await send('inspector', children[2], 'ORDER_RECTIFICATION', { findings: '覆盖不足', requiredActions: '补充宣传', dueAt: '2021-06-30' });
    await expectExact();
    // the order's deadline passing (its timer's flag, written here directly) keeps the child red
    await t.dataSource.query(`UPDATE rectification_orders SET overdue = true WHERE task_id = $1`, [children[2]]);
    expect(((await expectExact()) as { light: string }[])[2].light).toBe('red');
    // a progress report owed by the first child (its period's item, as the report timer opens it), due in a week
    const [lead]: { unit_id: string }[] = await t.dataSource.query(`SELECT unit_id::text FROM task_units WHERE task_id = $1 AND role = 'lead'`, [children[0]]);
    await t.dataSource.query(
      `INSERT INTO inbox_items (unit_id, kind, task_id, title, due_on, status, created_at) VALUES ($1, 'report_progress', $2, '报送进展', '2021-03-08', 'open', now())`,
      [lead.unit_id, children[0]],
    );
    const before = (await expectExact()) as { light: string }[];
    // the day turns past the report's due day, and later past the tasks' own due days: the lights follow today
    for (const day of ['2021-03-09T02:00:00Z', '2021-12-20T02:00:00Z', '2022-06-01T02:00:00Z']) {
      t.clock.set(day);
      await expectExact();
    }
    t.clock.set('2021-03-09T02:00:00Z');
    expect(((await expectExact()) as { light: string }[])[0].light).not.toBe(before[0].light);
  });

  it('follows every writer of a child’s facts: a due day edited, a milestone check’s flags, the clock’s timers, a cancellation', async () => {
    const asAdmin = (path: string, body: object) => post('admin', path, body);
    await t.http.patch(`/api/v1/tasks/${children[1]}`).set('Authorization', `Bearer ${tokens.admin}`).send({ reason: '延期', dueAt: '2021-03-20' }).expect(200);
    expect(((await expectExact()) as { dueAt: string }[])[1].dueAt).toBe('2021-03-20');
    // the child plan's milestone check flags its tasks due by then (set-based, TaskFlagsStore)
    const [{ plan_id: childPlanId }]: { plan_id: string }[] = await t.dataSource.query('SELECT plan_id::text FROM tasks WHERE id = $1', [children[1]]);
    expect((await asAdmin('/admin/milestone-checks', { planId: childPlanId, asOf: '2021-03-31' })).status).toBe(200);
    expect(((await expectExact()) as { overdue: boolean }[])[1].overdue).toBe(true);
    // the clock past every due day, the timers due by then fired as the worker fires a chunk: their flags and ladder
    // steps written one transition at a time, or deferred and written together (TaskStore.writeDeferred)
    t.clock.set('2026-01-10T02:00:00Z');
    const due: { id: string }[] = await t.dataSource.query(`SELECT id::text FROM timers WHERE state = 'pending' AND due_at <= $1 ORDER BY due_at, id`, [
      t.clock.now(),
    ]);
    expect(due.length).toBeGreaterThan(0);
    await t.app.get(TimerFiringService).fireAll(due.map((timer) => timer.id));
    expect(((await expectExact()) as { overdue: boolean }[]).map((child) => child.overdue)).toEqual([true, true, true]);
    await send('admin', children[0], 'CANCEL', { reason: '并入其他任务' });
    expect(((await expectExact()) as { state: string; light: string | null }[])[0]).toMatchObject({ state: 'cancelled', light: null });
  });

  it('answers a branch alone to the officers who may see it, and refuses what is not a branch of theirs', async () => {
    const ask = (username: string, query: string) => get(username, `/tasks/${taskId(28)}/rollup?${query}`);
    expect((await ask('ds.weijian', `branch=${encodeURIComponent('东胜区')}&tasks=none`).expect(200)).body.branches).toMatchObject([
      { jurisdiction: '东胜区', counts: { tasks: 3 } },
    ]);
    expect((await ask('ds.weijian', `branch=${encodeURIComponent('东胜区')}&tasks=none`).expect(200)).body.branches[0]).not.toHaveProperty('tasks');
    // another banner's share, and a name that is no branch of the task: the same 404, so neither tells the other apart
    for (const branch of ['康巴什区', '火星区']) {
      const refused = await ask('ds.weijian', `branch=${encodeURIComponent(branch)}`).expect(404);
      expect(refused.body.code).toBe('rollup_branch_not_found');
    }
    expect((await ask('inspector', 'branch=' + encodeURIComponent('火星区')).expect(404)).body.code).toBe('rollup_branch_not_found');
    for (const query of ['tasks=some', 'branch=', 'colour=red']) {
      expect((await ask('inspector', query)).status).toBe(400);
    }
  });
});
