/**
 * The kinds of file an attachment may be (佐证材料: photos, scans, Word, Excel, OFD, archives), judged
 * from the bytes: `file-type` names most of them; a ZIP is told apart by its entries (Office Open XML
 * by file-type, OFD by its `OFD.xml`), a legacy Office compound file by its streams. Pure rules here;
 * the reading is in `content-type-sniffer.ts`.
 */
export interface AttachmentType {
  /** what is stored and answered as Content-Type */
  mime: string;
  /** what the refusal and the docs call it */
  label: string;
}

export const ATTACHMENT_TYPES = {
  jpeg: { mime: 'image/jpeg', label: 'JPEG' },
  png: { mime: 'image/png', label: 'PNG' },
  webp: { mime: 'image/webp', label: 'WebP' },
  heic: { mime: 'image/heic', label: 'HEIC' },
  pdf: { mime: 'application/pdf', label: 'PDF' },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', label: 'Word (.docx)' },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', label: 'Excel (.xlsx)' },
  doc: { mime: 'application/msword', label: 'Word 97-2003 (.doc)' },
  xls: { mime: 'application/vnd.ms-excel', label: 'Excel 97-2003 (.xls)' },
  ofd: { mime: 'application/ofd', label: 'OFD' },
  zip: { mime: 'application/zip', label: 'ZIP' },
} as const satisfies Record<string, AttachmentType>;

export type AttachmentKind = keyof typeof ATTACHMENT_TYPES;

/** Images a thumbnail can be made of (HEIC only where the installed libvips decodes it). */
export const IMAGE_KINDS: ReadonlySet<string> = new Set([
  ATTACHMENT_TYPES.jpeg.mime,
  ATTACHMENT_TYPES.png.mime,
  ATTACHMENT_TYPES.webp.mime,
  ATTACHMENT_TYPES.heic.mime,
]);

/** What the sniffer saw: file-type's answer, and for containers the names inside them. */
export interface SniffedContent {
  /** file-type's `ext`, undefined when it recognised nothing */
  ext: string | undefined;
  /** a ZIP's entry names (only read for a ZIP) */
  zipEntries?: readonly string[];
  /** the streams a compound file names (only read for one): WordDocument, Workbook, Book, EncryptedPackage */
  compoundStreams?: readonly string[];
}

const DIRECT: Readonly<Record<string, AttachmentKind>> = {
  jpg: 'jpeg',
  png: 'png',
  webp: 'webp',
  heic: 'heic',
  pdf: 'pdf',
  docx: 'docx',
  xlsx: 'xlsx',
  doc: 'doc',
  xls: 'xls',
};

/** The kind of the content, or null when it is none of the accepted kinds. */
export function attachmentKind(content: SniffedContent): AttachmentKind | null {
  const direct = content.ext === undefined ? undefined : DIRECT[content.ext];
  if (direct) return direct;
  if (content.ext === 'zip') {
    const names = new Set(content.zipEntries ?? []);
    if (names.has('OFD.xml')) return 'ofd';
    if (names.has('word/document.xml')) return 'docx';
    if (names.has('xl/workbook.xml')) return 'xlsx';
    return 'zip';
  }
  if (content.ext === 'cfb') {
    const streams = new Set(content.compoundStreams ?? []);
    // a password-protected .docx/.xlsx is a compound file too; its contents cannot be judged
    if (streams.has('EncryptedPackage')) return null;
    if (streams.has('WordDocument')) return 'doc';
    if (streams.has('Workbook') || streams.has('Book')) return 'xls';
  }
  return null;
}

/** The sentence a refused upload carries: what it seemed to be and what is accepted. */
export function refusedTypeMessage(content: SniffedContent): string {
  const seen =
    content.ext === undefined
      ? 'a kind of file that is not recognised'
      : content.ext === 'cfb'
        ? 'an Office compound file that is neither Word nor Excel (or is encrypted)'
        : `.${content.ext}`;
  const accepted = Object.values(ATTACHMENT_TYPES)
    .map((type) => type.label)
    .join(', ');
  return `the file is ${seen}; accepted are ${accepted} (judged from the content, not the name)`;
}
