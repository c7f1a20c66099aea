import type { UploadLike } from './fields.ts';

/** What the forms accept as a file: a resume or cover letter in the intake, evidence with a check-in. */
export const UPLOAD_TYPES = [
  { type: 'pdf', label: 'PDF', extensions: ['pdf'], contentType: 'application/pdf' },
  {
    type: 'docx',
    label: 'Word (.docx)',
    extensions: ['docx'],
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  },
  { type: 'doc', label: 'Word 97–2003 (.doc)', extensions: ['doc'], contentType: 'application/msword' },
  { type: 'odt', label: 'OpenDocument (.odt)', extensions: ['odt'], contentType: 'application/vnd.oasis.opendocument.text' },
  { type: 'rtf', label: 'Rich text (.rtf)', extensions: ['rtf'], contentType: 'application/rtf' },
  { type: 'txt', label: 'Plain text (.txt)', extensions: ['txt'], contentType: 'text/plain; charset=utf-8' },
] as const;

export type UploadType = (typeof UPLOAD_TYPES)[number]['type'];

export const MAX_FILE_BYTES = 4 * 1024 * 1024;
export const MAX_TOTAL_UPLOAD_BYTES = 5 * 1024 * 1024;

/** For the file input's accept attribute. */
export const UPLOAD_ACCEPT = UPLOAD_TYPES.flatMap((t) => t.extensions.map((ext) => `.${ext}`)).join(',');

export const UPLOAD_HELP = `${UPLOAD_TYPES.map((t) => t.label).join(', ')}. Up to 4 MB each, 5 MB together.`;

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** The extension of a file name, lowercase, without the dot. */
export function extensionOf(fileName: string): string {
  const match = /\.([a-z0-9]+)$/i.exec(fileName);
  return match ? match[1]!.toLowerCase() : '';
}

const ALLOWED_EXTENSIONS = new Set<string>(UPLOAD_TYPES.flatMap((t) => t.extensions));

/** What is wrong with a chosen file by its name and size, before its bytes are judged (netlify/server/uploads/judgeUpload.ts). */
export function uploadProblem(file: UploadLike | undefined): string | undefined {
  if (!file) return undefined;
  if (!ALLOWED_EXTENSIONS.has(extensionOf(file.name))) return `“${file.name}” is not a file type I can accept. ${UPLOAD_HELP}`;
  if (file.size > MAX_FILE_BYTES) return `“${file.name}” is ${formatBytes(file.size)}; each file can be up to 4 MB.`;
  return undefined;
}
