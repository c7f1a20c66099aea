/** The platform does the routing (STYLE.md §4): each function's own config says where and how it runs. */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/fixtureSite';

interface FunctionConfig {
  path?: string | string[];
  method?: string | string[];
  schedule?: string;
  rateLimit?: { windowLimit: number; windowSize: number; aggregateBy?: string[] };
}

const dir = path.join(ROOT, 'netlify/functions');
const load = async (file: string) => ((await import(path.join(dir, file))) as { config: FunctionConfig }).config;
const FORM_ENDPOINTS = { 'intake.mts': '/api/intake', 'commitments.mts': '/api/commitments', 'responses.mts': '/api/responses', 'reflections.mts': '/api/reflections', 'stuck.mts': '/api/stuck' };

describe('the functions\' config', () => {
  it('gives every form endpoint its path, POST only, and a rate limit', async () => {
    for (const [file, endpoint] of Object.entries(FORM_ENDPOINTS)) {
      const config = await load(file);
      expect(config.path, file).toBe(endpoint);
      expect(config.method, file).toBe('POST');
      expect(config.rateLimit?.windowLimit, file).toBeGreaterThan(0);
      expect(config.rateLimit?.windowSize, file).toBeGreaterThan(0);
    }
  });

  it('answers every other method on /api/* with the method-not-allowed function, except the desk\'s own and the emailed links\'', async () => {
    const config = await load('method-not-allowed.mts') as FunctionConfig & { excludedPath?: string[] };
    expect(config.path).toBe('/api/*');
    expect(config.excludedPath).toEqual(['/api/coach/*', '/api/check-in', '/api/stop-reminders', '/api/comments', '/api/comments/*']);
    expect((await load('check-in.mts')).method).toEqual(['GET', 'POST']);
    expect(config.method).toEqual(expect.arrayContaining(['GET', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']));
    expect(config.method).not.toContain('POST');
  });

  it('gives comments one function: the form\'s POST, and GET for the pages the links in its emails open, with a rate limit', async () => {
    const config = await load('comments.mts');
    expect(config.path).toEqual(['/api/comments', '/api/comments/*']);
    expect(config.method).toEqual(['GET', 'POST']);
    expect(config.rateLimit?.windowLimit).toBeGreaterThan(0);
  });

  it('runs one scheduled function, every quarter hour, and no other', async () => {
    const scheduled: string[] = [];
    for (const file of readdirSync(dir)) if ((await load(file)).schedule) scheduled.push(file);
    expect(scheduled).toEqual(['scheduler.mts']);
    expect((await load('scheduler.mts')).schedule).toBe('*/15 * * * *');
  });

  it('serves pages only from the coach\'s desk, whose every answer needs a session (tests/integration/desk*.test.ts), and the client\'s own page, whose every answer needs their signed cookie (tests/integration/myPage.test.ts)', async () => {
    const PAGES: Record<string, RegExp> = { 'coach.mts': /^\/(api\/coach\/\*|coach(\/\*)?)$/, 'my.mts': /^\/my(\/\*)?$/ };
    for (const file of readdirSync(dir)) {
      const config = await load(file);
      const paths = [config.path ?? []].flat();
      const allowed = PAGES[file] ?? /^\/api\//;
      for (const route of paths) expect(route, file).toMatch(allowed);
    }
  });
});
