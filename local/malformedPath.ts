/**
 * A request whose path is not valid percent-encoding (`/%E0%A4%A`) is the client's mistake: both
 * local servers answer it with a plain 400 and the security headers, never the 500 and stack
 * trace (with this machine's absolute paths) that decoding it would otherwise throw.
 */
import { SECURITY_HEADERS } from '#server/web/securityHeaders.ts';

/** Whether a request path (as sent, still percent-encoded) fails to decode. */
export function isMalformedPath(rawPath: string): boolean {
  try {
    decodeURIComponent(rawPath.split('?')[0]!);
    return false;
  } catch {
    return true;
  }
}

export function malformedPathResponse(): Response {
  return new Response('Bad request: the address is not valid.\n', {
    status: 400,
    headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}
