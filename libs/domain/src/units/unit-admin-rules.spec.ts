import { DomainError } from '../errors/domain-error';
import { aliasesAfterMerge, checkMerge, checkNamesFree, checkUnitName, checkVerifiedKind, type UnitFacts } from './unit-admin-rules';

function unit(id: string, name: string, more: Partial<UnitFacts> = {}): UnitFacts {
  return { id, name, jurisdiction: '鄂尔多斯市', kind: 'department', aliases: [], verified: true, ...more };
}

const HEALTH = unit('1', '市卫生健康委员会', { aliases: ['市卫健委'] });
const TYPO = unit('2', '市卫生建康委员会', { kind: 'unverified', verified: false, aliases: [] });
const AIWEI = unit('3', '市爱国卫生运动委员会', { kind: 'committee' });

describe('the unit catalogue’s admin rules', () => {
  it('refuses a merge of a unit into itself with 400 unit_merge_into_itself', () => {
    expect(checkMerge(HEALTH, HEALTH)).toMatchObject({ kind: 'invalid', code: 'unit_merge_into_itself' });
  });

  it('refuses a merge into a unit of another jurisdiction with 409 unit_merge_across_jurisdictions', () => {
    const baotou = unit('9', '市卫生健康委员会', { jurisdiction: '包头市' });
    expect(checkMerge(TYPO, baotou)).toMatchObject({ kind: 'conflict', code: 'unit_merge_across_jurisdictions' });
  });

  it('refuses a committee merging into a department, and a department into a committee', () => {
    expect(checkMerge(AIWEI, HEALTH)).toMatchObject({ kind: 'conflict', code: 'unit_merge_kind_mismatch' });
    expect(checkMerge(HEALTH, AIWEI)).toMatchObject({ kind: 'conflict', code: 'unit_merge_kind_mismatch' });
  });

  it('lets an unverified unit merge into any unit of its jurisdiction, and a department into a department', () => {
    expect(checkMerge(TYPO, HEALTH)).toBeNull();
    expect(checkMerge(TYPO, AIWEI)).toBeNull();
    expect(checkMerge(unit('4', '市卫计委'), HEALTH)).toBeNull();
  });

  it('makes the merged unit’s name and aliases aliases of the survivor, without repeats or its own name', () => {
    const from = unit('5', '市卫计委', { aliases: ['市 卫健委', '卫计委', '市卫生健康委员会'] });
    expect(aliasesAfterMerge(from, HEALTH)).toEqual(['市卫健委', '市卫计委', '卫计委']);
  });

  it('refuses a name or alias that another unit of the jurisdiction already answers to, as the importer compares names', () => {
    const others = [HEALTH, AIWEI];
    expect(checkNamesFree({ id: null, name: '市教育局', aliases: ['市 卫健委'] }, others)).toMatchObject({ kind: 'conflict', code: 'unit_name_taken' });
    expect(checkNamesFree({ id: '1', name: '市卫生健康委员会', aliases: ['市卫健委', '卫健委'] }, others)).toBeNull();
    expect(checkNamesFree({ id: null, name: '市教育局', aliases: [] }, others)).toBeNull();
  });

  it('needs a kind before a unit is verified', () => {
    expect(checkVerifiedKind('unverified', true)).toMatchObject({ kind: 'invalid', code: 'unit_kind_required' });
    expect(checkVerifiedKind('unverified', false)).toBeNull();
    expect(checkVerifiedKind('department', true)).toBeNull();
  });

  it('trims a name and refuses an empty or overlong one', () => {
    expect(checkUnitName('name', '  市教育局 ')).toBe('市教育局');
    expect(checkUnitName('name', '  ')).toBeInstanceOf(DomainError);
    expect(checkUnitName('name', '局'.repeat(101))).toMatchObject({ code: 'unit_name_too_long' });
  });
});
