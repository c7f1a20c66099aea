/**
 * Decides whether an uploaded file is a document we keep, from its bytes: what it really is,
 * whether its name says the same, and whether it carries anything it should not (macros,
 * programs, a zip bomb, another file after a PDF, markup posing as text). The one entry point;
 * each check lives in its own module beside this one.
 */
import { extensionOf, type UploadType } from '#src/forms/uploads.ts';
import { fail, ok, type Result } from '../result.ts';
import { contentTypeOf, sniffFileType } from './sniffFileType.ts';
import { pdfEnding } from './pdfEnding.ts';
import { REFUSALS, type RefusalReason } from './refusals.ts';
import { inspectZipDocument } from './zipDocument.ts';

export interface Refusal {
  reason: RefusalReason;
  /** A sentence for the client, naming the file. */
  message: string;
}

export interface AcceptedUpload {
  type: UploadType;
  contentType: string;
}

export async function judgeUpload(file: { name: string; bytes: Uint8Array }): Promise<Result<AcceptedUpload, Refusal>> {
  const extension = extensionOf(file.name);
  const refuse = (reason: RefusalReason, type: UploadType | null = null) =>
    fail<Refusal>({ reason, message: REFUSALS[reason]({ name: file.name, extension, type }) });

  if (file.bytes.length === 0) return refuse('empty');
  const sniffed = sniffFileType(file.bytes);
  if (sniffed === null) return refuse('unknown_type');
  if (sniffed === 'markup') return refuse('markup');

  let type: UploadType;
  if (sniffed === 'zip') {
    const document = await inspectZipDocument(file.bytes);
    if (!document.ok) return refuse(document.error);
    if (document.value === null) return refuse(extension === 'docx' || extension === 'odt' ? 'incomplete_document' : 'unknown_type');
    type = document.value;
  } else {
    type = sniffed;
  }
  if (extension !== type) return refuse('misnamed', type);

  if (type === 'pdf') {
    const ending = pdfEnding(file.bytes);
    if (ending !== 'clean') return refuse(`pdf_${ending}`);
  }
  return ok({ type, contentType: contentTypeOf(type) });
}
