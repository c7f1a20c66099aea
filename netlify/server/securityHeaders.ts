/**
 * The security headers every answer carries: static pages (written to dist/_headers for
 * Netlify by integrations/securityHeaders.ts), function answers (respond.ts), and both local
 * servers. One list, so they cannot drift apart.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "object-src 'none'",
].join('; ');

export const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
  'X-Frame-Options': 'DENY',
  'Strict-Transport-Security': 'max-age=63072000; includeSubDomains; preload',
  'Cross-Origin-Opener-Policy': 'same-origin',
} as const;

/** Netlify's _headers file format: a path pattern, then indented "Name: value" lines. */
export function netlifyHeadersFile(): string {
  return ['/*', ...Object.entries(SECURITY_HEADERS).map(([name, value]) => `  ${name}: ${value}`), ''].join('\n');
}

/** The local outbox shows each email's HTML in a sandboxed frame; email HTML needs inline styles. */
export const OUTBOX_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'").replace(
  "default-src 'self'",
  "default-src 'self'; frame-src 'self'",
);
