import type { ImportError } from './plan-import.types';

const BOM = '\uFEFF';
const REPLACEMENT_CHARACTER = '\uFFFD';
/** C0 controls other than NUL (reported on its own), tab, line feed and carriage return; and DEL. */
function isControlCharacter(char: string): boolean {
  const code = char.charCodeAt(0);
  return (code >= 0x01 && code <= 0x1f && char !== '\t' && char !== '\n' && char !== '\r') || code === 0x7f;
}
/** More than this share of control characters means the file is not text (a PDF, a .xlsx, …). */
const CONTROL_SHARE_LIMIT = 0.01;
const CONTROL_COUNT_LIMIT = 8;

/** The text with a leading BOM removed and every line ending written `\n`. */
export function normaliseText(content: string): string {
  const withoutBom = content.startsWith(BOM) ? content.slice(BOM.length) : content;
  return withoutBom.replace(/\r\n?/gu, '\n');
}

/** The physical lines of a normalised text; index 0 is line 1. */
export function physicalLines(text: string): string[] {
  return text.split('\n');
}

/**
 * Why the text cannot be a table at all: it is empty, or it is binary (NUL bytes, U+FFFD from a
 * failed decoding, many control characters). Each reason is reported once, at its first line.
 */
export function findUnreadableText(text: string): ImportError[] {
  if (text.trim() === '') return [{ line: 1, code: 'empty', message: '内容为空：没有可导入的表格' }];

  const errors: ImportError[] = [];
  const lines = physicalLines(text);
  const firstLineWith = (test: (line: string) => boolean): number => lines.findIndex(test) + 1;

  if (text.includes('\u0000')) {
    errors.push({
      line: firstLineWith((line) => line.includes('\u0000')),
      code: 'binary',
      message: '内容含有空字节（NUL），不是文本表格；请导出为 UTF-8 文本、CSV 或制表符分隔的文件后再导入',
    });
  }
  if (text.includes(REPLACEMENT_CHARACTER)) {
    errors.push({
      line: firstLineWith((line) => line.includes(REPLACEMENT_CHARACTER)),
      code: 'binary',
      message: '内容含有无法解码的字符（U+FFFD），文件可能不是 UTF-8 编码；请另存为 UTF-8 后再导入',
    });
  }
  let controls = 0;
  for (const char of text) if (isControlCharacter(char)) controls += 1;
  if (controls > CONTROL_COUNT_LIMIT && controls > text.length * CONTROL_SHARE_LIMIT) {
    errors.push({
      line: firstLineWith((line) => [...line].some(isControlCharacter)),
      code: 'binary',
      message: `内容含有 ${String(controls)} 个控制字符，不是文本表格（可能是 PDF 或 Excel 文件本身）`,
    });
  }
  return errors;
}
