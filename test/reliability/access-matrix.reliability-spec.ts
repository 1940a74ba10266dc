import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { REQUIRED_ROLES } from '@duban/auth';
import {
  authorize,
  authorizeCloseOutStep,
  authorizeSignOff,
  type CloseOutProgress,
  type Permission,
  type Relation,
  TASK_PERMISSIONS,
  type UserActor,
  USER_EVENT_TYPES,
  type UserTaskEventType,
} from '@duban/domain';
import type { Role } from '@duban/domain';
import { recordFigures, StatusTally } from './support/figures';
import { loginAs, TEST_PASSWORD } from '../support/test-app';
import { createSeededApp, type SeededApp } from './support/seeded-app';
import { jpegWithGps } from '../support/attachment-files';

const ROLES: Role[] = ['officer', 'unit_head', 'inspector', 'admin', 'viewer'];
/** routes outside the route × role loop: public ones, and logout, which would end the actor's cached session */
const SESSION_ROUTES = new Set(['/auth/login', '/auth/refresh', '/auth/logout', '/health']);

/** A payload each event's DTO accepts, so that only the permission decides between 403 and the rest. */
const VALID_PAYLOADS: Record<UserTaskEventType, object> = {
  START: {},
  REPORT_PROGRESS: { percent: 10, summary: '进展' },
  CONTRIBUTE: { summary: '配合' },
  // a unit that is no responsible unit of the task: permitted senders hear 400, never 403
  RETURN_CONTRIBUTION: { unitId: '1', reason: '材料不全' },
  SUBMIT_SELF_ASSESSMENT: { rating: 'completed', summary: '完成', evidence: [{ title: '报告' }] },
  WITHDRAW: {},
  INSPECT: { verdict: 'fail', findings: '不足' },
  CLOSE: {},
  ORDER_RECTIFICATION: { findings: '不足', requiredActions: '整改', dueAt: '2021-06-30' },
  REOPEN: { reason: '复查' },
  REQUEST_EXTENSION: { proposedDueAt: '2030-12-31', reason: '延期' },
  APPROVE_EXTENSION: {},
  REJECT_EXTENSION: { reason: '不同意' },
  // a blank reason: permitted senders hear 400, never 403, and the task is not cancelled under the rest of the matrix
  CANCEL: { reason: ' ' },
  APPROVE_SUBMISSION: {},
  RETURN_SUBMISSION: { reason: '数据不全' },
  APPROVE_CLOSE: {},
  RETURN_CLOSE: { reason: '材料不实' },
};

interface Route {
  method: string;
  path: string;
  requiredRoles: Role[] | undefined;
}

/** Every route of the running app, read from the controllers' metadata (a new endpoint joins by itself). */
function routesOf(s: SeededApp): Route[] {
  const routes: Route[] = [];
  for (const module of s.t.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!type) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, type) ?? '');
      const classRoles = Reflect.getMetadata(REQUIRED_ROLES, type) as Role[] | undefined;
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        const handler = (type.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) continue;
        const sub = String(Reflect.getMetadata(PATH_METADATA, handler) ?? '');
        const path = `/${[base, sub].filter((part) => part && part !== '/').join('/')}`.replace(/\/+/g, '/');
        routes.push({ method: RequestMethod[method], path, requiredRoles: (Reflect.getMetadata(REQUIRED_ROLES, handler) as Role[] | undefined) ?? classRoles });
      }
    }
  }
  return routes;
}

