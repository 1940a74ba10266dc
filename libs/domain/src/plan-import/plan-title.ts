/** Words that mark the title line of a task table, most specific first. */
const TITLE_MARKERS = ['任务分解表', '实施方案', '任务清单', '方案', '清单'];
const ATTACHMENT_LABEL = /^附件[\d一二三四五六七八九十]*[:：]?$/u;

/**
 * The title among the lines before a table: the first line naming the most specific marker
 * (`…任务分解表`), else the last non-empty line that is not an attachment label (`附件`, `附件2：`).
 */
export function findPlanTitle(linesBeforeTable: readonly string[]): string | null {
  const lines = linesBeforeTable.map((line) => line.trim()).filter((line) => line !== '');
  for (const marker of TITLE_MARKERS) {
    const titled = lines.find((line) => line.includes(marker));
    if (titled !== undefined) return titled;
  }
  const lastLine = lines.filter((line) => !ATTACHMENT_LABEL.test(line.replace(/\s+/gu, ''))).at(-1);
  return lastLine ?? null;
}
