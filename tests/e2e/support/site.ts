import { getStore } from '@netlify/blobs';
import { inject } from 'vitest';
import type { Page } from 'playwright-core';
import type { OutboxMessage } from '#local/outboxMailer.ts';

export const baseUrl = () => inject('baseUrl');
export const url = (path: string) => new URL(path, baseUrl()).href;

/** The emails the local outbox captured for one submission. */
export async function outboxFor(id: string): Promise<OutboxMessage[]> {
  const response = await fetch(url('/dev/outbox.json'));
  const messages = (await response.json()) as OutboxMessage[];
  return messages.filter((m) => m.idempotencyKey.includes(id));
}

/** A stored record, read from the same local blob store the server writes to. */
export async function recordFor(kind: string, id: string): Promise<Record<string, unknown> | null> {
  process.env.NETLIFY_BLOBS_CONTEXT = inject('blobsContext');
  return getStore({ name: 'submissions', consistency: 'strong' }).get(`${kind}/${id}`, { type: 'json' });
}

/** The submission id a thank-you page was reached with. */
export function refOf(page: Page): string {
  const ref = new URL(page.url()).searchParams.get('ref');
  if (!ref) throw new Error(`No ?ref= on ${page.url()}`);
  return ref;
}

/** A unique address per test, so outbox and store lookups never see another test's data. */
export const uniqueEmail = (label: string) => `${label}-${Math.random().toString(36).slice(2, 8)}@example.com`;

/** A tiny but real PDF. */
export const PDF_BYTES = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

/** Makes the local blob store fail (or recover) for the requests that follow. */
export async function setBlobStore(mode: 'unavailable' | 'none'): Promise<void> {
  const response = await fetch(url('/dev/faults'), { method: 'POST', body: new URLSearchParams({ blobs: mode }) });
  if (!response.ok) throw new Error(`Could not set the blob store fault: ${response.status}`);
}
