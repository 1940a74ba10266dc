import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import type { CircularReport } from '@duban/reports';
import { createTestApp, loginAs, type TestApp } from './support/test-app';
import { bytesBody } from './support/bytes-body';
import { planLookups, SEED_TABLE, seedUnitsAndUsers } from './support/seed-helpers';

// real services on a shared machine: LibreOffice starting is slow, not a failure
jest.setTimeout(120_000);
const SOFFICE = '/usr/bin/soffice';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

interface Task {
  id: string;
  seq: number;
  text: string;
  dueAt: string;
  leadUnits: { name: string }[];
  supportUnits: { name: string }[];
}

/** `2022-12-31` → `2022年12月31日`, as the documents write dates. */
const chinese = (day: string): string => {
  const [year, month, date] = day.split('-').map(Number);
  return `${year}年${month}月${date}日`;
};

/** The text LibreOffice reads out of a .docx (Writer, headless, converted to UTF-8 text). */
async function libreOfficeText(docx: Buffer): Promise<string> {
  if (!existsSync(SOFFICE)) throw new Error(`LibreOffice is needed for this test: ${SOFFICE} is missing (install libreoffice-writer-nogui)`);
  const dir = mkdtempSync(join(tmpdir(), 'duban-docx-'));
  try {
    writeFileSync(join(dir, 'document.docx'), docx);
    const converted = await promisify(execFile)(
      SOFFICE,
      [
        `-env:UserInstallation=file://${join(dir, 'profile')}`,
        '--headless',
        '--norestore',
        '--convert-to',
        'txt:Text (encoded):UTF8',
        '--outdir',
        dir,
        join(dir, 'document.docx'),
      ],
      { timeout: 120_000 },
    );
    const txt = join(dir, 'document.txt');
    if (!existsSync(txt)) throw new Error(`LibreOffice did not open the document: ${converted.stdout} ${converted.stderr}`);
    return readFileSync(txt, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Whitespace aside: Word and LibreOffice break table cells and paragraphs onto lines of their own. */
const squeeze = (text: string): string => text.replace(/\s+/gu, '');

describe('Word documents: 督办单 and 通报', () => {
  let t: TestApp;
  let admin: string;
  let planId: string;
  let taskId: (seq: number) => string;
  const download = (path: string, token = admin) => t.http.get(path).set('Authorization', `Bearer ${token}`).buffer(true).parse(bytesBody);

  beforeAll(async () => {
    t = await createTestApp({ now: '2021-03-01T02:00:00Z' });
    await seedUnitsAndUsers(t);
    admin = await loginAs(t.http, 'admin');
    const imported = await t.http
      .post('/api/v1/plans/import')
      .set('Authorization', `Bearer ${admin}`)
      .send({ content: SEED_TABLE, planStart: '2021-01-01' })
      .expect(200);
    planId = imported.body.planId;
    ({ taskId } = await planLookups(t, planId));
    // two days after the end of 2022: the tasks due then are past due
    t.clock.set('2023-01-02T02:00:00Z');
  }, 180_000);
  afterAll(() => t.close(), 60_000);

  it('writes the 督办单 of a task: title, number, its lead units as addressees, the task, its units and term, issuer and date', async () => {
    const response = await download(`/api/v1/tasks/${taskId(35)}/supervision-notice.docx`).expect(200);
    expect(response.headers['content-type']).toBe(DOCX);
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="supervision-notice-\d+-2023-01-02\.docx"; filename\*=UTF-8''/);
    expect(decodeURIComponent(response.headers['content-disposition'].split("UTF-8''")[1])).toBe('督办单-第35项-2023-01-02.docx');

    const task = (
      await t.http
        .get(`/api/v1/tasks/${taskId(35)}`)
        .set('Authorization', `Bearer ${admin}`)
        .expect(200)
    ).body as Task;
    expect(task.dueAt < '2023-01-02').toBe(true);
    const lead = task.leadUnits.map((unit) => unit.name).join('、');
    const { value } = await mammoth.extractRawText({ buffer: response.body as Buffer });
    const text = squeeze(value);
    expect(value.split('\n')[0]).toBe('督 办 单');
    expect(text).toContain(`督办〔2023〕${task.id}号`);
    expect(text).toContain(`${lead}：`);
    expect(text).toContain(squeeze(task.text));
    for (const unit of [...task.leadUnits, ...task.supportUnits]) expect(text).toContain(unit.name);
    const overdue = Math.round((Date.parse('2023-01-02') - Date.parse(task.dueAt)) / 86_400_000);
    expect(text).toContain(`已超过完成时限${overdue}天`);
    expect(text).toContain(`于${chinese(task.dueAt)}前办结`);
    expect(text).toMatch(/市委市政府督查室2023年1月2日$/u);
  });

  it('writes the 通报 of a plan: the red tasks of the day in a table with their lead units, due days and days overdue', async () => {
    const circular = (await t.http.get(`/api/v1/reports/circular?planId=${planId}`).set('Authorization', `Bearer ${admin}`).expect(200)).body as CircularReport;
    expect(circular.redTasks.length).toBeGreaterThan(0);
    const response = await download(`/api/v1/reports/circular.docx?planId=${planId}`).expect(200);
    expect(response.headers['content-type']).toBe(DOCX);
    expect(decodeURIComponent(response.headers['content-disposition'].split("UTF-8''")[1])).toMatch(/^通报-.+-2023-01-02\.docx$/u);

    const { value } = await mammoth.extractRawText({ buffer: response.body as Buffer });
    const text = squeeze(value);
    expect(text).toMatch(/^关于《.+》推进情况的通报/u);
    expect(text).toContain(`督通〔2023〕${planId}号各有关单位：`);
    expect(text).toContain(`共有${circular.redTasks.length}项任务亮红灯`);
    for (const task of circular.redTasks) {
      const row = squeeze(`${task.seq}${task.text}${task.leadUnits.map((unit) => unit.name).join('')}${chinese(task.dueAt)}${task.overdueDays}`);
      expect(text).toContain(row);
    }
    for (const unit of circular.lateUnits) expect(text).toContain(`${unit.name}（${unit.redTasks}项`);
    expect(text).toMatch(/2023年1月2日$/u);
  });

  it('opens in LibreOffice with the same content, and names the official fonts in its styles', async () => {
    const notice = (await download(`/api/v1/tasks/${taskId(35)}/supervision-notice.docx`).expect(200)).body as Buffer;
    const task = (await t.http.get(`/api/v1/tasks/${taskId(35)}`).set('Authorization', `Bearer ${admin}`)).body as Task;
    const text = squeeze(await libreOfficeText(notice));
    expect(text).toContain('督办单');
    expect(text).toContain(squeeze(task.text));
    expect(text).toContain(chinese(task.dueAt));
    const styles = await (await JSZip.loadAsync(notice)).file('word/styles.xml')!.async('string');
    for (const font of ['方正小标宋简体', '仿宋_GB2312', '黑体', '楷体_GB2312']) expect(styles).toContain(`w:eastAsia="${font}"`);

    const circular = (await download(`/api/v1/reports/circular.docx?planId=${planId}`).expect(200)).body as Buffer;
    expect(squeeze(await libreOfficeText(circular))).toContain('推进情况的通报');
  });

  it('answers 404 for an unknown task or plan, 400 for a future day, and 403 to an officer asking for a 督办单', async () => {
    await download('/api/v1/tasks/999999/supervision-notice.docx').expect(404);
    await download('/api/v1/reports/circular.docx?planId=999999').expect(404);
    await download(`/api/v1/reports/circular.docx?planId=${planId}&date=2030-01-01`).expect(400);
    const officer = await loginAs(t.http, 'weijian');
    await download(`/api/v1/tasks/${taskId(35)}/supervision-notice.docx`, officer).expect(403);
    await download(`/api/v1/reports/circular.docx?planId=${planId}`, officer).expect(200);
  });
});
