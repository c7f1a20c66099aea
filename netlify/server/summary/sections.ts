/**
 * The coach's morning summary, section by section, in the order she reads it: what clients
 * answered, what is hers to text, what is overdue, what falls due, then what arrived and what
 * waits. A new section is one more provider in this list (section.ts says what one is).
 */
import { commentsSection } from '../comments/commentsSection.ts';
import { heldSpamSection, newSubmissionsSection, waitingSection } from './deskSections.ts';
import { answeredSection, dueSoonSection, overdueSection, textsSection } from './loopSections.ts';
import type { SummarySectionProvider } from './section.ts';
import { stuckSection } from './stuckSection.ts';

export const SUMMARY_SECTIONS: readonly SummarySectionProvider[] = [
  answeredSection,
  textsSection,
  overdueSection,
  dueSoonSection,
  stuckSection,
  newSubmissionsSection,
  commentsSection,
  heldSpamSection,
  waitingSection,
];
