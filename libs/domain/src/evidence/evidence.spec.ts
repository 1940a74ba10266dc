import { attachmentIdsOf, backsAClaim, fileEvidenceRefusal, hasSubstantiveEvidence, isPlaceholderTitle } from './evidence';

describe('evidence that backs a claim', () => {
  it('is not a title that says there is nothing, however it is written', () => {
    for (const title of ['无', '暂无', '无。', '（无）', ' N/A ', 'none', '——', '...', '无佐证材料', '待补充', ' '])
      expect(isPlaceholderTitle(title)).toBe(true);
    for (const title of ['验收报告', '无害化厕所改造验收报告', '会议纪要（2022年）', 'photo of the site']) expect(isPlaceholderTitle(title)).toBe(false);
  });

  it('is a named item, a link or a file even under a placeholder title', () => {
    expect(backsAClaim({ title: '无' })).toBe(false);
    expect(backsAClaim({ title: '无', url: 'https://example.org/report.pdf' })).toBe(true);
    expect(backsAClaim({ title: '无', url: '  ' })).toBe(false);
    expect(backsAClaim({ title: '无', attachmentId: '7' })).toBe(true);
    expect(hasSubstantiveEvidence([{ title: '无' }, { title: '暂无' }])).toBe(false);
    expect(hasSubstantiveEvidence([{ title: '无' }, { title: '现场照片' }])).toBe(true);
    expect(hasSubstantiveEvidence([])).toBe(false);
  });

  it('needs a file where the plan asks for one, for that submission only', () => {
    const policy = { fileRequiredFor: ['SUBMIT_SELF_ASSESSMENT' as const] };
    expect(fileEvidenceRefusal(policy, 'SUBMIT_SELF_ASSESSMENT', [{ title: '验收报告', url: 'https://example.org/a.pdf' }])).toMatch(/uploaded file/);
    expect(fileEvidenceRefusal(policy, 'SUBMIT_SELF_ASSESSMENT', [{ title: '验收报告', attachmentId: '3' }])).toBeNull();
    expect(fileEvidenceRefusal(policy, 'SUBMIT_RECTIFICATION', [{ title: '整改报告' }])).toBeNull();
    expect(fileEvidenceRefusal({ fileRequiredFor: [] }, 'SUBMIT_SELF_ASSESSMENT', [{ title: '验收报告' }])).toBeNull();
  });

  it('names each attached file once', () => {
    expect(attachmentIdsOf([{ title: 'a', attachmentId: '3' }, { title: 'b' }, { title: 'c', attachmentId: '3' }, { title: 'd', attachmentId: '5' }])).toEqual([
      '3',
      '5',
    ]);
    expect(attachmentIdsOf(undefined)).toEqual([]);
  });
});
