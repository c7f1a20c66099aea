/**
 * `/api/check-in`: the Done / Partly / Not yet links of a check-in email (loopLinks.checkInLinks).
 *
 *   GET / HEAD  the page: their words quoted back, the answer they chose, a note and a file to
 *               add, one button. Changes nothing (mail scanners open links).
 *   POST        the note and the file are read and judged first (anything wrong: the page again,
 *               what was typed kept, nothing claimed); then the link is claimed and the answer
 *               stored as a `check-in` submission (emails, inbox, erase, retention, export as for
 *               any submission), recorded in the commitment's loop state, and the browser sent
 *               back to the link, which now shows what was recorded (so a reload posts nothing).
 *
 * The three links share one link id, so one of them acts, once; the check-in's submission id is
 * derived from that id, so acting again after a crash stores nothing new (decision 004). If the
 * commitment already has an answer (the coach recorded it after a call), nothing changes and the
 * client is told so kindly.
 */
import type { CheckIn } from '#src/forms/checkIn.ts';
import type { FieldErrors } from '#src/forms/fields.ts';
import { acceptSubmission } from '../submissions/acceptSubmission.ts';
import { indexQuietly } from '../inbox/inboxHooks.ts';
import { checkInForm } from '../submissions/forms/checkIn.ts';
import { commitmentForm } from '../submissions/forms/commitment.ts';
import { storedRecordFor } from '../submissions/forms/storedRecord.ts';
import type { BackgroundContext } from '../submissions/handleSubmission.ts';
import { handleLinkAction, type LinkAction } from '../links/linkAction.ts';
import { CHECK_IN, checkInLinks } from '../loop/loopLinks.ts';
import { CHECK_IN_ANSWERS, type CheckInAnswer, type LoopState } from '../loop/loopStore.ts';
import { recordAnswer } from '../loop/recordAnswer.ts';
import { deliver } from '../submissions/notify.ts';
import { parseBody, type UploadedFile } from '../web/parseBody.ts';
import { fail, ok, type Result } from '../result.ts';
import { SECURITY_HEADERS } from '../web/securityHeaders.ts';
import type { VerifiedLink } from '../links/signedLinks.ts';
import { idFromKey } from '../submissions/submissionId.ts';
import type { Stored, SubmissionRecord } from '../submissions/records.ts';
import type { StoreError } from '../submissions/submissionStore.ts';
import { judgeUpload } from '../uploads/judgeUpload.ts';
import type { CheckInDeps } from './checkInDeps.ts';
import { loopAnswerOf } from './recordStoredCheckIn.ts';
import { alreadyAnsweredPage, answerPage, checkInPage, gonePage, notSetUpPage, unavailablePage, type StoredCommitment } from './checkInPages.ts';

/** The id a check-in answered through this link is stored under: one per link id, whichever answer. */
export const checkInId = (lid: string) => idFromKey(CHECK_IN.purpose, lid);

/** A commitment and its loop, as the link names them. */
interface Homework {
  commitment: StoredCommitment;
  state: LoopState;
}

/** What the button posted, judged, with what the link and the commitment add. */
interface CheckInInput {
  homework: Homework;
  answer: CheckInAnswer;
  note?: string;
  evidence?: UploadedFile;
  /** The signed link, where the browser is sent back to once it is recorded. */
  self: string;
}

const answerOf = (link: VerifiedLink): CheckInAnswer | null => {
  const given = link.params[CHECK_IN.answer];
  return CHECK_IN_ANSWERS.find((answer) => answer === given) ?? null;
};

/** The commitment and its loop state; null when either is gone. */
async function loadHomework(commitmentId: string, deps: CheckInDeps): Promise<Result<Homework | null, StoreError>> {
  const [found, loop] = await Promise.all([deps.store.get('commitment', commitmentId), deps.loop.get(commitmentId)]);
  if (!found.ok) return found;
  if (!loop.ok) return loop;
  const commitment = found.value ? storedRecordFor(commitmentForm, found.value.record) : null;
  return ok(commitment && loop.value ? { commitment, state: loop.value.state } : null);
}

