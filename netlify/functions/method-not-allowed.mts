import type { Config } from '@netlify/functions';

/**
 * The form endpoints only take POST (their config.method); every other method on /api/*
 * lands here and gets a clear 405 instead of a 404.
 */
export default async () =>
  new Response(JSON.stringify({ error: { code: 'method_not_allowed', message: 'This address only accepts form posts (POST).' } }), {
    status: 405,
    headers: { Allow: 'POST', 'Content-Type': 'application/json; charset=utf-8' },
  });

export const config: Config = {
  path: '/api/*',
  method: ['GET', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
};
