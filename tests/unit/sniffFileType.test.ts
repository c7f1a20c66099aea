import { describe, expect, it } from 'vitest';
import { UPLOAD_TYPES } from '#src/forms/uploads.ts';
import { contentTypeOf, sniffFileType } from '#server/uploads/sniffFileType.ts';
import { concat, docBytes, docxBytes, exeBytes, odtBytes, pdfBytes, textBytes } from '../support/documents';

const BOM = new Uint8Array([0xef, 0xbb, 0xbf]);

describe('sniffFileType', () => {
  it.each([
    { type: 'pdf', bytes: pdfBytes() },
    { type: 'rtf', bytes: textBytes('{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}} Hello}') },
    { type: 'doc', bytes: docBytes() },
    { type: 'txt', bytes: textBytes('Résumé\n\tLed a team of 12 — shipped on time.\r\n') },
    { type: 'txt', bytes: concat([BOM, textBytes('Résumé, saved by Notepad with a byte-order mark.')]) },
    { type: 'txt', bytes: textBytes('Skills: C++ < Rust; 3 < 4.\n') },
  ])('recognises a $type document by its first bytes', ({ type, bytes }) => {
    expect(sniffFileType(bytes)).toBe(type);
  });

  it('calls a .docx and an .odt a zip, leaving what is inside to the zip checks', async () => {
    expect(sniffFileType(await docxBytes())).toBe('zip');
    expect(sniffFileType(await odtBytes())).toBe('zip');
  });

  it.each([
    { what: 'an HTML page', text: '<!DOCTYPE html><html><body>Resume</body></html>' },
    { what: 'an HTML fragment after blank lines', text: '\n\n  <html><script>alert(1)</script>' },
    { what: 'a script tag', text: '<script>alert(1)</script>' },
    { what: 'an SVG image', text: '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>' },
    { what: 'an SVG image after an XML prolog', text: '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>' },
    { what: 'an SVG image after a comment', text: '<!-- exported by an editor -->\n<svg/>' },
    { what: 'an XML document', text: '<?xml version="1.0" encoding="UTF-8"?><resume><name>Ada</name></resume>' },
    { what: 'markup after zero-width characters', text: '\u200b\u2060<svg onload="alert(1)"/>' },
    { what: 'a PHP script', text: '<?php echo 1;' },
  ])('calls $what markup, with or without a byte-order mark', ({ text }) => {
    expect(sniffFileType(textBytes(text))).toBe('markup');
    expect(sniffFileType(concat([BOM, textBytes(text)]))).toBe('markup');
  });

  it.each([
    { what: 'an empty file', bytes: new Uint8Array() },
    { what: 'a Windows program', bytes: exeBytes() },
    { what: 'a shell script', bytes: textBytes('#!/bin/sh\necho hi\n') },
    { what: 'text with a NUL byte', bytes: new Uint8Array([0x48, 0x69, 0x00, 0x21]) },
    { what: 'bytes that are not UTF-8', bytes: new Uint8Array([0x52, 0xe9, 0x73, 0x75, 0x6d, 0xe9]) },
    { what: 'a PNG image', bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]) },
  ])('does not recognise $what', ({ bytes }) => {
    expect(sniffFileType(bytes)).toBeNull();
  });
});

describe('contentTypeOf', () => {
  it('gives each accepted type the content type the upload rules declare', () => {
    for (const upload of UPLOAD_TYPES) expect(contentTypeOf(upload.type)).toBe(upload.contentType);
  });
});
