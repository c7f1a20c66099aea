/**
 * The words a client reads when an upload is refused: what is wrong with the file they chose,
 * in terms they know, and what to do instead. Each names the file, as the page lists problems
 * by field and the client may have chosen two.
 */
import { UPLOAD_HELP, type UploadType } from '#src/forms/uploads.ts';
import type { ZipProblem } from './zipDocument.ts';

/** How the client thinks of the document they meant to send, from its name. */
function kindOf(extension: string): string {
  if (extension === 'docx') return 'Word document';
  if (extension === 'odt') return 'OpenDocument text';
  return 'document';
}
/** What to save it as instead: the same kind, made plain, or a PDF. */
function saferCopy(extension: string): string {
  return extension === 'docx' || extension === 'odt' ? `a plain .${extension} or a PDF` : 'a PDF';
}

export interface RefusedFile {
  name: string;
  /** The extension of its name, lowercase. */
  extension: string;
  /** What its bytes showed it really is, once known. */
  type: UploadType | null;
}

type Message = (file: RefusedFile) => string;

export const REFUSALS = {
  empty: ({ name }) =>
    `“${name}” is empty (0 bytes), so there is nothing in it to read. Please check it opens on your computer, save it again if not, and choose it again.`,
  unknown_type: ({ name }) =>
    `“${name}” does not look like a PDF, Word, OpenDocument, RTF or plain text document. Please choose another file. ${UPLOAD_HELP}`,
  misnamed: ({ name, extension, type }) =>
    `“${name}” is named .${extension} but is really a ${String(type).toUpperCase()} file. Please rename it or choose another file.`,
  markup: ({ name }) =>
    `“${name}” is a web page or image file (HTML, SVG or XML) rather than plain text, which we do not accept for safety. Please save your document as a PDF or as plain text and choose it again.`,
  pdf_no_eof: ({ name }) =>
    `“${name}” looks incomplete: it stops before the end a PDF should have. Please save or print it to PDF again and choose the new file.`,
  pdf_data_after_eof: ({ name }) =>
    `“${name}” has something else attached after the end of the PDF, which we do not accept for safety. Please save or print it to a new PDF and choose that one.`,
  incomplete_document: ({ name, extension }) =>
    `“${name}” is not a complete ${kindOf(extension)}: parts every such file has are missing. Please save it again from your word processor, or as a PDF, and choose it again.`,
  zip_unreadable: ({ name, extension }) =>
    `“${name}” could not be opened: it may be damaged or protected with a password. Please save it again as ${saferCopy(extension)}, without a password, and choose it again.`,
  zip_bomb: ({ name, extension }) =>
    `“${name}” unpacks to far more than a ${kindOf(extension)} of its size could hold, which we do not accept for safety. Please save it again as ${saferCopy(extension)} and choose it again.`,
  macros: ({ name, extension }) =>
    `“${name}” contains macros, which we do not accept for safety. Please save it as ${saferCopy(extension)} and choose it again.`,
  executable_inside: ({ name, extension }) =>
    `“${name}” has a program or script tucked inside it, which we do not accept for safety. Please save it again as ${saferCopy(extension)} and choose it again.`,
} as const satisfies Record<ZipProblem, Message> & Record<string, Message>;

export type RefusalReason = keyof typeof REFUSALS;