describe('authorization matrix, generated from the permission table and the routes, through HTTP', () => {
  let s: SeededApp;
  const tally = new StatusTally();
  let cells = 0;
  let forbiddenCells = 0;
  let stateChangesOnRefusal = 0;

  const asToken = (token: string) => ({
    get: (path: string) => s.t.http.get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string, body: object) => s.t.http.post(path).set('Authorization', `Bearer ${token}`).send(body),
    put: (path: string, body: object) => s.t.http.put(path).set('Authorization', `Bearer ${token}`).send(body),
  });

  /** Everything an event could change on a task, to prove a refusal wrote nothing. */
  const footprint = async (taskId: string): Promise<string> => {
    const [row]: object[] = await s.t.dataSource.query(
      `SELECT t.state, t.version, t.due_on, t.snapshot,
              (SELECT count(*) FROM task_events e WHERE e.task_id = t.id) AS events,
              (SELECT string_agg(i.id || i.status, ',' ORDER BY i.id) FROM inbox_items i WHERE i.task_id = t.id) AS inbox,
              (SELECT count(*) FROM rectification_orders o WHERE o.task_id = t.id) AS orders,
              (SELECT string_agg(m.id || m.state, ',' ORDER BY m.id) FROM timers m WHERE m.task_id = t.id) AS timers,
              (SELECT string_agg(c.id || c.status, ',' ORDER BY c.id) FROM contributions c WHERE c.task_id = t.id) AS contributions,
              (SELECT string_agg(h.unit_id || ':' || h.user_id, ',' ORDER BY h.unit_id, h.user_id) FROM task_handlers h WHERE h.task_id = t.id) AS handlers,
              (SELECT string_agg(d.id || d.status, ',' ORDER BY d.id) FROM submission_drafts d WHERE d.task_id = t.id) AS drafts
         FROM tasks t WHERE t.id = $1`,
      [taskId],
    );
    return JSON.stringify(row);
  };

  const units = async (taskId: string) => {
    const rows: { unit_id: string; role: string }[] = await s.t.dataSource.query(
      'SELECT unit_id::text, role FROM task_units WHERE task_id = $1 ORDER BY role, position',
      [taskId],
    );
    const [stranger]: { id: string }[] = await s.t.dataSource.query(
      `SELECT id::text FROM units WHERE id NOT IN (SELECT unit_id FROM task_units WHERE task_id = $1) AND kind <> 'supervision' ORDER BY id LIMIT 1`,
      [taskId],
    );
    return {
      lead: rows.find((r) => r.role === 'lead')!.unit_id,
      supports: rows.filter((r) => r.role === 'support').map((r) => r.unit_id),
      stranger: stranger.id,
    };
  };

  /**
   * The table's answer, and on a close-out step the step's role (read from the task as it is now); the head's
   * sign-off events name no draft here, so they are about the self-assessment, the lead unit's head's.
   */
  const expectedPermission = async (taskId: string, type: UserTaskEventType, actor: UserActor): Promise<Permission> => {
    const permission = authorize(type, actor);
    if (permission.permitted && (type === 'APPROVE_SUBMISSION' || type === 'RETURN_SUBMISSION')) return authorizeSignOff(undefined, type, actor);
    if (!permission.permitted || (type !== 'APPROVE_CLOSE' && type !== 'RETURN_CLOSE')) return permission;
    const [row]: { progress: CloseOutProgress | null }[] = await s.t.dataSource.query(
      `SELECT snapshot -> 'context' -> 'closeOut' AS progress FROM tasks WHERE id = $1`,
      [taskId],
    );
    return authorizeCloseOutStep(row.progress ?? null, type, actor);
  };

  /** Sends every user event as every role from a unit of each relation; 403 exactly where the table (and a close-out step's role) forbids. */
  const runEventMatrix = async (taskId: string, unitsByRelation: { relations: Relation[]; unitId: string | null }[]) => {
    const mismatches: string[] = [];
    for (const { relations, unitId } of unitsByRelation) {
      for (const role of ROLES) {
        if ((role === 'officer' || role === 'unit_head') && unitId === null) continue; // an officer or a unit head always acts for a unit
        const token = await s.tokenFor(role, unitId);
        for (const type of USER_EVENT_TYPES) {
          const expected = await expectedPermission(taskId, type, { kind: 'user', userId: '0', unitId, roles: [role], relations });
          const before = await footprint(taskId);
          const response = await asToken(token).post(`/api/v1/tasks/${taskId}/events`, { type, payload: VALID_PAYLOADS[type] });
          tally.add(response.status);
          cells++;
          const cell = `${role} (${relations.join('+')}) ${type}: expected ${expected.permitted ? 'allowed' : 'forbidden'}, got ${response.status} ${JSON.stringify(response.body.message)}`;
          if (expected.permitted) {
            if (response.status === 403 || response.status >= 500) mismatches.push(cell);
          } else {
            forbiddenCells++;
            if (response.status !== 403) mismatches.push(cell);
            if ((await footprint(taskId)) !== before) {
              stateChangesOnRefusal++;
              mismatches.push(`${cell}: the task changed`);
            }
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
  };

  beforeAll(async () => {
    s = await createSeededApp();
  });
  afterAll(async () => {
    recordFigures({
      scenario: 'access-matrix',
      requestsSent: tally.total,
      faultsInjected: 0,
      eventsLost: 0,
      duplicates: 0,
      serverErrors: tally.serverErrors,
      details: { cells, forbiddenCells, stateChangesOnRefusal, ...tally.summary() },
    });
    await s?.t.close();
  });

  it('the table covers every user event and names who may send it', () => {
    for (const type of USER_EVENT_TYPES) expect(TASK_PERMISSIONS[type]).toMatchObject({ sender: 'user' });
  });

  it('role × relation (lead, support, none, no unit) × event on a task in each state the matrix drives it to', async () => {
    const [task]: { id: string }[] = await s.t.dataSource.query(
      `SELECT t.id::text FROM tasks t WHERE (SELECT count(*) FROM task_units u WHERE u.task_id = t.id AND u.role = 'support') >= 2 ORDER BY t.seq LIMIT 1`,
    );
    const { lead, supports, stranger } = await units(task.id);
    await runEventMatrix(task.id, [
      { relations: ['lead'], unitId: lead },
      { relations: ['support'], unitId: supports[0] },
      { relations: ['none'], unitId: stranger },
      { relations: ['none'], unitId: null },
    ]);
  });

  it('role × a banner’s supervision unit (relation outside_jurisdiction) × event on a city task: no inspector grant reaches it', async () => {
    // 东胜区's 督查室: a supervision unit of a jurisdiction below the city (docs/cascade.md); the city's plan is outside it
    const created = await asToken(s.adminToken)
      .post('/api/v1/units', { name: '东胜区人民政府督查室', jurisdiction: '东胜区', kind: 'supervision' })
      .expect(201);
    const [task]: { id: string }[] = await s.t.dataSource.query(
      `SELECT t.id::text FROM tasks t WHERE t.state = 'assigned' ORDER BY t.seq DESC LIMIT 1 OFFSET 3`,
    );
    await runEventMatrix(task.id, [{ relations: ['outside_jurisdiction'], unitId: (created.body as { id: string }).id }]);
  });

  it('role × relation (lead, support + addressed, support, none) × event on a task in rectification', async () => {
    const [task]: { id: string }[] = await s.t.dataSource.query(
      `SELECT t.id::text FROM tasks t WHERE (SELECT count(*) FROM task_units u WHERE u.task_id = t.id AND u.role = 'support') >= 2 ORDER BY t.seq DESC LIMIT 1`,
    );
    const { lead, supports, stranger } = await units(task.id);
    const officer = asToken(await s.tokenFor('officer', lead));
    const inspector = asToken(await s.tokenFor('inspector', null));
    const drive = async (token: ReturnType<typeof asToken>, type: UserTaskEventType, payload: object) =>
      token.post(`/api/v1/tasks/${task.id}/events`, { type, payload }).expect(200);
    await drive(officer, 'START', {});
    await drive(officer, 'SUBMIT_SELF_ASSESSMENT', VALID_PAYLOADS.SUBMIT_SELF_ASSESSMENT);
    await drive(inspector, 'INSPECT', VALID_PAYLOADS.INSPECT);
    await drive(inspector, 'ORDER_RECTIFICATION', { ...VALID_PAYLOADS.ORDER_RECTIFICATION, addressedUnitIds: [supports[0]] });
    await runEventMatrix(task.id, [
      { relations: ['lead'], unitId: lead },
      { relations: ['support', 'addressed'], unitId: supports[0] },
      { relations: ['support'], unitId: supports[1] },
      { relations: ['none'], unitId: stranger },
    ]);
  });

  it('role × relation × event on a task awaiting its head’s sign-off, then on each step of a two-step close-out chain', async () => {
    const [task]: { id: string }[] = await s.t.dataSource.query(
      `SELECT t.id::text FROM tasks t WHERE (SELECT count(*) FROM task_units u WHERE u.task_id = t.id AND u.role = 'support') >= 2 ORDER BY t.seq LIMIT 1 OFFSET 2`,
    );
    const { lead, supports, stranger } = await units(task.id);
    const admin = asToken(s.adminToken);
    const steps = [
      { title: '督查员复核', role: 'inspector', termDays: 2 },
      { title: '督查室主任审核', role: 'office_head', termDays: 3 },
    ];
    await admin.put(`/api/v1/plans/${s.planId}/policy`, { signOff: { submissions: ['SUBMIT_SELF_ASSESSMENT'] }, closeOut: { steps } }).expect(200);
    try {
      const officer = asToken(await s.tokenFor('officer', lead));
      const head = asToken(await s.tokenFor('unit_head', lead));
      const inspector = asToken(await s.tokenFor('inspector', null));
      const drive = async (token: ReturnType<typeof asToken>, type: UserTaskEventType, payload: object, state: string) =>
        expect((await token.post(`/api/v1/tasks/${task.id}/events`, { type, payload }).expect(200)).body.state).toBe(state);
      const relations = [
        { relations: ['lead'] as Relation[], unitId: lead },
        { relations: ['support'] as Relation[], unitId: supports[0] },
        { relations: ['none'] as Relation[], unitId: stranger },
        { relations: ['none'] as Relation[], unitId: null },
      ];
      await drive(officer, 'START', {}, 'in_progress');
      await drive(officer, 'SUBMIT_SELF_ASSESSMENT', VALID_PAYLOADS.SUBMIT_SELF_ASSESSMENT, 'awaiting_sign_off');
      await runEventMatrix(task.id, relations);
      const [{ state }]: { state: string }[] = await s.t.dataSource.query('SELECT state FROM tasks WHERE id = $1', [task.id]);
      // the lead's head approved or returned it inside the matrix: bring it to the inspector
      if (state === 'in_progress') await drive(officer, 'SUBMIT_SELF_ASSESSMENT', VALID_PAYLOADS.SUBMIT_SELF_ASSESSMENT, 'awaiting_sign_off');
      if (state !== 'self_assessed') await drive(head, 'APPROVE_SUBMISSION', {}, 'self_assessed');
      await drive(inspector, 'INSPECT', { verdict: 'pass', findings: '属实' }, 'closing');
      await runEventMatrix(task.id, relations);
    } finally {
      await admin.put(`/api/v1/plans/${s.planId}/policy`, { signOff: null, closeOut: null }).expect(200);
    }
  });

  it('role × relation × unit named: PUT /tasks/:id/handlers exactly where the table permits ASSIGN_HANDLERS and the unit is the head’s own', async () => {
    const [task]: { id: string }[] = await s.t.dataSource.query(
      `SELECT t.id::text FROM tasks t WHERE (SELECT count(*) FROM task_units u WHERE u.task_id = t.id AND u.role = 'support') >= 2 ORDER BY t.seq LIMIT 1 OFFSET 1`,
    );
    const { lead, supports, stranger } = await units(task.id);
    const mismatches: string[] = [];
    for (const { relations, unitId } of [
      { relations: ['lead'] as Relation[], unitId: lead },
      { relations: ['support'] as Relation[], unitId: supports[0] },
      { relations: ['none'] as Relation[], unitId: stranger },
      { relations: ['none'] as Relation[], unitId: null },
    ]) {
      for (const role of ROLES) {
        if ((role === 'officer' || role === 'unit_head') && unitId === null) continue;
        const token = await s.tokenFor(role, unitId);
        const permitted = authorize('ASSIGN_HANDLERS', { kind: 'user', userId: '0', unitId, roles: [role], relations }).permitted;
        // its own unit where that is a unit of the task, and another unit of the task
        const ownOfTask = unitId !== null && !relations.includes('none');
        for (const named of ownOfTask ? [unitId, unitId === lead ? supports[1] : lead] : [lead]) {
          const allowed = permitted && (role === 'admin' || named === unitId);
          const before = await footprint(task.id);
          const response = await asToken(token).put(`/api/v1/tasks/${task.id}/handlers`, { unitId: named, userIds: [] });
          tally.add(response.status);
          cells++;
          const cell = `${role} (${relations.join('+')}) names the handlers of ${named === unitId ? 'its own unit' : 'another unit'} → ${response.status}`;
          if (allowed) {
            if (response.status !== 200) mismatches.push(`${cell} (expected 200)`);
          } else {
            forbiddenCells++;
            if (response.status !== 403) mismatches.push(`${cell} (expected 403)`);
            if ((await footprint(task.id)) !== before) {
              stateChangesOnRefusal++;
              mismatches.push(`${cell}: the task changed`);
            }
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('every route × role: @Roles routes refuse other roles with 403, unit-scoped reads refuse other units, and refusals change nothing', async () => {
    const routes = routesOf(s);
    expect(routes.length).toBeGreaterThan(15);
    // the unit an order is addressed to (a support unit of the order's task) reads that task, the order and its inbox
    const [order]: { id: string; task_id: string; unit_id: string }[] = await s.t.dataSource.query(
      'SELECT id::text, task_id::text, unit_id::text FROM rectification_orders ORDER BY id LIMIT 1',
    );
    const task = { id: order.task_id, unit: order.unit_id };
    const { stranger } = await units(task.id);
    const [item]: { id: string }[] = await s.t.dataSource.query('SELECT id::text FROM inbox_items WHERE unit_id = $1 ORDER BY id LIMIT 1', [task.unit]);
    const [user]: { id: string }[] = await s.t.dataSource.query(`SELECT id::text FROM users WHERE username = 'admin'`);
    // a photo the addressed unit attached to the task: its unit, the task's units, inspectors and admins read it
    const photo = await s.t.http
      .post('/api/v1/attachments')
      .set('Authorization', `Bearer ${await s.tokenFor('officer', task.unit)}`)
      .field('taskId', task.id)
      .attach('file', await jpegWithGps(64, 48), '现场照片.jpg')
      .expect(201);
    const ids: Record<string, string> = {
      plans: s.planId,
      tasks: task.id,
      units: task.unit,
      'rectification-orders': order.id,
      inbox: item.id,
      users: user.id,
      attachments: (photo.body as { id: string }).id,
    };
    const concrete = (path: string) =>
      path
        .replace(/^\/([^/]+)\/:id/, (_match, head: string) => `/${head}/${ids[head] ?? '1'}`)
        .replace(/:checkId/, '1')
        .replace(/:\w+/g, '1');
    const prefix = (path: string) => (path.startsWith('/health') ? '' : '/api/v1');

    const actors: { name: string; role: Role; unitId: string | null }[] = [
      { name: 'officer of the addressed unit', role: 'officer', unitId: task.unit },
      { name: 'officer of another unit', role: 'officer', unitId: stranger },
      { name: 'unit head of the addressed unit', role: 'unit_head', unitId: task.unit },
      { name: 'inspector', role: 'inspector', unitId: null },
      { name: 'admin', role: 'admin', unitId: null },
      { name: 'viewer', role: 'viewer', unitId: null },
    ];
    /** reads a unit may make only of its own unit's records */
    const unitScoped = new Set([
      'GET /tasks/:id',
      'GET /tasks/:id/events',
      'GET /tasks/:id/contributions',
      'GET /tasks/:id/handlers',
      'GET /tasks/:id/close-out',
      'GET /tasks/:id/drafts',
      'GET /tasks/:id/rollup',
      'GET /rectification-orders/:id',
    ]);
    /** attachments: read by the uploading unit, the task's units, inspectors and admins; not by a viewer */
    const attachmentReads = new Set(['GET /attachments/:id', 'GET /attachments/:id/content', 'GET /attachments/:id/thumbnail']);
    const mismatches: string[] = [];
    const before = await footprint(task.id);
    for (const route of routes) {
      if (SESSION_ROUTES.has(route.path)) continue; // public, or ends the actor's session: the last test
      for (const actor of actors) {
        const token = await s.tokenFor(actor.role, actor.unitId);
        const url = `${prefix(route.path)}${concrete(route.path)}`;
        const req = s.t.http[route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](url).set('Authorization', `Bearer ${token}`);
        const response = route.method === 'GET' ? await req : await req.send({});
        tally.add(response.status);
        cells++;
        const roleForbidden = route.requiredRoles !== undefined && !route.requiredRoles.includes(actor.role);
        const key = `${route.method} ${route.path}`;
        const unitForbidden =
          (actor.name === 'officer of another unit' && (unitScoped.has(key) || attachmentReads.has(key))) ||
          (actor.role === 'viewer' && attachmentReads.has(key));
        const cell = `${actor.name} ${key} → ${response.status} ${JSON.stringify(response.body?.message)}`;
        if (response.status >= 500) mismatches.push(cell);
        if (roleForbidden || unitForbidden) {
          forbiddenCells++;
          if (response.status !== 403) mismatches.push(`${cell} (expected 403)`);
        } else if (response.status === 403 && route.method === 'GET') {
          mismatches.push(`${cell} (expected a read)`);
        }
      }
      if (route.method === 'GET' && route.path === '/inbox') {
        for (const actor of actors) {
          const response = await s.t.http.get(`/api/v1/inbox?unitId=${task.unit}`).set('Authorization', `Bearer ${await s.tokenFor(actor.role, actor.unitId)}`);
          tally.add(response.status);
          cells++;
          // another unit's inbox: only admins and inspectors
          const forbidden = actor.name === 'officer of another unit' || actor.role === 'viewer';
          if (forbidden) forbiddenCells++;
          if (forbidden ? response.status !== 403 : response.status === 403 || response.status >= 500)
            mismatches.push(`${actor.name} GET /inbox?unitId=<addressed unit> → ${response.status}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(await footprint(task.id)).toBe(before);
  });
  it('exports, documents and the security audit × role: downloads as the routes’ roles allow, each one audited, no refusal audited', async () => {
    const [task]: { id: string }[] = await s.t.dataSource.query('SELECT id::text FROM tasks ORDER BY seq LIMIT 1');
    const downloads = routesOf(s).filter((route) => /\.(xlsx|csv|docx)$/.test(route.path));
    expect(downloads.map((route) => route.path).sort()).toEqual(
      ['/reports/circular.docx', '/reports/progress.csv', '/reports/progress.xlsx', '/tasks/:id/supervision-notice.docx'].sort(),
    );
    const audit = routesOf(s).find((route) => route.path === '/admin/security-events')!;
    expect(audit.requiredRoles).toEqual(['admin']);
    const exportsRecorded = async (): Promise<number> =>
      Number((await s.t.dataSource.query(`SELECT count(*)::int AS n FROM security_events WHERE kind = 'export_downloaded'`))[0].n);

    const mismatches: string[] = [];
    let allowed = 0;
    const before = await exportsRecorded();
    for (const role of ROLES) {
      const token = await s.tokenFor(role, role === 'officer' ? (await units(task.id)).lead : null);
      for (const route of [...downloads, audit]) {
        const url = `/api/v1${route.path.replace(':id', task.id)}?${route === audit ? 'limit=5' : `planId=${s.planId}`}`;
        const response = await s.t.http.get(url).set('Authorization', `Bearer ${token}`);
        tally.add(response.status);
        cells++;
        const permitted = route.requiredRoles === undefined || route.requiredRoles.includes(role);
        if (!permitted) forbiddenCells++;
        if (permitted ? response.status !== 200 : response.status !== 403) mismatches.push(`${role} GET ${route.path} → ${response.status}`);
        if (permitted && route !== audit) allowed++;
      }
    }
    expect(mismatches).toEqual([]);
    expect((await exportsRecorded()) - before).toBe(allowed);
  });

  it('logout ends the caller’s own session, whatever the role; refresh needs the cookie, not a role', async () => {
    const [unit]: { id: string }[] = await s.t.dataSource.query(`SELECT id::text FROM units WHERE kind = 'department' ORDER BY id LIMIT 1`);
    for (const role of ROLES) {
      const username = `logout.${role}`;
      await s.t.http
        .post('/api/v1/users')
        .set('Authorization', `Bearer ${s.adminToken}`)
        .send({ username, password: TEST_PASSWORD, unitId: role === 'officer' ? unit.id : null, roles: [role], mustChangePassword: false })
        .expect(201);
      const token = await loginAs(s.t.http, username);
      await s.t.http.post('/api/v1/auth/logout').set('Authorization', `Bearer ${token}`).expect(204);
      await s.t.http.get('/api/v1/plans').set('Authorization', `Bearer ${token}`).expect(401);
      await s.t.http.post('/api/v1/auth/refresh').set('Authorization', `Bearer ${s.adminToken}`).expect(401);
      cells += 3;
    }
  });
});
