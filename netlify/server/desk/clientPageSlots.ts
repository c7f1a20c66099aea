/**
 * The places on a client's page where forms built elsewhere go: each slot is one function from
 * what the page already loaded to a piece of HTML, and renders nothing until one is plugged in
 * here. The page calls them (routes/client.ts) and never needs to know what they show.
 */
import type { ClientLoopSettings, LoopState } from '../loop/loopStore.ts';
import { checkInForm } from './checkInForm.ts';
import { remindersStatus, revokeLinksForm } from './clientLinkForms.ts';
import type { Raw } from '../web/html.ts';

/** One commitment that has a loop, under its reminders and check-ins. */
export interface CommitmentSlotInput {
  /** The client's email hash, as in `/coach/clients/<hash>/`. */
  client: string;
  commitmentId: string;
  loop: LoopState;
  /** The coach's time zone. */
  timeZone: string;
  now: Date;
}

/** The client as a whole, near the top of their page. */
export interface ClientSlotInput {
  client: string;
  /** Their loop settings (`{ linkVersion: 1 }` for a client who has none stored). */
  settings: ClientLoopSettings;
  timeZone: string;
  now: Date;
}

export type Slot<Input> = (input: Input) => Raw | '';

export interface ClientPageSlots {
  /** Under each commitment's loop: the coach records Done, Partly or Not yet herself (after a call, say). */
  commitmentActions: Slot<CommitmentSlotInput>;
  /** "Reminders stopped on …": shown when the client stopped reminders and check-ins. */
  remindersStopped: Slot<ClientSlotInput>;
  /** "Revoke this client's page links": raises their link version, so every earlier /my/ link stops working. */
  revokeLinks: Slot<ClientSlotInput>;
}

/** Each slot's renderer; one that has nothing to show returns ''. */
export const CLIENT_PAGE_SLOTS: ClientPageSlots = {
  commitmentActions: ({ loop }) => checkInForm(loop),
  remindersStopped: ({ settings, timeZone }) => (settings.stoppedAt ? remindersStatus(settings, timeZone) : ''),
  revokeLinks: ({ client }) => revokeLinksForm(client),
};
