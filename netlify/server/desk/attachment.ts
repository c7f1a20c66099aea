/**
 * Files the desk hands out are downloads, never pages: `attachment`, the type they were stored
 * with, no sniffing, never cached. Names are reduced to letters, digits, dot, dash and
 * underscore, so no quote, slash or line break reaches the header.
 */
import { PRIVATE_HEADERS } from '../web/privatePage.ts';

export function attachmentName(name: string, fallback = 'file'): string {
  const safe = name.normalize('NFKD').replace(/[^\w.-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 120);
  return safe || fallback;
}

export function attachmentHeaders(name: string, contentType: string): Record<string, string> {
  return {
    ...PRIVATE_HEADERS,
    'Content-Type': contentType,
    'Content-Disposition': `attachment; filename="${attachmentName(name)}"`,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  };
}
