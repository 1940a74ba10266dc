/** Problems and remarks are reported in the order of the table's lines (stable within a line). */
export function sortByLine<T extends { line: number }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => a.line - b.line);
}

/** A cell quoted in a message, shortened so the message stays readable. */
export function excerpt(text: string, length = 30): string {
  return text.length > length ? `${text.slice(0, length)}…` : text;
}
