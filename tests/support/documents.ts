/** Small real documents (and non-documents) made in memory, for upload tests. */
import { ZipFile } from 'yazl';

const encoder = new TextEncoder();

/** A minimal one-page PDF, optionally padded with a comment to reach `size` bytes. */
export function pdfBytes(size?: number): Uint8Array {
  const body = [
    '%PDF-1.4',
    '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
    '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
    '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >> endobj',
    'trailer << /Root 1 0 R >>',
    '%%EOF',
    '',
  ].join('\n');
  const bytes = encoder.encode(body);
  if (size === undefined || size <= bytes.length) return bytes;
  const padded = new Uint8Array(size).fill(0x20);
  padded.set(bytes);
  padded[size - 1] = 0x0a;
  return padded;
}

export interface ZipPart {
  name: string;
  content: string | Uint8Array;
  /** Deflate it (the default), or store it as it is, as the "mimetype" of an .odt must be. */
  compress?: boolean;
}

/** A real ZIP archive, written by yazl (the writer that goes with the yauzl reader the server uses). */
export async function zipBytes(parts: ZipPart[], { comment = '' } = {}): Promise<Uint8Array> {
  const zip = new ZipFile();
  for (const part of parts) {
    const content = typeof part.content === 'string' ? Buffer.from(part.content) : Buffer.from(part.content.buffer, part.content.byteOffset, part.content.byteLength);
    zip.addBuffer(content, part.name, { compress: part.compress ?? true, mtime: new Date('2026-01-05T10:00:00Z') });
  }
  zip.end({ comment, forceZip64Format: false });
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
const WORD_MAIN = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml';
const DOCM_MAIN = 'application/vnd.ms-word.document.macroEnabled.main+xml';

/** The parts of a one-paragraph Word document, as Word writes them. */
export function wordParts({ mainType = WORD_MAIN } = {}): ZipPart[] {
  return [
    {
      name: '[Content_Types].xml',
      content: `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="${mainType}"/></Types>`,
    },
    {
      name: '_rels/.rels',
      content: `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
    },
    {
      name: 'word/document.xml',
      content: `${XML}<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Ada Lovelace, analyst.</w:t></w:r></w:p></w:body></w:document>`,
    },
  ];
}

/** A small real .docx, with any extra parts added and any named parts left out. */
export function docxBytes({ extra = [], without = [] }: { extra?: ZipPart[]; without?: string[] } = {}): Promise<Uint8Array> {
  return zipBytes([...wordParts().filter((part) => !without.includes(part.name)), ...extra]);
}

/** A macro-enabled Word document (.docm): its content types say so and it carries a VBA project. */
export function docmBytes(): Promise<Uint8Array> {
  const parts = wordParts({ mainType: DOCM_MAIN });
  parts[0]!.content = (parts[0]!.content as string).replace('</Types>', '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>');
  return zipBytes([...parts, { name: 'word/vbaProject.bin', content: new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]) }]);
}

/** The parts of a one-paragraph OpenDocument text, in the order LibreOffice writes them. */
export function odtParts(): ZipPart[] {
  const manifest = (path: string, type: string) => `<manifest:file-entry manifest:full-path="${path}" manifest:media-type="${type}"/>`;
  return [
    { name: 'mimetype', content: 'application/vnd.oasis.opendocument.text', compress: false },
    {
      name: 'content.xml',
      content: `${XML}<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3"><office:body><office:text><text:p>Ada Lovelace, analyst.</text:p></office:text></office:body></office:document-content>`,
    },
    {
      name: 'META-INF/manifest.xml',
      content: `${XML}<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">${manifest('/', 'application/vnd.oasis.opendocument.text')}${manifest('content.xml', 'text/xml')}</manifest:manifest>`,
    },
  ];
}

/** A small real .odt, with any extra parts added and any named parts left out. */
export function odtBytes({ extra = [], without = [] }: { extra?: ZipPart[]; without?: string[] } = {}): Promise<Uint8Array> {
  return zipBytes([...odtParts().filter((part) => !without.includes(part.name)), ...extra]);
}

/**
 * A zip whose directory lies about one part's size: the part really inflates to `actual`
 * bytes (zeros, which deflate to almost nothing) but both its headers claim `declared`.
 * The true size is written with a value unlikely to occur anywhere else, then replaced.
 */
export async function lyingZipBytes(parts: ZipPart[], actual: number, declared: number): Promise<Uint8Array> {
  const zip = await zipBytes([...parts, { name: 'word/media/image1.png', content: new Uint8Array(actual) }]);
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let replaced = 0;
  for (let at = 0; at + 4 <= zip.length; at++) {
    if (view.getUint32(at, true) === actual) {
      view.setUint32(at, declared, true);
      replaced++;
    }
  }
  // Once in the local header, once in the central directory.
  if (replaced !== 2) throw new Error(`expected the size twice in the zip, found it ${replaced} times`);
  return zip;
}

/** The start of a Windows executable: "MZ", then binary header bytes. */
export const exeBytes = () => concat([encoder.encode('MZ'), new Uint8Array([0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00])]);

/** The header of an OLE2 compound file, which is what a Word 97–2003 .doc is. */
export const docBytes = () => concat([new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), new Uint8Array(504)]);

export const textBytes = (text: string) => encoder.encode(text);

export function concat(parts: Uint8Array[]): Uint8Array {
  const result = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const part of parts) {
    result.set(part, at);
    at += part.length;
  }
  return result;
}

/** A browser File from bytes. */
export const fileOf = (bytes: Uint8Array, name: string, type = 'application/octet-stream') => new File([bytes as BlobPart], name, { type });
