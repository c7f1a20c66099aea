import { describe, expect, it } from 'vitest';
import { UPLOAD_TYPES } from '../../src/forms/uploads';
import { contentTypeOf, sniffFileType } from '../../netlify/server/sniffFileType';
import { docBytes, docxBytes, exeBytes, odtBytes, pdfBytes, textBytes, zipBytes } from '../support/documents';

describe('sniffFileType', () => {
  it.each([
    { type: 'pdf', bytes: pdfBytes() },
    { type: 'rtf', bytes: textBytes('{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}} Hello}') },
    { type: 'doc', bytes: docBytes() },
    { type: 'odt', bytes: odtBytes() },
    { type: 'docx', bytes: docxBytes() },
    { type: 'txt', bytes: textBytes('Résumé\n\tLed a team of 12 — shipped on time.\r\n') },
  ])('recognises a $type document by its bytes', ({ type, bytes }) => {
    expect(sniffFileType(bytes)).toBe(type);
  });

  it.each([
    { what: 'an empty file', bytes: new Uint8Array() },
    { what: 'a Windows program', bytes: exeBytes() },
    { what: 'a ZIP archive', bytes: zipBytes([{ name: 'notes.txt', content: 'hello' }]) },
    { what: 'a spreadsheet (an Office ZIP without word/)', bytes: zipBytes([{ name: '[Content_Types].xml', content: '<Types/>' }, { name: 'xl/workbook.xml', content: '<workbook/>' }]) },
    { what: 'a shell script', bytes: textBytes('#!/bin/sh\necho hi\n') },
    { what: 'a PHP script', bytes: textBytes('<?php echo 1;') },
    { what: 'an HTML page', bytes: textBytes('<!DOCTYPE html><html><body>Resume</body></html>') },
    { what: 'an HTML fragment after blank lines', bytes: textBytes('\n\n  <html><script>alert(1)</script>') },
    { what: 'a script tag', bytes: textBytes('<script>alert(1)</script>') },
    { what: 'an SVG image', bytes: textBytes('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>') },
    { what: 'text with a NUL byte', bytes: new Uint8Array([0x48, 0x69, 0x00, 0x21]) },
    { what: 'bytes that are not UTF-8', bytes: new Uint8Array([0x52, 0xe9, 0x73, 0x75, 0x6d, 0xe9]) },
    { what: 'a PNG image', bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]) },
  ])('refuses $what', ({ bytes }) => {
    expect(sniffFileType(bytes)).toBeNull();
  });

  it('reads a ZIP’s entries from the end, so a docx with a trailing comment is still a docx', () => {
    const docx = docxBytes();
    const withComment = new Uint8Array(docx.length + 5);
    withComment.set(docx);
    withComment.set(textBytes('hello'), docx.length);
    new DataView(withComment.buffer).setUint16(docx.length - 2, 5, true);

    expect(sniffFileType(withComment)).toBe('docx');
  });
});

describe('contentTypeOf', () => {
  it('gives each accepted type the content type the upload rules declare', () => {
    for (const upload of UPLOAD_TYPES) expect(contentTypeOf(upload.type)).toBe(upload.contentType);
  });
});