/** The page for a commitment that has an answer: what was recorded through this link, or someone else's answer. */
function answeredPage(homework: Homework, lid: string, now: Date, typed?: string): Response {
  const { answer } = homework.state;
  if (!answer) throw new Error('answeredPage needs an answer');
  return answer.checkInId === checkInId(lid) ? answerPage(homework.commitment, answer, now) : alreadyAnsweredPage(homework.commitment, answer, typed);
}

/** The same choice's other answers, as links on this site (same id, same expiry: checkInLinks). */
function otherAnswers(state: LoopState, link: VerifiedLink, answer: CheckInAnswer, deps: CheckInDeps & { signing: { ready: true } }) {
  const links = checkInLinks(state, { secret: deps.signing.secret, siteUrl: deps.email.siteUrl }, link.lid);
  return CHECK_IN_ANSWERS.filter((other) => other !== answer).map((other) => {
    const url = new URL(links[other]);
    return { answer: other, href: `${url.pathname}${url.search}` };
  });
}

/** The note as stored: line breaks as \n, trimmed; empty is none. */
const noteOf = (value: unknown) => (typeof value === 'string' ? value.replace(/\r\n?/g, '\n').trim() : '');

/** The check-in record the link stores: the first press's if there is one, else this one, stored now. */
async function storeCheckIn(input: CheckInInput, id: string, deps: CheckInDeps): Promise<Result<SubmissionRecord<Stored<CheckIn>>, { name: string }>> {
  // The claim on the link keeps any other press out until this one is done, so read-then-write is safe here.
  const existing = await deps.store.get('check-in', id);
  if (!existing.ok) return existing;
  let storedId = id;
  if (!existing.value) {
    const { commitment } = input.homework;
    const accepted = await acceptSubmission(
      checkInForm,
      {
        fields: { id, name: commitment.data.name, email: commitment.data.email, commitment: commitment.id, what: commitment.data.what, answer: input.answer, note: input.note },
        files: input.evidence ? { evidence: input.evidence } : {},
        receivedAt: deps.clock(),
      },
      deps,
    );
    // Judged already (read): refused here only if the rules changed in between; nothing happened, and it can be tried again.
    if (!accepted.ok) return fail({ name: accepted.reason === 'invalid' ? 'CheckInInvalid' : accepted.error });
    storedId = accepted.id;
  }
  const read = await deps.store.get('check-in', storedId);
  if (!read.ok) return read;
  const record = read.value ? storedRecordFor(checkInForm, read.value.record) : null;
  return record ? ok(record) : fail({ name: 'CheckInNotStored' });
}

