import JSZip from 'jszip';
import { DomainError, type TableRow } from '@duban/domain';
import { writeDocx, writeXlsx } from '../../../../test/support/office-documents';
import { readUploadedTable, type UploadReadOptions } from './uploaded-document';

async function rowsOf(bytes: Buffer, fileName?: string, options?: UploadReadOptions): Promise<TableRow[]> {
  const table = await readUploadedTable(bytes, fileName, options);
  if (table.kind !== 'document') throw new Error('read as text');
  return table.document.rows;
}

async function refusal(bytes: Buffer, fileName?: string, options?: UploadReadOptions): Promise<{ code: string; message: string }> {
  try {
    await readUploadedTable(bytes, fileName, options);
  } catch (error) {
    if (error instanceof DomainError && error.kind === 'invalid') return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('the file was read');
}

/** A .docx whose body is the given WordprocessingML (for what the test writer does not make). */
async function docxWithBody(body: string): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('word/document.xml', `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`);
  return zip.generateAsync({ type: 'nodebuffer' });
}
const p = (text: string): string => `<w:p><w:r><w:t>${text}</w:t></w:r></w:p>`;

describe('reading a Word document', () => {
  it('gives paragraphs and the rows of every table in order, a horizontal merge as one cell and empty ones', async () => {
    const bytes = await writeDocx([
      { paragraph: '某市任务分解表' },
      {
        table: [
          ['序号', '工作任务', '牵头单位'],
          ['一、总体要求', '<', '<'],
          ['1', '任务甲。', '市住建局'],
        ],
        headerRows: 1,
      },
      { paragraph: '二、保障措施' },
      {
        table: [
          ['序号', '工作任务', '牵头单位'],
          ['2', '任务乙。', '市水利局'],
        ],
        headerRows: 1,
      },
    ]);
    expect(await rowsOf(bytes)).toEqual([
      { line: 1, cells: ['某市任务分解表'], paragraph: true, where: '正文“某市任务分解表”' },
      { line: 2, cells: ['序号', '工作任务', '牵头单位'], where: '表1第1行' },
      { line: 3, cells: ['一、总体要求', '', ''], where: '表1第2行' },
      { line: 4, cells: ['1', '任务甲。', '市住建局'], where: '表1第3行' },
      { line: 5, cells: ['二、保障措施'], paragraph: true, where: '正文“二、保障措施”' },
      { line: 6, cells: ['序号', '工作任务', '牵头单位'], where: '表2第1行' },
      { line: 7, cells: ['2', '任务乙。', '市水利局'], where: '表2第2行' },
    ]);
  });

  it('marks the cells of a vertical merge below its first as continuing, and empty', async () => {
    const rows = await rowsOf(
      await writeDocx([
        {
          table: [
            ['1', '甲', '市住建局'],
            ['2', '乙', '^'],
          ],
        },
      ]),
    );
    expect(rows[1]).toEqual({ line: 2, cells: ['2', '乙', ''], continued: [false, false, true], where: '表1第2行' });
  });

  it('reads gridBefore as empty leading cells, a table in a cell as its text, line breaks in a cell as new lines', async () => {
    const nested = `<w:tbl><w:tr><w:tc>${p('内表')}</w:tc></w:tr></w:tbl>`;
    const body =
      `<w:tbl><w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr><w:tc>${p('甲')}</w:tc></w:tr>` +
      `<w:tr><w:tc>${p('乙')}${nested}</w:tc><w:tc><w:p><w:r><w:t>市住建局</w:t><w:br/><w:t>市水利局</w:t></w:r></w:p></w:tc></w:tr></w:tbl>`;
    expect((await rowsOf(await docxWithBody(body))).map((row) => row.cells)).toEqual([
      ['', '甲'],
      ['乙\n内表', '市住建局\n市水利局'],
    ]);
  });
});

describe('reading an Excel workbook', () => {
  it('reads merged ranges as ranges (not exceljs’s repeated values), sheets without a table left out', async () => {
    const bytes = await writeXlsx([
      { name: '说明', grid: [['本表每季度报送。']] },
      {
        name: '任务',
        grid: [
          ['序号', '工作任务', '牵头单位'],
          ['一、总体要求', '<', '<'],
          ['1', '任务甲。', '市住建局'],
          ['2', '任务乙。', '^'],
        ],
      },
    ]);
    expect(await rowsOf(bytes)).toEqual([
      { line: 1, cells: ['序号', '工作任务', '牵头单位'], where: '工作表“任务”第1行' },
      { line: 2, cells: ['一、总体要求', '', ''], where: '工作表“任务”第2行' },
      { line: 3, cells: ['1', '任务甲。', '市住建局'], where: '工作表“任务”第3行' },
      { line: 4, cells: ['2', '任务乙。', ''], continued: [false, false, true], where: '工作表“任务”第4行' },
    ]);
  });
});

describe('judging and refusing files', () => {
  it('reads a text table as text, whatever its name says', async () => {
    expect(await readUploadedTable(Buffer.from('序号\t工作任务\t牵头单位\n'), 'table.docx')).toEqual({ kind: 'text', content: '序号\t工作任务\t牵头单位\n' });
  });

  it('refuses a damaged Word file, an encrypted one, a PDF and a zip of something else, each with its code', async () => {
    const docx = await writeDocx([{ paragraph: '标题' }]);
    expect(await refusal(docx.subarray(0, docx.length - 40))).toMatchObject({ code: 'document_unreadable' });
    const encrypted = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(500),
      Buffer.from('EncryptedPackage', 'utf16le'),
    ]);
    expect(await refusal(encrypted, 'table.docx')).toMatchObject({ code: 'document_encrypted', message: expect.stringContaining('password') });
    expect(await refusal(Buffer.from('%PDF-1.7\n…'))).toMatchObject({ code: 'unsupported_file', message: expect.stringContaining('PDF') });
    const zip = new JSZip();
    zip.file('readme.txt', 'hello');
    expect(await refusal(await zip.generateAsync({ type: 'nodebuffer' }))).toMatchObject({ code: 'unsupported_file' });
  });

  it('refuses a file beyond the limits on bytes, rows and cells', async () => {
    const bytes = await writeDocx([
      {
        table: [
          ['序号', '工作任务', '牵头单位'],
          ['1', '甲', '市住建局'],
          ['2', '乙', '市住建局'],
        ],
      },
    ]);
    expect(await refusal(bytes, undefined, { limits: { maxBytes: 100 } })).toMatchObject({ code: 'document_too_large' });
    expect(await refusal(bytes, undefined, { limits: { maxRows: 2 } })).toMatchObject({
      code: 'document_too_large',
      message: expect.stringContaining('2 table rows'),
    });
    expect(await refusal(bytes, undefined, { limits: { maxCells: 5 } })).toMatchObject({ code: 'document_too_large' });
    expect(await refusal(bytes, undefined, { limits: { maxPartBytes: 100 } })).toMatchObject({ code: 'document_too_large' });
  });

  it('names the Debian package when LibreOffice is needed for a legacy file and missing', async () => {
    const legacyWord = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(500),
      Buffer.from('WordDocument', 'utf16le'),
    ]);
    const missing = { soffice: '/nonexistent/soffice' };
    expect(await refusal(legacyWord, 'table.wps', missing)).toMatchObject({
      code: 'converter_missing',
      message: expect.stringContaining('libreoffice-writer-nogui'),
    });
    const legacyExcel = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(500)]);
    expect(await refusal(legacyExcel, 'table.et', missing)).toMatchObject({
      code: 'converter_missing',
      message: expect.stringContaining('libreoffice-calc-nogui'),
    });
  });
});
