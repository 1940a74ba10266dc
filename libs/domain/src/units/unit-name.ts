const OPENING_BRACKETS = new Set(['(', '（', '[', '【', '〔', '［', '{', '｛', '〈', '《']);
const CLOSING_BRACKETS = new Set([')', '）', ']', '】', '〕', '］', '}', '｝', '〉', '》']);
const LIST_SEPARATORS = new Set(['、', '，', ',', '；', ';', '\n', '\r']);

/** After NFKC the remaining bracket and dash variants are mapped to one form each. */
const PUNCTUATION_UNIFIED: Readonly<Record<string, string>> = {
  '【': '(',
  '】': ')',
  '〔': '(',
  '〕': ')',
  '[': '(',
  ']': ')',
  '—': '-',
  '–': '-',
  '－': '-',
  '﹣': '-',
  '“': '"',
  '”': '"',
  '‘': "'",
  '’': "'",
  '•': '·',
  '・': '·',
};

/**
 * The key under which a unit name is compared: NFKC (so `（）` and `()` are equal), no whitespace at
 * all (PDF extraction wraps `市卫生健康委员会` into `市 卫生健康委 员会`), one form per bracket and dash.
 */
export function normaliseUnitName(name: string): string {
  let key = '';
  for (const char of name.normalize('NFKC')) {
    if (/\s/u.test(char)) continue;
    key += PUNCTUATION_UNIFIED[char] ?? char;
  }
  return key;
}

/**
 * The form a name not found in the catalogue is kept under: NFKC, whitespace removed, list
 * punctuation at either end dropped, brackets written full-width as official Chinese names are.
 * Two spellings that differ only in these respects give the same name, so one unit is created.
 */
export function cleanUnitName(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/\s+/gu, '')
    .replace(/^[、,;。.]+|[、,;。.]+$/gu, '')
    .replace(/\(/gu, '（')
    .replace(/\)/gu, '）');
}

/** Splits a cell listing units on `、，,；;` and line breaks, never inside brackets. Items are trimmed. */
export function splitUnitList(cell: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of cell) {
    if (OPENING_BRACKETS.has(char)) depth += 1;
    else if (CLOSING_BRACKETS.has(char) && depth > 0) depth -= 1;
    if (depth === 0 && LIST_SEPARATORS.has(char)) {
      pushItem(items, current);
      current = '';
    } else {
      current += char;
    }
  }
  pushItem(items, current);
  return items;
}

function pushItem(items: string[], raw: string): void {
  const item = raw.trim();
  if (item !== '') items.push(item);
}