function checkInAction(deps: CheckInDeps & { signing: { ready: true } }, context: BackgroundContext): LinkAction<CheckInInput> {
  const commitmentOf = (link: VerifiedLink) => link.params[CHECK_IN.commitment] ?? '';

  /** The page for an unanswered commitment, with what was typed and what is wrong, if anything. */
  const formPage = (homework: Homework, link: VerifiedLink, answer: CheckInAnswer, formAction: string, extra: { note?: string; errors?: FieldErrors; status?: number } = {}) =>
    checkInPage({ commitment: homework.commitment, answer, formAction, otherAnswers: otherAnswers(homework.state, link, answer, deps), ...extra });

  /** The page a link opens, used or not: the form, or what was recorded. */
  async function show(link: VerifiedLink, formAction: string | null): Promise<Response> {
    const answer = answerOf(link);
    const loaded = await loadHomework(commitmentOf(link), deps);
    if (!loaded.ok) return unavailablePage();
    if (!loaded.value || !answer) return gonePage();
    if (loaded.value.state.answer) return answeredPage(loaded.value, link.lid, deps.clock());
    // A used link whose commitment has no answer was settled as gone; there is nothing more to show.
    return formAction ? formPage(loaded.value, link, answer, formAction) : gonePage();
  }

  return {
    purpose: CHECK_IN.purpose,
    openPage: (link, formAction) => show(link, formAction),
    usedPage: (link) => show(link, null),

    async read(link, req) {
      const answer = answerOf(link);
      const url = new URL(req.url);
      const self = `${url.pathname}${url.search}`;
      const loaded = await loadHomework(commitmentOf(link), deps);
      if (!loaded.ok) return fail(unavailablePage());
      if (!loaded.value || !answer) return fail(gonePage());
      const homework = loaded.value;
      const parsed = await parseBody(req);
      if (!parsed.ok) {
        // Too large is about the file; anything else, about the post as a whole, shown by the note.
        const field = parsed.error.status === 413 && answer !== 'not-yet' ? 'evidence' : 'note';
        return fail(formPage(homework, link, answer, self, { errors: { [field]: [parsed.error.message] }, status: parsed.error.status }));
      }
      const note = noteOf(parsed.value.fields.note);
      // Only what the page asks for counts: the rest comes from the commitment and the link.
      const evidence = answer === 'not-yet' ? undefined : parsed.value.files.evidence;
      const { commitment } = homework;
      const checked = checkInForm.validate(
        { name: commitment.data.name, email: commitment.data.email, commitment: commitment.id, what: commitment.data.what, answer, note, ...(evidence ? { evidence } : {}) },
        { catalog: deps.catalog, now: deps.clock },
      );
      const errors: FieldErrors = checked.ok ? {} : { ...checked.errors };
      if (evidence && !errors.evidence) {
        const judged = await judgeUpload(evidence);
        if (!judged.ok) errors.evidence = [judged.error.message];
      }
      if (Object.keys(errors).length > 0) {
        // A file cannot be put back into a file field: the message asks for it again.
        if (errors.evidence) errors.evidence = [...errors.evidence, 'Please choose the file again, or leave it out.'];
        deps.log.info('check_in.invalid', { fields: Object.keys(errors).join(',') });
        return fail(formPage(homework, link, answer, self, { note, errors, status: 422 }));
      }
      return ok({ homework, answer, self, ...(note ? { note } : {}), ...(evidence ? { evidence } : {}) });
    },

    async act(link, input) {
      const id = checkInId(link.lid);
      const commitmentId = input.homework.commitment.id;
      // Looked at again now the link is claimed: the coach may have recorded an answer meanwhile.
      const loaded = await loadHomework(commitmentId, deps);
      if (!loaded.ok) return loaded;
      if (!loaded.value) return ok(gonePage());
      const { answer } = loaded.value.state;
      if (answer && answer.checkInId !== id) {
        deps.log.info('check_in.already_answered', { commitment: commitmentId, by: answer.by });
        return ok(alreadyAnsweredPage(loaded.value.commitment, answer, input.note));
      }

      const stored = await storeCheckIn(input, id, deps);
      if (!stored.ok) return stored;
      const record = stored.value;
      const recorded = await recordAnswer(commitmentId, loopAnswerOf(record), deps);
      if (!recorded.ok) return recorded;
      if (recorded.value.outcome === 'gone') return ok(gonePage());
      if (recorded.value.outcome === 'already') {
        // Someone else's answer landed between the look above and this one; theirs stands, and this check-in stays stored.
        return ok(alreadyAnsweredPage(loaded.value.commitment, recorded.value.state.answer!, input.note));
      }
      deps.log.info('check_in.recorded', { commitment: commitmentId, id, answer: record.data.answer });

      const emails = Promise.all([deliver(deps.handlers['check-in'], record.id, deps), indexQuietly(deps, 'check-in', record.id)]);
      if (context.waitUntil) context.waitUntil(emails);
      else await emails;
      // Back to the link, which now shows what was recorded: a reload or Back never posts again.
      return ok(new Response(null, { status: 303, headers: { ...SECURITY_HEADERS, Location: input.self, 'Cache-Control': 'no-store' } }));
    },
  };
}

export async function handleCheckIn(req: Request, deps: CheckInDeps, context: BackgroundContext = {}): Promise<Response> {
  if (!deps.signing.ready) {
    for (const problem of deps.signing.problems) deps.log.error('check_in.missing_setting', { variable: problem.variable });
    return notSetUpPage();
  }
  const ready = { ...deps, signing: deps.signing };
  return handleLinkAction(req, checkInAction(ready, context), {
    secret: deps.signing.secret,
    siteUrl: deps.email.siteUrl,
    clock: deps.clock,
    used: deps.usedLinks,
    log: deps.log,
  });
}
