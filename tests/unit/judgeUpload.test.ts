import { describe, expect, it } from 'vitest';
import { judgeUpload } from '#server/uploads/judgeUpload.ts';
import { MAX_UNZIPPED_BYTES, MAX_ZIP_ENTRIES } from '#server/uploads/zipBomb.ts';
import {
  concat, docBytes, docmBytes, docxBytes, lyingZipBytes, odtBytes, odtParts, pdfBytes, textBytes, wordParts, zipBytes,
} from '../support/documents';

async function accepted(name: string, bytes: Uint8Array) {
  const verdict = await judgeUpload({ name, bytes });
  if (!verdict.ok) throw new Error(`expected ${name} to be accepted, got ${verdict.error.reason}: ${verdict.error.message}`);
  return verdict.value;
}

async function refused(name: string, bytes: Uint8Array) {
  const verdict = await judgeUpload({ name, bytes });
  if (verdict.ok) throw new Error(`expected ${name} to be refused, but it was accepted as ${verdict.value.type}`);
  return verdict.error;
}

/** A PDF saved, then edited and saved again: an incremental update appends a second %%EOF. */
const editedPdf = () => concat([pdfBytes(), textBytes('4 0 obj << /Title (Edited) >> endobj\ntrailer << /Root 1 0 R /Prev 9 >>\n%%EOF\n')]);

describe('judgeUpload accepts', () => {
  it.each([
    { name: 'cv.pdf', type: 'pdf', bytes: async () => pdfBytes() },
    { name: 'cv.pdf', type: 'pdf', bytes: async () => editedPdf() },
    { name: 'cv.pdf', type: 'pdf', bytes: async () => concat([pdfBytes(), new Uint8Array([0x0d, 0x0a, 0x00, 0x00, 0x20])]) },
    { name: 'cv.docx', type: 'docx', bytes: () => docxBytes() },
    { name: 'CV.DOCX', type: 'docx', bytes: () => zipBytes(wordParts(), { comment: 'written by a word processor' }) },
    { name: 'cv.odt', type: 'odt', bytes: () => odtBytes() },
    { name: 'cv.odt', type: 'odt', bytes: () => odtBytes({ extra: [{ name: 'Basic/script-lc.xml', content: '<library:libraries/>' }, { name: 'Basic/Standard/script-lb.xml', content: '<library:library/>' }] }) },
    { name: 'cv.doc', type: 'doc', bytes: async () => docBytes() },
    { name: 'cv.rtf', type: 'rtf', bytes: async () => textBytes('{\\rtf1\\ansi Hello}') },
    { name: 'cv.txt', type: 'txt', bytes: async () => textBytes('Ada Lovelace\nAnalyst, 1843–\n') },
  ])('$name holding a real $type document ($#)', async ({ name, type, bytes }) => {
    expect(await accepted(name, await bytes())).toMatchObject({ type });
  });

  it('a document with pictures whose parts together stay under the unzipped limit', async () => {
    const picture = { name: 'word/media/image1.png', content: new Uint8Array(MAX_UNZIPPED_BYTES - 10_000) };

    expect(await accepted('cv.docx', await docxBytes({ extra: [picture] }))).toMatchObject({ type: 'docx' });
  });
});

