import { cleanUnitName, normaliseUnitName, splitUnitList } from './unit-name';

describe('normaliseUnitName', () => {
  it.each([
    ['spaces from PDF line wrapping disappear', '市 卫生健康委 员会', '市卫生健康委员会'],
    ['spaces anywhere, including a leading one', ' 市教体局', '市教体局'],
    ['ideographic spaces and tabs disappear', '市\u3000市场监 督管理局\t', '市市场监督管理局'],
    ['full-width brackets equal ASCII ones', '各旗（区）人民政府', '各旗(区)人民政府'],
    ['ASCII brackets stay as they are', '各旗(区)人民政府', '各旗(区)人民政府'],
    ['square and lenticular brackets become round', '某中心【筹】', '某中心(筹)'],
    ['full-width letters and digits become half-width', '市１２３４５热线ＡＢＣ', '市12345热线ABC'],
    ['dashes are unified', '某某—中心－分部', '某某-中心-分部'],
    ['a line break inside a name disappears', '市生态环境\n局', '市生态环境局'],
  ])('%s: %s → %s', (_rule, written, expected) => {
    expect(normaliseUnitName(written)).toBe(expected);
  });

  it('gives the same key to every way the seed writes the health commission', () => {
    const keys = new Set(['市卫生健康委员会', '市 卫生健康委 员会', ' 市卫生健康委员会 '].map(normaliseUnitName));
    expect(keys.size).toBe(1);
  });
});

describe('cleanUnitName (the name an unknown unit is created under)', () => {
  it.each([
    ['whitespace removed', '市 文明 办', '市文明办'],
    ['ASCII brackets written full-width', '市疾控中心(市卫生监督所)', '市疾控中心（市卫生监督所）'],
    ['full-width brackets kept', '市疾控中心（市卫生监督所）', '市疾控中心（市卫生监督所）'],
    ['list punctuation at the ends dropped', '、市文明办，', '市文明办'],
    ['full-width letters made half-width', '市ＡＢＣ中心', '市ABC中心'],
  ])('%s: %s → %s', (_rule, written, expected) => {
    expect(cleanUnitName(written)).toBe(expected);
  });
});

describe('splitUnitList', () => {
  it.each([
    ['、', '市住建局、市生态环境局', ['市住建局', '市生态环境局']],
    ['full-width comma', '市住建局，各旗（区）人民政府', ['市住建局', '各旗（区）人民政府']],
    ['ASCII comma', '市住建局,市农牧局', ['市住建局', '市农牧局']],
    ['semicolons', '市住建局；市农牧局;市商务局', ['市住建局', '市农牧局', '市商务局']],
    ['line breaks', '市住建局\n市农牧局\r\n市商务局', ['市住建局', '市农牧局', '市商务局']],
    [
      'never inside full-width brackets',
      '市爱卫会（市健康鄂尔多斯行动推进委员会、市爱卫办）各成员单位，市财政局',
      ['市爱卫会（市健康鄂尔多斯行动推进委员会、市爱卫办）各成员单位', '市财政局'],
    ],
    ['never inside ASCII brackets', '市卫生健康委员会(市爱卫办,市健推办),市民政局', ['市卫生健康委员会(市爱卫办,市健推办)', '市民政局']],
    ['items trimmed, spaces inside kept', ' 市委 宣传部、 市教体局 ', ['市委 宣传部', '市教体局']],
    ['empty items dropped', '市住建局、、，市农牧局、', ['市住建局', '市农牧局']],
    ['an empty cell gives no items', '  ', []],
    [
      'the seed task 33 list',
      '市委 宣传部、市 发改委、 市教体局、团市委， 各旗（区）人民政府',
      ['市委 宣传部', '市 发改委', '市教体局', '团市委', '各旗（区）人民政府'],
    ],
  ])('splits on %s', (_separator, cell, expected) => {
    expect(splitUnitList(cell)).toEqual(expected);
  });
});
