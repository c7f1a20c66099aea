/**
 * Netlify's runtime, emulated on one machine with no account and no network: a real blobs
 * server, the functions in netlify/functions routed by their own `config.path` and
 * `config.method`, scheduled functions on their `config.schedule`, and the local outbox
 * pages. Used by `npm start` (inside Astro's dev server) and `npm run preview` (serving dist/).
 * See docs/decisions/003-local-netlify-emulation.md.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { getStore } from '@netlify/blobs';
import { Cron } from 'croner';
import { setLocalClock } from '#server/localClock.ts';
import { setLocalMailer } from '#server/mail/localMailer.ts';
import { OUTBOX_CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from '#server/web/securityHeaders.ts';
import { startLocalBlobs, type LocalBlobs } from './blobs.ts';
import { refuseCrossSite } from './devGuard.ts';
import { FAULT_MODES, type FaultMode } from './faultProxy.ts';
import { createOutboxMailer, OUTBOX_STORE, readOutbox } from './outboxMailer.ts';
import { renderOutboxPage } from './outboxPage.ts';

type Handler = (req: Request, context: unknown) => Response | Promise<Response>;
interface FunctionConfig {
  path?: string | string[];
  excludedPath?: string | string[];
  method?: string | string[];
  schedule?: string;
}
interface FunctionModule {
  default: Handler;
  config?: FunctionConfig;
}
export type LoadModule = (file: string) => Promise<FunctionModule>;

export interface LocalRuntimeOptions {
  root: string;
  /** Where the blobs server keeps its files (git-ignored). */
  dataDir: string;
  /** The origin the site is served on, for links in emails. */
  siteUrl: string;
  /** How a function file is loaded: Vite's loader in dev (reloads on change), import() otherwise. */
  loadModule?: LoadModule;
  /** Run scheduled functions on their schedule (off for one-shot commands and tests). */
  schedule?: boolean;
  /** The functions' clock, when it is not the system's (`npm run jobs -- --at …`). */
  clock?: () => Date;
  /** Read the project's .env file into process.env first (off in tests). */
  loadDotEnv?: boolean;
  /** Put a switchable fault proxy in front of the blob store, controlled at /dev/faults. */
  faults?: boolean;
  log?: (line: string) => void;
}

export interface LocalRuntime {
  /** Answers a request for a function or a /dev/ page; null when the site should answer it. */
  handle(req: Request): Promise<Response | null>;
  /** Resolves once the work functions handed to `context.waitUntil` has finished (emails after an answer). */
  idle(): Promise<void>;
  /** Runs every scheduled function once, now on the runtime's clock; returns their answers by name. */
  runScheduled(): Promise<Record<string, unknown>>;
  blobs: LocalBlobs;
  close(): Promise<void>;
}

/** Development values for anything the environment does not set, so `npm start` works with no set-up. */
async function applyLocalDefaults(dataDir: string, siteUrl: string): Promise<string[]> {
  const secretFile = path.join(dataDir, 'signing-secret');
  if (!existsSync(secretFile)) {
    await mkdir(dataDir, { recursive: true });
    await writeFile(secretFile, randomBytes(32).toString('hex'), { mode: 0o600 });
  }
  // Whoever can read it can forge every emailed link: its owner only, even if made looser before.
  await chmod(secretFile, 0o600);
  const defaults: Record<string, string> = {
    COACH_EMAIL: 'coach@unstuck.localhost',
    FROM_EMAIL: 'Unstuck <hello@unstuck.localhost>',
    SITE_URL: siteUrl,
    SIGNING_SECRET: (await readFile(secretFile, 'utf8')).trim(),
  };
  const applied: string[] = [];
  for (const [name, value] of Object.entries(defaults)) {
    if (!process.env[name]) {
      process.env[name] = value;
      applied.push(name);
    }
  }
  return applied;
}

/** Where functions answer (their config.path); every other path is the site's, and is not looked up. */
const FUNCTION_PREFIXES = ['/api/', '/.netlify/functions/', '/coach/', '/my/'];

/** Netlify's path syntax as used here: exact paths and a trailing `*`. */
function matchesPath(pattern: string, pathname: string): boolean {
  if (pattern.endsWith('*')) return pathname.startsWith(pattern.slice(0, -1));
  return pathname === pattern || pathname === `${pattern}/`;
}

const asList = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/**
 * The parts of Netlify's Context the functions may touch. `waitUntil` keeps work going after
 * the answer, as on Netlify; the runtime tracks it so the outbox and tests can wait for it.
 */
function contextFor(req: Request, waitUntil: (promise: Promise<unknown>) => void) {
  return {
    waitUntil,
    ip: req.headers.get('x-forwarded-for') ?? '127.0.0.1',
    requestId: randomBytes(8).toString('hex'),
    geo: {},
    site: { id: 'unstuck-local', name: 'unstuck-local', url: new URL(req.url).origin },
    deploy: { context: 'dev', id: 'local', published: false },
    server: { region: 'local' },
    params: {},
  };
}

