/**
 * What every desk route is handed, and what a route is: kept apart from the router so that the
 * routes and the router never import each other.
 */
import type { DeskDeps, DeskSettings } from './deskDeps.ts';

export interface DeskContext {
  req: Request;
  url: URL;
  deps: DeskDeps;
  settings: DeskSettings;
  now: Date;
  /** The signed-in session's id; empty on routes that need no session. */
  sid: string;
  /** Work that may go on after the answer (Netlify's context.waitUntil, or done before answering). */
  waitUntil(work: Promise<unknown>): void;
  /** Appends to the coach's activity log; a failure to record is logged, never shown. */
  audit(action: string, about?: { client?: string; subject?: string }): Promise<void>;
}

export interface Route {
  method: 'GET' | 'POST';
  /** An exact path, or a pattern whose groups are handed to the route. */
  path: string | RegExp;
  /** Routes open to a visitor who is not signed in (the sign-in steps). */
  public?: boolean;
  /** Link routes answer GET, HEAD and POST on one path themselves. */
  anyMethod?: boolean;
  handle(context: DeskContext, match: string[]): Promise<Response> | Response;
}
