import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { printedTableBlocks, printedTableSheet, writeDocx, writeXlsx } from './support/office-documents';
import { createTestApp, loginAs, tableCounts, type TestApp } from './support/test-app';
import { SEED_TABLE, seedUnitsAndUsers } from './support/seed-helpers';

/** The seed as its Word original prints it: merged 工作内容 and unit cells, a header on each page's table. */
const SEED_BLOCKS = printedTableBlocks(SEED_TABLE, { workItem: 1, lead: 3, support: 4 });

/** LibreOffice (installed by the e2e setup) converting `file` in `dir` to `to`: the name of the file it wrote. */
function convert(dir: string, file: string, to: string): string {
  const profile = pathToFileURL(join(dir, 'profile')).href;
  execFileSync('soffice', [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', to, '--outdir', dir, join(dir, file)], {
    stdio: 'ignore',
    timeout: 120_000,
  });
  return file.replace(/\.\w+$/, `.${to.split(':')[0]}`);
}

/**
 * A new Office file saved in its legacy format by LibreOffice, as old Office or WPS would have it. A Word
 * document goes through OpenDocument first: LibreOffice's direct .docx → .doc export drops the tables.
 */
function asLegacy(file: Buffer, from: 'xlsx' | 'docx'): Buffer {
  const dir = mkdtempSync(join(tmpdir(), `duban-legacy-`));
  try {
    writeFileSync(join(dir, `table.${from}`), file);
    const legacy = from === 'xlsx' ? convert(dir, 'table.xlsx', 'xls') : convert(dir, convert(dir, 'table.docx', 'odt'), 'doc:MS Word 97');
    return readFileSync(join(dir, legacy));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('plan import from Word and Excel files', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp();
    await seedUnitsAndUsers(t);
    admin = await loginAs(t.http, 'admin');
  });
  afterAll(() => t.close());

  const upload = (bytes: Buffer, fileName: string, fields: Record<string, string> = {}) => {
    let request = t.http.post('/api/v1/plans/import').set('Authorization', `Bearer ${admin}`);
    for (const [name, value] of Object.entries(fields)) request = request.field(name, value);
    return request.attach('file', bytes, fileName);
  };

  it('imports the seed uploaded as .docx to the plan its text gives, and the same file again creates nothing', async () => {
    const docx = await writeDocx(SEED_BLOCKS);
    const response = await upload(docx, '任务分解表.docx', { planStart: '2021-01-01' }).expect(200);
    expect(response.body).toMatchObject({ createdPlan: true, created: { sections: 4, tasks: 45, units: 0 }, skipped: [] });
    const plan = await t.http
      .get(`/api/v1/plans/${String(response.body.planId)}`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    expect(plan.body).toMatchObject({ name: '全面推进新时代爱国卫生运动高质量发展任务分解表', format: 'docx' });
    const tasks = await t.http
      .get(`/api/v1/plans/${String(response.body.planId)}/tasks`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    const second = (tasks.body as { seq: number; number: string | null; leadUnits: { name: string }[]; workItem: { title: string } }[]).find(
      (task) => task.seq === 2,
    );
    expect(second?.number).toBe('2');
    // row 2 of the Word table has its 工作内容 and unit cells merged with row 1's
    expect(second?.workItem.title).toBe('构建完善社会健康管理模式');
    expect(second?.leadUnits.map((unit) => unit.name)).toEqual(['市爱国卫生运动委员会办公室']);

    const again = await upload(docx, 'copy.docx', { planStart: '2021-01-01' }).expect(200);
    expect(again.body).toMatchObject({ planId: response.body.planId, createdPlan: false });
  });

  it('with skipInvalid imports the good rows of a workbook and answers each row left out, with its sheet and row', async () => {
    const grid = [
      ['某市2024年重点任务清单', '<', '<', '<'],
      ['序号', '工作任务', '牵头单位', '责任单位'],
      ['1', '推进城镇污水处理提质增效。', '市住建局', '市生态环境局'],
      ['二', '没有数字序号的一行。', '市住建局', ''],
      ['3', '强化食品安全监管。', '市市场监督管理局', '^'],
    ];
    const xlsx = await writeXlsx([{ name: '清单', grid }]);
    const refused = await upload(xlsx, 'tasks.xlsx', { planStart: '2024-01-01' }).expect(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ code: 'seq_invalid', line: 4, where: '工作表“清单”第4行' })]);

    const before = await tableCounts(t.dataSource);
    const preview = await upload(xlsx, 'tasks.xlsx', { planStart: '2024-01-01', skipInvalid: 'true', dryRun: 'true' }).expect(200);
    expect(preview.body).toMatchObject({
      planId: null,
      dryRun: true,
      created: { tasks: 2 },
      skipped: [expect.objectContaining({ code: 'seq_invalid', where: '工作表“清单”第4行' })],
    });
    expect(await tableCounts(t.dataSource)).toEqual(before);

    const imported = await upload(xlsx, 'tasks.xlsx', { planStart: '2024-01-01', skipInvalid: 'true' }).expect(200);
    expect(imported.body).toMatchObject({ createdPlan: true, created: { tasks: 2 }, skipped: [expect.objectContaining({ line: 4, code: 'seq_invalid' })] });
  });

  it('keeps each task’s number as printed where numbers start again in each section', async () => {
    const table = readFileSync(join(__dirname, 'fixtures', 'cities', 'ulanqab', 'table.pipe.md'));
    const response = await upload(table, 'table.pipe.md', { jurisdiction: '乌兰察布市', planStart: '2023-01-01' }).expect(200);
    const tasks = await t.http
      .get(`/api/v1/plans/${String(response.body.planId)}/tasks`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    expect((tasks.body as { seq: number; number: string }[]).map((task) => [task.seq, task.number])).toEqual([
      [1, '1、'],
      [2, '2、'],
      [3, '1、'],
      [4, '2、'],
    ]);
  });

  it('refuses a damaged or encrypted file with a clear 400 and writes nothing', async () => {
    const before = await tableCounts(t.dataSource);
    const docx = await writeDocx(SEED_BLOCKS);
    const damaged = await upload(docx.subarray(0, docx.length - 100), 'damaged.docx').expect(400);
    expect(damaged.body.code).toBe('document_unreadable');
    const encrypted = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(512),
      Buffer.from('EncryptedPackage', 'utf16le'),
    ]);
    const locked = await upload(encrypted, 'locked.docx').expect(400);
    expect(locked.body.code).toBe('document_encrypted');
    expect(await tableCounts(t.dataSource)).toEqual(before);
  });

  it('imports a legacy .xls through LibreOffice', async () => {
    const xls = asLegacy(await writeXlsx([{ name: '任务分解表', grid: printedTableSheet(SEED_BLOCKS) }]), 'xlsx');
    expect(xls.subarray(0, 4).toString('hex')).toBe('d0cf11e0');
    const response = await upload(xls, '任务分解表.xls', { planStart: '2021-01-01', jurisdiction: '鄂尔多斯市', dryRun: 'true' }).expect(200);
    expect(response.body).toMatchObject({ dryRun: true, created: { sections: 4, tasks: 45, units: 0 } });
  });

  it('imports a legacy Word .doc through LibreOffice, merged cells as printed', async () => {
    const doc = asLegacy(await writeDocx(SEED_BLOCKS), 'docx');
    expect(doc.subarray(0, 4).toString('hex')).toBe('d0cf11e0');
    const response = await upload(doc, '任务分解表.doc', { planStart: '2021-01-01', jurisdiction: '鄂尔多斯市', dryRun: 'true' }).expect(200);
    expect(response.body).toMatchObject({ dryRun: true, created: { sections: 4, tasks: 45, units: 0 } });
    // WPS Writer's .wps is the same binary format: the kind is judged from the bytes, not the name
    const asWps = await upload(doc, '任务分解表.wps', { planStart: '2021-01-01', jurisdiction: '鄂尔多斯市', dryRun: 'true' }).expect(200);
    expect(asWps.body).toMatchObject({ dryRun: true, created: { sections: 4, tasks: 45, units: 0 } });
  });
});
