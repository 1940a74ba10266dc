/** What an official document says, apart from how it is laid out (official-document.ts renders it with `docx`). */

/** A block of the body: a paragraph of text, a heading (黑体 一级, 楷体 二级), or a table. */
export type BodyBlock =
  | { kind: 'paragraph'; text: string }
  | { kind: 'heading'; level: 1 | 2; text: string }
  | { kind: 'table'; columns: { title: string; widthPercent: number }[]; rows: string[][] };

export interface OfficialDocument {
  title: string;
  /** 发文字号, e.g. `督办〔2023〕12号` */
  number: string;
  /** 主送机关, without the closing colon */
  addressee: string;
  body: BodyBlock[];
  /** 发文机关署名 */
  issuer: string;
  /** `YYYY-MM-DD`, written as 2023年1月2日 */
  date: string;
}

/** `2023-01-02` → `2023年1月2日`, as official documents date themselves (Arabic numerals, no leading zeros). */
export function chineseDate(day: string): string {
  const [year, month, date] = day.split('-').map(Number);
  return `${year}年${month}月${date}日`;
}

/**
 * The fonts of a Chinese official document (GB/T 9704-2012): 方正小标宋简体 for the title, 仿宋_GB2312 for
 * the body, 黑体 for first-level headings and table heads, 楷体_GB2312 for second-level headings. They are
 * named in the styles; Word and LibreOffice use them where they are installed and substitute otherwise.
 */
export const OFFICIAL_FONTS = { title: '方正小标宋简体', body: '仿宋_GB2312', heading: '黑体', subheading: '楷体_GB2312' } as const;
