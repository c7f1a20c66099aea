/**
 * `npm run spam -- list | release <id> | delete <id>`: what the spam checks held, for the
 * coach to judge. Release stores the post as if it had just arrived (validated against the time
 * it did arrive) and leaves its emails to the retry job; delete removes it and its files.
 */
import { CATALOG } from '#server/catalog.ts';
import { FORM_HANDLERS } from '#server/submissions/forms/index.ts';
import { deleteHeld, releaseHeld } from '#server/submissions/heldSpam.ts';
import { SITE } from '#src/site.config.ts';
import { createConsoleLogger } from '#server/log.ts';
import type { SpamRecord } from '#server/submissions/records.ts';
import { openStores } from './store.ts';

const USAGE = 'Usage: npm run spam -- list | release <id> | delete <id>';

function line(held: SpamRecord): string {
  const who = [held.fields.name, held.fields.email].filter((v) => typeof v === 'string' && v).join(' ') || '(no name or email)';
  const files = held.files.length > 0 ? `, ${held.files.length} file(s)` : '';
  return `${held.id}  ${held.createdAt.slice(0, 16).replace('T', ' ')} UTC  ${held.form}  ${who}  [${held.reason}${files}]`;
}

export async function runSpamCommand(args: string[], dataDir?: string, clock: () => Date = () => new Date()): Promise<{ output: string; code: number }> {
  const [command, id] = args;
  if (command !== 'list' && !(command === 'release' || command === 'delete')) return { output: USAGE, code: 2 };
  if (command !== 'list' && !id) return { output: USAGE, code: 2 };
  const stores = await openStores(dataDir);
  const log = createConsoleLogger(() => {});
  // Releasing only stores the post; its emails and its step after storing (a commitment's loop) are the retry job's, with the composition root's handlers.
  const deps = { store: stores.submissions, catalog: CATALOG, log, clock, inbox: { desk: stores.deskBlobs, timeZone: SITE.timeZone }, handlers: FORM_HANDLERS };
  try {
    if (command === 'list') {
      const listed = await stores.submissions.listSpam();
      if (!listed.ok) return { output: `The store did not answer (${listed.error.name}). Try again.`, code: 1 };
      return { output: listed.value.length === 0 ? `Nothing is held as spam in ${stores.where}.` : listed.value.map(line).join('\n'), code: 0 };
    }
    if (command === 'delete') {
      const removed = await deleteHeld(id!, deps);
      if (!removed.ok) return { output: `The store did not answer (${removed.error.name}). Try again.`, code: 1 };
      return removed.value.length === 0 ? { output: `Nothing is held under ${id}.`, code: 1 } : { output: `Deleted:\n${removed.value.map((k) => `  ${k}`).join('\n')}`, code: 0 };
    }
    const released = await releaseHeld(id!, deps);
    if (released.ok) return { output: `Released as ${released.kind}/${released.id}. Its emails go out with the next run of the retry job (locally: npm run jobs).`, code: 0 };
    const why = {
      not_found: `Nothing is held under ${id}.`,
      unconfirmed: 'The store did not answer. Nothing changed; try again.',
      missing_file: 'A file that came with it is missing from the store, so it cannot be delivered as sent.',
      invalid: `It does not pass the form's checks, so it stays held:\n${'errors' in released ? Object.entries(released.errors).map(([f, m]) => `  ${f}: ${m.join(' ')}`).join('\n') : ''}`,
    }[released.reason];
    return { output: why, code: 1 };
  } finally {
    await stores.close();
  }
}

if (import.meta.main) {
  const { output, code } = await runSpamCommand(process.argv.slice(2));
  (code === 0 ? console.log : console.error)(output);
  process.exit(code);
}
