/**
 * What a record's review flags say to the coach: a short tag for the subject and a sentence
 * for the body, so a flagged submission is delivered and explained rather than held.
 */
import { RELEASED_FLAG } from '../submissions/heldSpam.ts';

const NOTES: Record<string, { tag: string; sentence: string }> = {
  'many-links': { tag: 'Check: many links', sentence: 'This has more links than answers usually do; look before you click any of them.' },
  'fast-send': {
    tag: 'Check: sent quickly',
    sentence: 'This was sent within seconds of the first keystroke: a draft sent as it was restored, or possibly a bot. It was delivered anyway.',
  },
  [RELEASED_FLAG]: { tag: 'Released from spam', sentence: 'This was held as spam when it arrived, and you released it.' },
};

export interface ReviewNotes {
  /** e.g. "[Check: many links] [Check: sent quickly] ", or "" */
  subjectPrefix: string;
  sentences: string[];
}

export function reviewNotes(flags: readonly string[] = []): ReviewNotes {
  const notes = flags.flatMap((flag) => (NOTES[flag] ? [NOTES[flag]] : []));
  return { subjectPrefix: notes.map((n) => `[${n.tag}] `).join(''), sentences: notes.map((n) => n.sentence) };
}
