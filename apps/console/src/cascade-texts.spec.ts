import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// the console's language lives in localStorage; the unit tests run without a browser
(globalThis as { localStorage?: Pick<Storage, 'getItem' | 'setItem'> }).localStorage = { getItem: () => null, setItem: () => undefined };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { CASCADE_TEXTS, CONTRIBUTION_FILL_TEXTS, say } = require('./cascade-texts') as typeof import('./cascade-texts');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { hasEnglish, language, LIGHT_LABELS, STATE_LABELS } = require('./i18n') as typeof import('./i18n');

/** Chinese characters and the full-width punctuation that goes with them. */
const CHINESE = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/;
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

/** The screens whose every text is in cascade-texts.ts: the task page's cascade panel, the banner's dashboard, the policy's cascade section. */
const SCREENS = ['components/cascade-panel.tsx', 'components/jurisdiction-plans.tsx', 'components/plan-policy-panel.tsx'];
const withoutComments = (source: string) => source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');

describe('the cascade screens in both languages', () => {
  afterEach(() => language.set('zh'));

  it('has every text in Chinese and in English, with the same placeholders', () => {
    const texts = [
      ...Object.entries(CASCADE_TEXTS),
      ...Object.entries(CONTRIBUTION_FILL_TEXTS).flatMap(([fill, { name, hint }]) => [
        [`${fill}.name`, name],
        [`${fill}.hint`, hint],
      ]),
    ] as [string, { zh: string; en: string }][];
    for (const [key, { zh, en }] of texts) {
      expect([key, CHINESE.test(zh), CHINESE.test(en), en.trim().length > 0]).toEqual([key, true, false, true]);
      expect([key, placeholders(en)]).toEqual([key, placeholders(zh)]);
    }
  });

  it('finds no Chinese written in the screens themselves: a new text without its English fails here', () => {
    for (const screen of SCREENS) {
      const source = withoutComments(readFileSync(join(__dirname, screen), 'utf8'));
      const lines = source.split('\n').filter((line) => CHINESE.test(line));
      expect([screen, lines]).toEqual([screen, []]);
    }
  });

  it('has the English of the states and lights the screens show through the label tables', () => {
    const shown = [...Object.values(STATE_LABELS), ...Object.values(LIGHT_LABELS)];
    expect(shown.filter((zh) => !hasEnglish(zh))).toEqual([]);
  });

  it('fills a text’s params in the chosen language', () => {
    expect(say('panelTitle', { broken: 3, branches: 9 })).toBe('下级分解落实情况（3/9 已分解）');
    expect(say('branchNoTasks', { unit: '东胜区人民政府' })).toBe('东胜区人民政府尚未报送分解任务。');
    language.set('en');
    expect(say('panelTitle', { broken: 3, branches: 9 })).toBe('Broken down below (3 of 9 have tasks)');
    expect(say('ownPlansTitle', { jurisdiction: '东胜区' })).toBe('Plans of 东胜区');
  });
});
