/** Characters shown before the word found, and at most after its start. */
const BEFORE = 20;
const AFTER = 40;

/**
 * The field a search hit is shown by and the text around the first word found in it: the first of
 * `fields` (in the order given) that contains the first term, else the first that contains any,
 * else the first with text. `terms` are compared lower-cased, as the index compares them.
 */
export function searchSnippet(fields: [name: string, value: string | null][], terms: string[]): { field: string; snippet: string } {
  const present = fields.filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '');
  const lowered = terms.map((term) => term.toLowerCase());
  for (const term of lowered) {
    for (const [name, value] of present) {
      const at = value.toLowerCase().indexOf(term);
      if (at >= 0) return { field: name, snippet: around(value, at) };
    }
  }
  const [name, value] = present[0] ?? ['text', ''];
  return { field: name, snippet: around(value, 0) };
}

function around(value: string, at: number): string {
  const characters = Array.from(value.replace(/\s+/g, ' '));
  // indexOf counts UTF-16 units; Chinese text is in the basic plane, so units and characters agree there
  const start = Math.max(0, Math.min(at, characters.length) - BEFORE);
  const end = Math.min(characters.length, start + BEFORE + AFTER);
  return `${start > 0 ? '…' : ''}${characters.slice(start, end).join('')}${end < characters.length ? '…' : ''}`;
}
