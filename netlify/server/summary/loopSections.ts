/**
 * The homework loop in the coach's morning summary, each section found from the loop's own
 * markers and due keys (loop/loopStore.ts), never by reading every commitment: what was
 * answered since the last summary, what to text today, what is overdue, what falls due soon.
 */
import type { Commitment } from '#src/forms/commitment.ts';
import { SITE } from '#src/site.config.ts';
import { deadlineForCoach } from '../emails/timeInWords.ts';
import { commitmentForm } from '../submissions/forms/commitment.ts';
import { storedRecordFor } from '../submissions/forms/storedRecord.ts';
import { latestIntake } from '../loop/latestIntake.ts';
import { ANSWERED_PREFIX, dueHour, OVERDUE_PREFIX, TEXTS_PREFIX, type CheckInAnswer, type LoopState, type LoopStep } from '../loop/loopStore.ts';
import { DESK_TEXTS_PATH } from '../paths.ts';
import { ok, type Result } from '../result.ts';
import type { Stored, SubmissionRecord } from '../submissions/records.ts';
import type { StoreError } from '../submissions/submissionStore.ts';
import { counted, type SummaryDeps, type SummaryItem, type SummarySectionProvider } from './section.ts';

const DAY_MS = 24 * 3600_000;
/** How far back the answered markers are read, however long since the last summary. */
const MAX_DAYS_BACK = 8;
/** "Due in the next three days". */
const DUE_SOON_MS = 3 * DAY_MS;

const ANSWER_WORDS: Record<CheckInAnswer, string> = { done: 'Done', partly: 'Partly', 'not-yet': 'Not yet' };

interface OpenLoop {
  state: LoopState;
  record: SubmissionRecord<Stored<Commitment>>;
}

/** A commitment's loop and record; null when either is gone (erased since the marker was listed). */
async function openLoop(deps: SummaryDeps, commitmentId: string): Promise<Result<OpenLoop | null, StoreError>> {
  const loop = await deps.loop.get(commitmentId);
  if (!loop.ok) return loop;
  if (!loop.value) return ok(null);
  const found = await deps.store.get('commitment', commitmentId);
  if (!found.ok) return found;
  const record = found.value ? storedRecordFor(commitmentForm, found.value.record) : null;
  return ok(record ? { state: loop.value.state, record } : null);
}