export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const log = options.log ?? ((line: string) => console.log(line));
  const load: LoadModule = options.loadModule ?? ((file) => import(file) as Promise<FunctionModule>);
  const dotEnv = path.join(options.root, '.env');
  if ((options.loadDotEnv ?? true) && existsSync(dotEnv)) process.loadEnvFile(dotEnv);
  const faults = options.faults ?? process.env.UNSTUCK_FAULTS === '1';
  const blobs = await startLocalBlobs(path.join(options.dataDir, 'blobs'), { faults });
  process.env.NETLIFY_BLOBS_CONTEXT = blobs.context;
  const defaulted = await applyLocalDefaults(options.dataDir, options.siteUrl);
  const outbox = () => getStore({ name: OUTBOX_STORE, consistency: 'strong' });
  // Only here, on this machine, may email go anywhere but Resend: the functions use this
  // outbox while RESEND_API_KEY is unset (empty counts as unset).
  // The functions read this clock instead of the system's; only ever set here, on this machine.
  setLocalClock(options.clock);
  setLocalMailer(createOutboxMailer(outbox(), options.clock));
  if (!process.env.RESEND_API_KEY?.trim()) {
    log(`[unstuck] No RESEND_API_KEY: emails go to the local outbox at ${options.siteUrl}/dev/outbox`);
  }
  if (defaulted.length > 0) log(`[unstuck] Using local development values for ${defaulted.join(', ')} (see .env.example)`);

  const functionsDir = path.join(options.root, 'netlify/functions');
  const files = (await readdir(functionsDir)).filter((f) => /\.m?[jt]s$/.test(f)).sort();
  const loadAll = async () =>
    Promise.all(files.map(async (file) => ({ name: file.replace(/\.m?[jt]s$/, ''), module: await load(path.join(functionsDir, file)) })));

  // Exact paths win over wildcards, as on Netlify.
  const routeOrder = (config: FunctionConfig | undefined) => (asList(config?.path).some((p) => p.endsWith('*')) ? 1 : 0);

  const jobs: Cron[] = [];
  if (options.schedule) {
    for (const { name, module } of await loadAll()) {
      if (!module.config?.schedule) continue;
      jobs.push(
        new Cron(module.config.schedule, { protect: true }, async () => {
          const fresh = (await loadAll()).find((f) => f.name === name)!;
          const response = await fresh.module.default(new Request(`${options.siteUrl}/.netlify/functions/${name}`, { method: 'POST' }), contextFor(new Request(options.siteUrl), waitUntil));
          log(`[unstuck] scheduled ${name}: ${response.status} ${await response.text()}`);
        }),
      );
    }
  }

  const background = new Set<Promise<unknown>>();
  const waitUntil = (promise: Promise<unknown>) => {
    const tracked: Promise<unknown> = promise
      .catch((error: unknown) => log(`[unstuck] background work failed: ${error instanceof Error ? error.name : typeof error}`))
      .finally(() => background.delete(tracked));
    background.add(tracked);
  };
  const idle = async () => {
    while (background.size > 0) await Promise.allSettled([...background]);
  };

  return {
    blobs,
    idle,
    async handle(req) {
      const refused = refuseCrossSite(req);
      if (refused) return refused;
      const { pathname } = new URL(req.url);
      // The outbox shows what was sent: let sends that follow an answer finish first.
      if (pathname.startsWith('/dev/outbox')) await idle();
      if (pathname === '/dev/outbox.json') {
        return new Response(JSON.stringify(await readOutbox(outbox()), null, 2), {
          headers: { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
        });
      }
      if (pathname === '/dev/faults' && blobs.faults) {
        // POST blobs=unavailable|hang|reset|none: how the blob store behaves from now on.
        if (req.method === 'POST') {
          const mode = new URLSearchParams(await req.text()).get('blobs');
          if (!FAULT_MODES.includes(mode as FaultMode)) return new Response(`blobs must be one of ${FAULT_MODES.join(', ')}`, { status: 400, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });
          blobs.faults.mode = mode as FaultMode;
        }
        return new Response(JSON.stringify({ blobs: blobs.faults.mode }), { headers: { ...SECURITY_HEADERS, 'Content-Type': 'application/json' } });
      }
      if (pathname === '/dev/outbox' || pathname === '/dev/outbox/') {
        return new Response(renderOutboxPage(await readOutbox(outbox())), {
          headers: {
            ...SECURITY_HEADERS,
            'Content-Security-Policy': OUTBOX_CONTENT_SECURITY_POLICY,
            'Content-Type': 'text/html; charset=utf-8',
            'Cache-Control': 'no-store',
          },
        });
      }
      if (!FUNCTION_PREFIXES.some((prefix) => pathname === prefix.slice(0, -1) || pathname.startsWith(prefix))) return null;
      const routes = (await loadAll())
        .filter(({ module }) => module.config?.path)
        .sort((a, b) => routeOrder(a.module.config) - routeOrder(b.module.config));
      for (const { module } of routes) {
        const config = module.config!;
        if (!asList(config.path).some((p) => matchesPath(p, pathname))) continue;
        if (asList(config.excludedPath).some((p) => matchesPath(p, pathname))) continue;
        const methods = asList(config.method);
        // Netlify answers HEAD with the GET route.
        if (methods.length > 0 && !methods.includes(req.method === 'HEAD' ? 'GET' : req.method)) continue;
        return module.default(req, contextFor(req, waitUntil));
      }
      return null;
    },
    async runScheduled() {
      const results: Record<string, unknown> = {};
      for (const { name, module } of await loadAll()) {
        if (!module.config?.schedule) continue;
        const response = await module.default(new Request(`${options.siteUrl}/.netlify/functions/${name}`, { method: 'POST' }), contextFor(new Request(options.siteUrl), waitUntil));
        await idle();
        const text = await response.text();
        try {
          results[name] = JSON.parse(text);
        } catch {
          results[name] = text;
        }
      }
      return results;
    },
    async close() {
      setLocalMailer(undefined);
      setLocalClock(undefined);
      for (const job of jobs) job.stop();
      await idle();
      await blobs.stop();
    },
  };
}