describe('judgeUpload refuses', () => {
  it('a zero-byte file, with a message rather than silence', async () => {
    const refusal = await refused('cv.pdf', new Uint8Array());

    expect(refusal).toMatchObject({ reason: 'empty' });
    expect(refusal.message).toContain('“cv.pdf” is empty');
  });

  it('a file whose name says one type and whose bytes say another', async () => {
    const refusal = await refused('cv.docx', await odtBytes());

    expect(refusal).toMatchObject({ reason: 'misnamed' });
    expect(refusal.message).toContain('is really a ODT file');
  });

  describe('a PDF', () => {
    it('with another file appended after its last %%EOF', async () => {
      const refusal = await refused('cv.pdf', concat([editedPdf(), await zipBytes([{ name: 'run.js', content: 'alert(1)' }])]));

      expect(refusal).toMatchObject({ reason: 'pdf_data_after_eof' });
      expect(refusal.message).toContain('something else attached after the end of the PDF');
    });

    it('with text appended after its %%EOF', async () => {
      expect(await refused('cv.pdf', concat([pdfBytes(), textBytes('<script>alert(1)</script>')]))).toMatchObject({ reason: 'pdf_data_after_eof' });
    });

    it('with no %%EOF at all', async () => {
      expect(await refused('cv.pdf', textBytes('%PDF-1.4\n1 0 obj << >> endobj\n'))).toMatchObject({ reason: 'pdf_no_eof' });
    });
  });

  describe('a .txt that is really markup', () => {
    it.each([
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
      '\ufeff<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>',
      '<!doctype html><title>CV</title>',
      '<?xml version="1.0"?><cv/>',
    ])('%j', async (text) => {
      const refusal = await refused('cv.txt', textBytes(text));

      expect(refusal).toMatchObject({ reason: 'markup' });
      expect(refusal.message).toContain('HTML, SVG or XML');
    });
  });

  describe('a .docx or .odt that is not a whole document of its kind', () => {
    it.each(['[Content_Types].xml', '_rels/.rels', 'word/document.xml'])('a .docx without %s', async (part) => {
      const refusal = await refused('cv.docx', await docxBytes({ without: [part] }));

      expect(refusal).toMatchObject({ reason: 'incomplete_document' });
      expect(refusal.message).toContain('is not a complete Word document');
    });

    it('a spreadsheet named .docx', async () => {
      const xlsx = await zipBytes([
        { name: '[Content_Types].xml', content: '<Types><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>' },
        { name: '_rels/.rels', content: '<Relationships/>' },
        { name: 'xl/workbook.xml', content: '<workbook/>' },
      ]);

      expect(await refused('cv.docx', xlsx)).toMatchObject({ reason: 'incomplete_document' });
    });

    it.each(['content.xml', 'META-INF/manifest.xml', 'mimetype'])('an .odt without %s', async (part) => {
      const refusal = await refused('cv.odt', await odtBytes({ without: [part] }));

      expect(refusal).toMatchObject({ reason: 'incomplete_document' });
      expect(refusal.message).toContain('is not a complete OpenDocument text');
    });

    it('an OpenDocument spreadsheet named .odt', async () => {
      const [, ...rest] = odtParts();
      const ods = await zipBytes([{ name: 'mimetype', content: 'application/vnd.oasis.opendocument.spreadsheet', compress: false }, ...rest]);

      expect(await refused('cv.odt', ods)).toMatchObject({ reason: 'incomplete_document' });
    });

    it('an .odt whose mimetype is not its first part', async () => {
      const [mimetype, ...rest] = odtParts();

      expect(await refused('cv.odt', await zipBytes([...rest, mimetype!]))).toMatchObject({ reason: 'incomplete_document' });
    });

    it('a .docx whose content types part is padded past a megabyte, which is not read into memory', async () => {
      const [contentTypes, ...rest] = wordParts();
      const padded = { ...contentTypes!, content: `${contentTypes!.content as string}${' '.repeat(1024 * 1024)}` };

      expect(await refused('cv.docx', await zipBytes([padded, ...rest]))).toMatchObject({ reason: 'incomplete_document' });
    });

    it('a plain zip named .pdf, as a file of no type we take', async () => {
      expect(await refused('cv.pdf', await zipBytes([{ name: 'notes.txt', content: 'hello' }]))).toMatchObject({ reason: 'unknown_type' });
    });

    it('a damaged zip', async () => {
      const docx = await docxBytes();

      const refusal = await refused('cv.docx', docx.subarray(0, docx.length - 30));

      expect(refusal).toMatchObject({ reason: 'zip_unreadable' });
      expect(refusal.message).toContain('could not be opened');
    });
  });

  describe('a document with something executable inside', () => {
    it.each(['word/embeddings/setup.exe', 'word/helper.dll', 'install.ps1', 'word/media/run.js', 'macro.vbs', 'start.bat', 'Payload/run.sh', 'x.JS'])('a .docx holding %s', async (name) => {
      const refusal = await refused('cv.docx', await docxBytes({ extra: [{ name, content: 'echo hi' }] }));

      expect(refusal).toMatchObject({ reason: 'executable_inside' });
      expect(refusal.message).toContain('a program or script tucked inside it');
    });

    it('an .odt holding a program', async () => {
      expect(await refused('cv.odt', await odtBytes({ extra: [{ name: 'Pictures/update.exe', content: 'MZ' }] }))).toMatchObject({ reason: 'executable_inside' });
    });
  });

  describe('a document with macros', () => {
    it('a .docm renamed .docx', async () => {
      const refusal = await refused('cv.docx', await docmBytes());

      expect(refusal).toMatchObject({ reason: 'macros' });
      expect(refusal.message).toBe('“cv.docx” contains macros, which we do not accept for safety. Please save it as a plain .docx or a PDF and choose it again.');
    });

    it('a .docx carrying a vbaProject.bin', async () => {
      expect(await refused('cv.docx', await docxBytes({ extra: [{ name: 'word/vbaProject.bin', content: new Uint8Array(16) }] }))).toMatchObject({ reason: 'macros' });
    });

    it('a .docx whose content types declare macros', async () => {
      const parts = wordParts({ mainType: 'application/vnd.ms-word.document.macroEnabled.main+xml' });

      expect(await refused('cv.docx', await zipBytes(parts))).toMatchObject({ reason: 'macros' });
    });

    it.each(['Basic/Standard/Module1.xml', 'Scripts/python/hello.py', 'Scripts/javascript/Library/parcel-descriptor.xml'])('an .odt with %s', async (name) => {
      const refusal = await refused('cv.odt', await odtBytes({ extra: [{ name, content: '<script:module/>' }] }));

      expect(refusal).toMatchObject({ reason: 'macros' });
      expect(refusal.message).toContain('a plain .odt or a PDF');
    });
  });

  describe('a zip bomb', () => {
    it('on its declared sizes, before inflating: a part that claims more than the limit is refused though it holds little', async () => {
      // The part really holds 1 MB; if it were inflated and measured, it would pass.
      const bytes = await lyingZipBytes(wordParts(), 1_000_003, MAX_UNZIPPED_BYTES + 1);

      const refusal = await refused('cv.docx', bytes);

      expect(refusal).toMatchObject({ reason: 'zip_bomb' });
      expect(refusal.message).toContain('unpacks to far more than a Word document of its size could hold');
    });

    it('while inflating, when a part inflates past the size it declared', async () => {
      const bytes = await lyingZipBytes(wordParts(), 20_000_003, 1000);
      expect(bytes.length).toBeLessThan(100_000);

      expect(await refused('cv.docx', bytes)).toMatchObject({ reason: 'zip_bomb' });
    });

    it('when it has more parts than any document', async () => {
      const many = Array.from({ length: MAX_ZIP_ENTRIES }, (_, i) => ({ name: `word/media/image${i}.png`, content: 'x' }));

      expect(await refused('cv.docx', await docxBytes({ extra: many }))).toMatchObject({ reason: 'zip_bomb' });
    });
  });
});
