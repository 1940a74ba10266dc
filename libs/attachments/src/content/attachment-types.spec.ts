import { attachmentKind, refusedTypeMessage } from './attachment-types';

describe('attachment types, judged from what the sniffer saw', () => {
  it('accepts the photo and document kinds file-type names directly', () => {
    expect(['jpg', 'png', 'webp', 'heic', 'pdf', 'docx', 'xlsx'].map((ext) => attachmentKind({ ext }))).toEqual([
      'jpeg',
      'png',
      'webp',
      'heic',
      'pdf',
      'docx',
      'xlsx',
    ]);
  });

  it('tells OFD, Word and Excel from a plain ZIP by the entries inside', () => {
    expect(attachmentKind({ ext: 'zip', zipEntries: ['OFD.xml', 'Doc_0/Document.xml'] })).toBe('ofd');
    expect(attachmentKind({ ext: 'zip', zipEntries: ['[Content_Types].xml', 'word/document.xml'] })).toBe('docx');
    expect(attachmentKind({ ext: 'zip', zipEntries: ['xl/workbook.xml'] })).toBe('xlsx');
    expect(attachmentKind({ ext: 'zip', zipEntries: ['照片/1.jpg'] })).toBe('zip');
    // OFD.xml only counts at the root
    expect(attachmentKind({ ext: 'zip', zipEntries: ['a/OFD.xml'] })).toBe('zip');
  });

  it('tells a legacy Word file from a legacy Excel one by its streams, and refuses other or encrypted compound files', () => {
    expect(attachmentKind({ ext: 'cfb', compoundStreams: ['WordDocument'] })).toBe('doc');
    expect(attachmentKind({ ext: 'cfb', compoundStreams: ['Workbook'] })).toBe('xls');
    expect(attachmentKind({ ext: 'cfb', compoundStreams: ['Book'] })).toBe('xls');
    expect(attachmentKind({ ext: 'cfb', compoundStreams: ['EncryptedPackage', 'WordDocument'] })).toBeNull();
    expect(attachmentKind({ ext: 'cfb', compoundStreams: [] })).toBeNull();
  });

  it('refuses what is not on the list, or not recognised, and says what is accepted', () => {
    for (const ext of ['exe', 'gif', 'mp4', 'rar', 'svg', undefined]) expect(attachmentKind({ ext })).toBeNull();
    expect(refusedTypeMessage({ ext: 'exe' })).toBe(
      'the file is .exe; accepted are JPEG, PNG, WebP, HEIC, PDF, Word (.docx), Excel (.xlsx), Word 97-2003 (.doc), Excel 97-2003 (.xls), OFD, ZIP (judged from the content, not the name)',
    );
    expect(refusedTypeMessage({ ext: undefined })).toMatch(/^the file is a kind of file that is not recognised;/);
  });
});
