import type { Config } from '@netlify/functions';
import { json } from '#server/web/respond.ts';

/**
 * The form endpoints only take POST (their config.method); every other method on /api/*
 * lands here and gets a clear 405 instead of a 404.
 */
export default async () =>
  json(405, { error: { code: 'method_not_allowed', message: 'This address only accepts form posts (POST).' } }, { Allow: 'POST' });

export const config: Config = {
  path: '/api/*',
  // The desk answers its own methods under /api/coach/ (coach.mts); an emailed link's endpoint
  // answers GET itself (check-in.mts, stop-reminders.mts, comments.mts), so it is never left to which of two matches wins.
  excludedPath: ['/api/coach/*', '/api/check-in', '/api/stop-reminders', '/api/comments', '/api/comments/*'],
  method: ['GET', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
};
