/**
 * The coach's morning summary is a list of sections, each gathered by its own provider
 * (sections.ts): a provider reads what it needs and says what the coach should know, or
 * nothing. The summary goes out when any section has something to say.
 */
import type { Store } from '@netlify/blobs';
import type { Catalog } from '../catalog.ts';
import type { CommentStore } from '../comments/commentStore.ts';
import type { Logger } from '../log.ts';
import type { LoopStore } from '../loop/loopStore.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { EmailSettings } from '../submissions/notify.ts';
import type { Result } from '../result.ts';
import type { StoreError, SubmissionStore } from '../submissions/submissionStore.ts';

export interface SummaryDeps {
  store: SubmissionStore;
  loop: LoopStore;
  mailer: Mailer;
  log: Logger;
  email: EmailSettings;
  catalog: Catalog;
  /** The desk's store: the inbox index (new submissions). */
  deskBlobs: Store;
  /** Blog comments (netlify/server/comments/); left out, the summary says nothing of them. */
  comments?: CommentStore;
}

/** Which summary this is: what happened since `since` (the last summary), sent once for `day` (the coach's day, YYYY-MM-DD). */
export interface SummaryWindow {
  now: Date;
  since: Date;
  day: string;
}

export interface SummaryItem {
  /** One line: who and what. */
  title: string;
  lines?: string[];
  /** The client it is about (email hash): the item links to their page on the desk. */
  clientHash?: string;
}

export interface SummarySection {
  heading: string;
  /** Said in the subject, e.g. "2 answered". */
  tally: string;
  intro?: string;
  items: SummaryItem[];
}

export interface SummarySectionProvider {
  /** Names the section in logs and the run's report. */
  name: string;
  /** The section, or null when there is nothing to say. */
  gather(deps: SummaryDeps, window: SummaryWindow): Promise<Result<SummarySection | null, StoreError>>;
}

/** "1 answered", "3 answered": a count with its words. */
export const counted = (n: number, one: string, many: string = one) => `${n} ${n === 1 ? one : many}`;
