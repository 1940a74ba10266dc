import { Document, Packer, Paragraph } from 'docx';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import sharp from 'sharp';

/** Small files of every accepted kind (and some refused ones), made here rather than kept as binaries. */

/** A JPEG photo whose EXIF carries a GPS location (as a phone writes it). */
export function jpegWithGps(width = 640, height = 480): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 80, b: 40 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'DubanPhone' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '39/1 36/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '109/1 46/1 0/1' },
    })
    .toBuffer();
}

export const png = (): Promise<Buffer> =>
  sharp({ create: { width: 40, height: 30, channels: 4, background: '#00ff0080' } })
    .png()
    .toBuffer();
export const webp = (): Promise<Buffer> =>
  sharp({ create: { width: 40, height: 30, channels: 3, background: '#0000ff' } })
    .webp()
    .toBuffer();

/** The head of a HEIC photo (an ISO-BMFF `ftyp` box of brand heic): recognised, not decodable. */
export function heicHead(): Buffer {
  const ftyp = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic', 'latin1'), Buffer.from([0, 0, 0, 0]), Buffer.from('mif1heic', 'latin1')]);
  return Buffer.concat([ftyp, Buffer.alloc(2000, 1)]);
}

export function pdf(): Buffer {
  return Buffer.from(
    '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
    'latin1',
  );
}

export const docx = (): Promise<Buffer> => Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('验收报告')] }] }));

export async function xlsx(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('台账').addRow(['序号', '工作任务']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A legacy Office compound file naming `stream` (WordDocument for .doc, Workbook for .xls) in its directory. */
export function compoundFile(stream: 'WordDocument' | 'Workbook' | 'Other'): Buffer {
  const header = Buffer.alloc(512);
  Buffer.from('d0cf11e0a1b11ae1', 'hex').copy(header, 0);
  header.writeUInt16LE(0x003e, 0x18);
  header.writeUInt16LE(0x0003, 0x1a);
  header.writeUInt16LE(0xfffe, 0x1c);
  header.writeUInt16LE(9, 0x1e);
  const directory = Buffer.alloc(512);
  Buffer.from('Root Entry', 'utf16le').copy(directory, 0);
  Buffer.from(stream, 'utf16le').copy(directory, 128);
  return Buffer.concat([header, directory, Buffer.alloc(1024)]);
}

async function zipOf(files: Record<string, string>): Promise<Buffer> {
  const zip = new JSZip();
  for (const [name, content] of Object.entries(files)) zip.file(name, content);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** An OFD (the Chinese fixed-layout format): a ZIP with OFD.xml at its root. */
export const ofd = (): Promise<Buffer> => zipOf({ 'OFD.xml': '<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"/>', 'Doc_0/Document.xml': '<ofd:Document/>' });
export const zip = (): Promise<Buffer> => zipOf({ '照片/说明.txt': '现场照片' });

export const html = (): Buffer => Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>');
export const exe = (): Buffer => Buffer.concat([Buffer.from('MZ', 'latin1'), Buffer.alloc(200, 0x90)]);

/** `size` bytes that no sniffer recognises as an accepted type … unless `head` gives them one. */
export function bytesOf(size: number, head: Buffer = Buffer.alloc(0), fill = 7): Buffer {
  const bytes = Buffer.alloc(size, fill);
  head.copy(bytes, 0);
  return bytes;
}
