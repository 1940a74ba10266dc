import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  type IParagraphStyleOptions,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import { type BodyBlock, chineseDate, OFFICIAL_FONTS, type OfficialDocument } from './official-document-content';

/** Sizes in half-points: 二号 22 pt (title), 三号 16 pt (body), 四号 14 pt (table). */
const SIZE = { title: 44, body: 32, table: 28 } as const;
/** 28 磅 fixed line spacing, in twentieths of a point, as official documents set it. */
const LINE = { line: 560, lineRule: 'exact' } as const;
/** Page margins of GB/T 9704 in twips (1 mm = 56.7): top 37 mm, bottom 35 mm, left 28 mm, right 26 mm. */
const MARGINS = { top: 2098, bottom: 1984, left: 1587, right: 1474 } as const;

const fonts = (name: string) => ({ ascii: name, hAnsi: name, eastAsia: name, cs: name });

const STYLES: IParagraphStyleOptions[] = [
  {
    id: 'DocTitle',
    name: '公文标题',
    quickFormat: true,
    run: { font: fonts(OFFICIAL_FONTS.title), size: SIZE.title },
    paragraph: { alignment: AlignmentType.CENTER, spacing: { ...LINE, line: 700, after: 240 } },
  },
  {
    id: 'DocNumber',
    name: '发文字号',
    quickFormat: true,
    run: { font: fonts(OFFICIAL_FONTS.body), size: SIZE.body },
    paragraph: { alignment: AlignmentType.CENTER, spacing: { ...LINE, after: 240 } },
  },
  { id: 'DocAddressee', name: '主送机关', quickFormat: true, run: { font: fonts(OFFICIAL_FONTS.body), size: SIZE.body }, paragraph: { spacing: LINE } },
  {
    id: 'DocBody',
    name: '公文正文',
    quickFormat: true,
    run: { font: fonts(OFFICIAL_FONTS.body), size: SIZE.body },
    paragraph: { spacing: LINE, indent: { firstLine: 640 }, alignment: AlignmentType.JUSTIFIED },
  },
  {
    id: 'DocHeading1',
    name: '一级标题',
    quickFormat: true,
    run: { font: fonts(OFFICIAL_FONTS.heading), size: SIZE.body },
    paragraph: { spacing: LINE, indent: { firstLine: 640 } },
  },
  {
    id: 'DocHeading2',
    name: '二级标题',
    quickFormat: true,
    run: { font: fonts(OFFICIAL_FONTS.subheading), size: SIZE.body },
    paragraph: { spacing: LINE, indent: { firstLine: 640 } },
  },
  {
    id: 'DocTableHead',
    name: '表头',
    quickFormat: true,
    run: { font: fonts(OFFICIAL_FONTS.heading), size: SIZE.table },
    paragraph: { alignment: AlignmentType.CENTER },
  },
  { id: 'DocTableCell', name: '表格文字', quickFormat: true, run: { font: fonts(OFFICIAL_FONTS.body), size: SIZE.table } },
  {
    id: 'DocSignature',
    name: '落款',
    quickFormat: true,
    run: { font: fonts(OFFICIAL_FONTS.body), size: SIZE.body },
    paragraph: { spacing: LINE, alignment: AlignmentType.RIGHT, indent: { right: 1280 } },
  },
];

const CELL_MARGINS = { top: 60, bottom: 60, left: 100, right: 100 };
const THIN = { style: BorderStyle.SINGLE, size: 4, color: '000000' };

function table(block: Extract<BodyBlock, { kind: 'table' }>): Table {
  const cell = (text: string, style: string, widthPercent: number) =>
    new TableCell({
      width: { size: widthPercent, type: WidthType.PERCENTAGE },
      verticalAlign: VerticalAlign.CENTER,
      margins: CELL_MARGINS,
      // a line break inside a cell (several units, several dates) stays a line break
      children: (text === '' ? [''] : text.split('\n')).map((line) => new Paragraph({ style, children: [new TextRun(line)] })),
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: { top: THIN, bottom: THIN, left: THIN, right: THIN, insideHorizontal: THIN, insideVertical: THIN },
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: block.columns.map((column) => cell(column.title, 'DocTableHead', column.widthPercent)) }),
      ...block.rows.map(
        (row) => new TableRow({ cantSplit: true, children: row.map((text, index) => cell(text, 'DocTableCell', block.columns[index]?.widthPercent ?? 10)) }),
      ),
    ],
  });
}

function blocks(body: BodyBlock[]): (Paragraph | Table)[] {
  return body.map((block) => {
    if (block.kind === 'table') return table(block);
    const style = block.kind === 'heading' ? (block.level === 1 ? 'DocHeading1' : 'DocHeading2') : 'DocBody';
    return new Paragraph({ style, children: [new TextRun(block.text)] });
  });
}

/** The document as a .docx: title, 文号, addressee, body, issuer and date, page numbers in the footer (— 1 —). */
export async function renderOfficialDocument(document: OfficialDocument): Promise<Buffer> {
  const doc = new Document({
    creator: document.issuer,
    title: document.title,
    styles: {
      default: { document: { run: { font: fonts(OFFICIAL_FONTS.body), size: SIZE.body } } },
      paragraphStyles: STYLES,
    },
    sections: [
      {
        properties: { page: { size: { width: 11906, height: 16838 }, margin: MARGINS } },
        footers: {
          default: new Footer({
            children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], size: 28 })] })],
          }),
        },
        children: [
          new Paragraph({ style: 'DocTitle', children: [new TextRun(document.title)] }),
          new Paragraph({ style: 'DocNumber', children: [new TextRun(document.number)] }),
          new Paragraph({ style: 'DocAddressee', children: [new TextRun(`${document.addressee}：`)] }),
          ...blocks(document.body),
          new Paragraph({ style: 'DocBody', children: [] }),
          new Paragraph({ style: 'DocSignature', children: [new TextRun(document.issuer)] }),
          new Paragraph({ style: 'DocSignature', children: [new TextRun(chineseDate(document.date))] }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