const oneLine = (text: string, max = 140) => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1).trimEnd()}…`;
};

const due = ({ state }: OpenLoop) => deadlineForCoach(new Date(state.deadline), state.timeZone, SITE.timeZone);
const homework = ({ record }: OpenLoop) => `“${oneLine(record.data.what)}”`;

/** Every item of a list of commitment ids, each as `describe` says, passing over those gone or not wanted. */
async function itemsFor(deps: SummaryDeps, ids: readonly string[], describe: (loop: OpenLoop) => SummaryItem | null): Promise<Result<SummaryItem[], StoreError>> {
  const items: SummaryItem[] = [];
  for (const id of ids) {
    const loop = await openLoop(deps, id);
    if (!loop.ok) return loop;
    const item = loop.value ? describe(loop.value) : null;
    if (item) items.push({ clientHash: loop.value!.state.clientHash, ...item });
  }
  return ok(items);
}

const isOpen = (state: LoopState) => !state.answer && !state.closedBy;

/** Answers given since the last summary, with the client's note: from `answered/<UTC day>/` markers. */
export const answeredSection: SummarySectionProvider = {
  name: 'answered',
  async gather(deps, { now, since }) {
    const from = Math.max(since.getTime(), now.getTime() - MAX_DAYS_BACK * DAY_MS);
    const ids: string[] = [];
    for (let day = from - (from % DAY_MS); day <= now.getTime(); day += DAY_MS) {
      const prefix = `${ANSWERED_PREFIX}${new Date(day).toISOString().slice(0, 10)}/`;
      const marks = await deps.loop.listMarks(prefix);
      if (!marks.ok) return marks;
      ids.push(...marks.value.map((key) => key.slice(prefix.length)));
    }
    const items = await itemsFor(deps, ids, (loop) => {
      const { answer } = loop.state;
      const at = answer ? Date.parse(answer.at) : NaN;
      if (!answer || at < since.getTime() || at > now.getTime()) return null;
      return {
        title: `${ANSWER_WORDS[answer.answer]}: ${loop.record.data.name}, ${homework(loop)}`,
        lines: [
          ...(answer.note ? [`Their note: “${oneLine(answer.note, 600)}”`] : []),
          ...(answer.files?.length ? [`With ${counted(answer.files.length, 'file', 'files')}: ${answer.files.join(', ')}`] : []),
          ...(answer.by === 'coach' ? ['Recorded by you.'] : []),
        ],
      };
    });
    if (!items.ok) return items;
    return ok(items.value.length === 0 ? null : { heading: 'Answered since yesterday', tally: counted(items.value.length, 'answered'), items: items.value });
  },
};

const TEXT_ABOUT: Record<LoopStep, (loop: OpenLoop) => string> = {
  reminder: (loop) => `A reminder: it is due ${due(loop)}.`,
  'check-in': (loop) => `The check-in: it was due ${due(loop)}. Ask how it went (done, partly or not yet), and record the answer on their page on the desk.`,
  'follow-up': () => 'A gentle follow-up: they have not answered the check-in yet.',
};

/**
 * What the loop would have emailed a client who prefers texts: "text <name> at <phone> about …".
 * Listed every morning while it is on the desk's To text list, which the coach clears with "Done,
 * I texted" (desk/routes/loopQueues.ts); a marker about homework answered, replaced or erased
 * since is taken off here, with nothing to say about it.
 */
export const textsSection: SummarySectionProvider = {
  name: 'texts',
  async gather(deps) {
    const marks = await deps.loop.listMarks(TEXTS_PREFIX);
    if (!marks.ok) return marks;
    const items: SummaryItem[] = [];
    for (const key of marks.value) {
      const [, id, step] = /^texts\/(.+)\.(reminder|check-in|follow-up)$/.exec(key) ?? [];
      const loop = id ? await openLoop(deps, id) : ok(null);
      if (!loop.ok) return loop;
      if (!loop.value || !isOpen(loop.value.state)) {
        const removed = await deps.loop.unmark(key);
        if (!removed.ok) return removed;
        continue;
      }
      const intake = await latestIntake(deps.store, loop.value.state.clientHash);
      if (!intake.ok) return intake;
      const { name } = loop.value.record.data;
      const phone = intake.value?.phone?.trim();
      items.push({
        clientHash: loop.value.state.clientHash,
        title: `Text ${name} ${phone ? `at ${phone}` : '(no phone number in their intake: ask for one)'} about ${homework(loop.value)}`,
        lines: [TEXT_ABOUT[step as LoopStep](loop.value)],
      });
    }
    if (items.length === 0) return ok(null);
    return ok({
      heading: 'To text today',
      tally: counted(items.length, 'to text'),
      intro: `These clients asked for check-ins by text, so they get no email from the site: the message is yours to send from your phone. Once sent, press “Done, I texted” on the desk’s To text list: ${new URL(DESK_TEXTS_PATH, deps.email.siteUrl).href}`,
      items,
    });
  },
};

/** No answer after the check-in and the follow-up: from `overdue/` markers, until an answer comes. */
export const overdueSection: SummarySectionProvider = {
  name: 'overdue',
  async gather(deps) {
    const marks = await deps.loop.listMarks(OVERDUE_PREFIX);
    if (!marks.ok) return marks;
    const items = await itemsFor(deps, marks.value.map((key) => key.slice(OVERDUE_PREFIX.length)), (loop) =>
      isOpen(loop.state) ? { title: `${loop.record.data.name}: ${homework(loop)}`, lines: [`It was due ${due(loop)}; no answer to the check-in or the follow-up.`] } : null,
    );
    if (!items.ok) return items;
    return ok(items.value.length === 0 ? null : { heading: 'Overdue, no check-in yet', tally: counted(items.value.length, 'overdue'), items: items.value });
  },
};

/** Deadlines in the next three days, from the check-in due keys of the hours ahead (a check-in at night waits for 08:00, so half a day more is read). */
export const dueSoonSection: SummarySectionProvider = {
  name: 'due-soon',
  async gather(deps, { now }) {
    const until = now.getTime() + DUE_SOON_MS;
    const hours = await deps.loop.listDueHours();
    if (!hours.ok) return hours;
    // The hours come oldest first, so the items come in the order their check-ins fall due.
    const ids: string[] = [];
    for (const hour of hours.value.filter((h) => h >= dueHour(now) && h <= dueHour(new Date(until + DAY_MS / 2)))) {
      const listed = await deps.loop.listDue(hour);
      if (!listed.ok) return listed;
      ids.push(...listed.value.filter((entry) => entry.step === 'check-in').map((entry) => entry.commitmentId));
    }
    const items = await itemsFor(deps, [...new Set(ids)], (loop) => {
      const deadline = Date.parse(loop.state.deadline);
      if (!isOpen(loop.state) || deadline <= now.getTime() || deadline > until) return null;
      return { title: `${loop.record.data.name}: ${homework(loop)}`, lines: [`Due ${due(loop)}.${loop.state.channel === 'text' ? ' They prefer texts.' : ''}`] };
    });
    if (!items.ok) return items;
    return ok(items.value.length === 0 ? null : { heading: 'Due in the next three days', tally: counted(items.value.length, 'due soon'), items: items.value });
  },
};
