/**
 * One line of the coach's inbox: what the desk lists and searches without opening the record.
 * Kept small (a few hundred bytes) so a month of them is one quick read.
 */
import { CHECK_IN_ANSWER_OPTIONS } from '#src/forms/checkIn.ts';
import * as z from 'zod/mini';
import { SUBMISSION_KINDS, type SubmissionKind } from '#src/forms/kinds.ts';
import { formatInZone, zonedTimeToUtc } from '#src/forms/zonedTime.ts';
import type { Catalog } from '../catalog.ts';
import { emailHash } from '../submissions/submissionStore.ts';
import { type SpamRecord, type SubmissionRecord } from '../submissions/records.ts';

export type InboxKind = SubmissionKind | 'spam';

export interface InboxEntry {
  kind: InboxKind;
  id: string;
  /** When it arrived (ISO time, UTC): orders the inbox and picks its month. */
  createdAt: string;
  name: string;
  /** Erase finds a client's entries by this, as it finds their records (submissionStore's emailHash). */
  emailHash: string;
  /** Lower-cased: searched and shown on the desk, which only the coach can open. */
  email: string;
  /** One line, at most SUMMARY_MAX characters. */
  summary: string;
  /** The record's reasons to look twice (e.g. "many-links"). */
  flags: string[];
  /** For held spam: the form it was posted to. */
  form?: SubmissionKind;
  read: boolean;
}

const SUBMISSION_KIND_NAMES = Object.keys(SUBMISSION_KINDS) as [SubmissionKind, ...SubmissionKind[]];

/** An inbox entry as the index stores it, checked on every read (monthBlobs.ts). */
export const InboxEntrySchema: z.ZodMiniType<InboxEntry> = z.object({
  kind: z.enum([...SUBMISSION_KIND_NAMES, 'spam']),
  id: z.string(),
  createdAt: z.string(),
  name: z.string(),
  emailHash: z.string(),
  email: z.string(),
  summary: z.string(),
  flags: z.array(z.string()),
  form: z.optional(z.enum(SUBMISSION_KIND_NAMES)),
  read: z.boolean(),
});

export const SUMMARY_MAX = 140;
const NAME_MAX = 120;
const EMAIL_MAX = 254;

/** `<kind>/<id>`: the same as the record's key in the submissions store, and a pending marker's tail. */
export const entryKey = (entry: { kind: InboxKind; id: string }) => `${entry.kind}/${entry.id}`;

/** Whitespace (newlines included) as single spaces, cut to `max` characters with an ellipsis. */
function oneLine(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1).trimEnd()}…`;
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

function firstLine(value: unknown): string {
  return text(value).split(/\r?\n/).find((line) => line.trim() !== '') ?? '';
}

/** "<what> — by <deadline in the coach's zone, in words>", the what cut so the deadline always shows. */
function homeworkSummary(data: Record<string, unknown>, coachTimeZone: string): string {
  const deadline = zonedTimeToUtc(text(data.when), text(data.timeZone));
  const by = ` — by ${deadline ? formatInZone(deadline, coachTimeZone) : oneLine(text(data.when), 40)}`;
  return oneLine(text(data.what), Math.max(20, SUMMARY_MAX - by.length)) + by;
}

/**
 * What a submission is about, in one line: an intake's goals (first line), homework's what and
 * when (in the coach's time zone), the exercise a response answers, the question a reflection
 * takes up, a check-in's answer and the homework it answers; for held spam, why it was held.
 */
export function summaryOf(record: SubmissionRecord | SpamRecord, catalog: Catalog, coachTimeZone: string): string {
  if (record.kind === 'spam') return oneLine(`Held as spam: ${record.reason}`, SUMMARY_MAX);
  const { data } = record;
  switch (record.kind) {
    case 'intake':
      return oneLine(firstLine(data.goals), SUMMARY_MAX);
    case 'commitment':
      return oneLine(homeworkSummary(data, coachTimeZone), SUMMARY_MAX);
    case 'response':
      return oneLine(catalog.exercises[text(data.exercise)]?.title ?? text(data.exercise), SUMMARY_MAX);
    case 'reflection':
      return oneLine(catalog.inquiries[text(data.inquiry)]?.question ?? text(data.inquiry), SUMMARY_MAX);
    case 'check-in':
      return oneLine(`${CHECK_IN_ANSWER_OPTIONS.find((o) => o.value === data.answer)?.label ?? text(data.answer)}: ${text(data.what)}`, SUMMARY_MAX);
    case 'stuck':
      return oneLine(firstLine(data.what), SUMMARY_MAX);
  }
}

/** The inbox entry of a stored submission or held post, unread. */
export function indexEntry(record: SubmissionRecord | SpamRecord, catalog: Catalog, coachTimeZone: string): InboxEntry {
  const fields = record.kind === 'spam' ? record.fields : record.data;
  const email = oneLine(text(fields.email), EMAIL_MAX).toLowerCase();
  return {
    kind: record.kind,
    id: record.id,
    createdAt: new Date(record.createdAt).toISOString(),
    name: oneLine(text(fields.name), NAME_MAX),
    emailHash: email ? emailHash(email) : '',
    email,
    summary: summaryOf(record, catalog, coachTimeZone),
    flags: record.kind === 'spam' ? [] : [...(record.flags ?? [])],
    ...(record.kind === 'spam' ? { form: record.form } : {}),
    read: false,
  };
}
