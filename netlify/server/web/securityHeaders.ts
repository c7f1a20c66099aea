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

/**
 * The search page runs Pagefind, which compiles WebAssembly: its policy alone allows that
 * ('wasm-unsafe-eval' allows WebAssembly, never eval of JavaScript). Pagefind runs on the page's
 * own thread there (src/scripts/search.ts), so no worker needs a policy of its own.
 */
export const SEARCH_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'");

/**
 * Headers by path, in the order of dist/_headers: where two rules match a path and name the same
 * header, the later one's value is the one sent, so every answer has exactly one policy. That is
 * how Netlify's own header matching merges rules (headersForPath in netlify/primitives); see
 * docs/decisions/009-search-and-pagination.md for why the search page relies on it.
 */
export const HEADER_RULES: readonly { path: string; headers: Readonly<Record<string, string>> }[] = [
  { path: '/*', headers: SECURITY_HEADERS },
  { path: '/search/*', headers: { 'Content-Security-Policy': SEARCH_CONTENT_SECURITY_POLICY } },
];

/** A _headers path pattern as Netlify reads it: `*` alone matches the rest of the path (or nothing), `:name` one segment. */
function pathPattern(rule: string): RegExp {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const parts = rule.split('/').filter(Boolean).map((part) => (part === '*' ? '?(.*)' : part.startsWith(':') ? '([^/]+)' : escape(part)));
  return new RegExp(`^/${parts.join('/')}/?$`, 'iu');
}

/** The headers a static file at `pathname` is served with, rule by rule, later rules winning. */
export function headersForPath(pathname: string): Record<string, string> {
  return Object.assign({}, ...HEADER_RULES.filter(({ path }) => pathPattern(path).test(pathname)).map(({ headers }) => headers));
}

/** Netlify's _headers file format: a path pattern, then indented "Name: value" lines; rules apart by a blank line. */
export function netlifyHeadersFile(): string {
  return HEADER_RULES.map(({ path, headers }) => [path, ...Object.entries(headers).map(([name, value]) => `  ${name}: ${value}`), ''].join('\n')).join('\n');
}

/** The local outbox shows each email's HTML in a sandboxed frame; email HTML needs inline styles. */
export const OUTBOX_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'").replace(
  "default-src 'self'",
  "default-src 'self'; frame-src 'self'",
);
