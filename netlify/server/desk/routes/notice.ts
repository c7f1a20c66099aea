/** The notice a page shows after an action redirected to it (`?done=<code>`): fixed words, never text from the address. */
const NOTICES: Record<string, string> = {
  released: 'Released: it is stored as a submission and its emails are on their way.',
  deleted: 'Deleted.',
  sent: 'Sent.',
  'send-later': 'Not sent yet: it stays waiting, and the next run of the retry job tries again.',
  'signed-out': 'You are signed out.',
  'still-held': 'It does not pass the form’s checks, so it stays held.',
  unavailable: 'The desk could not reach its storage, so nothing changed. Please try again in a minute.',
  gone: 'It is no longer there: someone or something already dealt with it.',
  'reading-sent': 'Sent. It is in their inbox, with your note.',
  'reading-not-sent': 'It could not be sent just now; nothing went out. Please try again in a minute.',
  'note-saved': 'Your note is saved.',
  'note-cleared': 'Your note is removed.',
  'note-too-long': 'Your note was not saved: please keep it under 5,000 characters.',
  texted: 'Marked as texted: it is off your list.',
  'check-in-recorded': 'Recorded. The client gets no email about it.',
  'check-in-already': 'Not recorded: this homework already has an answer, which stands.',
  'check-in-no-answer': 'Not recorded: please choose Done, Partly or Not yet.',
  'check-in-note-too-long': 'Not recorded: please keep the note under 2,000 characters.',
  'stuck-handled': 'Marked handled.',
  'links-revoked': 'Every link to their page sent so far no longer works, and any browser signed in with one is signed out. Links in emails from now on work.',
};

export function noticeOf(url: URL): string | undefined {
  const code = url.searchParams.get('done');
  return code && Object.hasOwn(NOTICES, code) ? NOTICES[code] : undefined;
}
