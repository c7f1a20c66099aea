/**
 * `npm run jobs`: runs the scheduler's due tasks once, now, against the local blob store (the
 * same folder `npm start` uses), and prints what each did. `npm run jobs -- --at
 * 2026-12-01T13:05:00Z` runs them as if it were that moment (the clock then moves on from there
 * at its usual pace), so the daily notes and the retries can be tried without waiting a day.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { fail, ok, type Result } from '#server/result.ts';
import { startLocalRuntime } from './runtime.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const USAGE = 'Usage: npm run jobs [-- --at 2026-12-01T13:05:00Z]';

/** A moment with its date, time and zone all written out: 2026-12-01T13:05:00Z, 2026-12-01T07:05-06:00. */
const MOMENT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** The moment `--at` names, or why it does not name one. */
export function parseMoment(text: string): Result<Date, string> {
  const match = MOMENT.exec(text);
  const refused = fail(`--at needs a date, a time and a time zone, like 2026-12-01T13:05:00Z or 2026-12-01T07:05:00-06:00; "${text}" is not one.`);
  if (!match) return refused;
  const [year, month, day, hour, minute] = match.slice(1, 6).map(Number) as [number, number, number, number, number];
  // Date.parse rolls 2026-02-30 over into March; a day that does not exist is refused instead.
  const wall = new Date(Date.UTC(year, month - 1, day));
  const exists = wall.getUTCMonth() === month - 1 && wall.getUTCDate() === day && hour < 24 && minute < 60;
  const at = new Date(text);
  return exists && !Number.isNaN(at.getTime()) ? ok(at) : refused;
}

/** A clock that reads `at` the first time it is read, then runs at the pace of the system's. */
function clockFrom(at: Date): () => Date {
  let first: number | undefined;
  return () => {
    first ??= Date.now();
    return new Date(at.getTime() + (Date.now() - first));
  };
}

export interface JobsOptions {
  /** The moment to run at; the system clock's if not given. */
  at?: Date;
  root?: string;
  /** Where the local blob store keeps its files: the project's .data by default. */
  dataDir?: string;
  log?: (line: string) => void;
}

/** Runs every scheduled function once against the local store; returns their answers by name. */
export async function runJobs({ at, root = ROOT, dataDir = path.join(root, '.data'), log }: JobsOptions = {}): Promise<Record<string, unknown>> {
  const runtime = await startLocalRuntime({
    root,
    dataDir,
    siteUrl: `http://localhost:${process.env.PORT ?? 4321}`,
    schedule: false,
    ...(at ? { clock: clockFrom(at) } : {}),
    ...(log ? { log } : {}),
  });
  try {
    return await runtime.runScheduled();
  } finally {
    await runtime.close();
  }
}

/** The command: its output and exit code (2 for arguments it cannot use). */
export async function jobsCommand(args: string[], options: Omit<JobsOptions, 'at'> = {}): Promise<{ output: string; code: number }> {
  let at: string | undefined;
  try {
    ({ values: { at } } = parseArgs({ args, options: { at: { type: 'string' } }, strict: true, allowPositionals: false }));
  } catch (error) {
    return { output: `${error instanceof Error ? error.message : String(error)}\n${USAGE}`, code: 2 };
  }
  const moment = at === undefined ? undefined : parseMoment(at);
  if (moment && !moment.ok) return { output: `${moment.error}\n${USAGE}`, code: 2 };
  const results = await runJobs({ ...options, ...(moment ? { at: moment.value } : {}) });
  return { output: JSON.stringify(results, null, 2), code: 0 };
}

if (import.meta.main) {
  const { output, code } = await jobsCommand(process.argv.slice(2));
  (code === 0 ? console.log : console.error)(output);
  process.exitCode = code;
}
