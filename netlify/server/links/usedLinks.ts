/**
 * Which one-time links have been used: one empty blob per link in the `links` store,
 *
 *   used-links/<lid>                 metadata { purpose, state, since, expiresAt, token? }
 *   used-links/<lid>.after-<token>   the mark of the press that took over a lapsed claim
 *
 * Pressing a link's button claims it with a create-only write, so of any number of presses
 * exactly one claims it. The claim becomes `used` when the action succeeded, or `released`
 * when it failed, so the link works again. A claim left behind by a crash lapses after
 * CLAIM_LEASE_MS and can then be taken over; that is why actions must be idempotent on the
 * link id. Only create-only writes decide who acts: reads of the local blobs server carry no
 * etag to compare. The markers hold no personal data (a random id, a purpose, times, a random
 * token), so erasing a client has nothing to find here. docs/decisions/004-one-time-links.md.
 */
import { randomUUID } from 'node:crypto';
import type { Store } from '@netlify/blobs';
import type { Result } from '../result.ts';
import type { VerifiedLink } from './signedLinks.ts';
import { STORE_DEADLINE_MS, storeCalls, type StoreError } from '../storeCall.ts';

/** The store production uses: `createUsedLinks(getStore({ name: USED_LINKS_STORE, consistency: 'strong' }))`. */
export const USED_LINKS_STORE = 'links';
const PREFIX = 'used-links/';
export const usedLinkKey = (lid: string) => `${PREFIX}${lid}`;
/** Created once per lapsed claim, by the press that takes it over (a link id never holds a dot). */
const takeoverKey = (lid: string, token: string) => `${PREFIX}${lid}.after-${token}`;

/** Longer than any function runs, so a claim this old belongs to a run that is gone. */
export const CLAIM_LEASE_MS = 2 * 60_000;
/** How long a marker outlives its link, so a clock a little ahead can never free a link that still verifies. */
export const MARKER_GRACE_MS = 24 * 60 * 60_000;

type MarkerState = 'claimed' | 'used' | 'released';

type Marker = {
  purpose: string;
  state: MarkerState;
  /** When the link entered this state (ISO time). */
  since: string;
  /** When the link itself expires (ISO time): the marker is kept a little longer, then purged. */
  expiresAt: string;
  /** A random token naming the press that holds a claim. */
  token?: string;
};

/** A claim this press holds: the etag of its write and the token that names it. */
export interface HeldClaim {
  etag: string;
  token: string;
}

/** `claimed`: this press may act; `used`: the link already acted; `busy`: another press is acting right now. */
export type Claim = ({ outcome: 'claimed' } & HeldClaim) | { outcome: 'used' } | { outcome: 'busy' };

export interface UsedLinks {
  /** Takes a link for one use. */
  claim(link: VerifiedLink, now: Date): Promise<Result<Claim, StoreError>>;
  /** Records that the claimed link's action succeeded: it will not act again. */
  markUsed(link: VerifiedLink, now: Date): Promise<Result<void, StoreError>>;
  /** Gives a claim back after its action failed, so the link can be used again. */
  release(link: VerifiedLink, claim: HeldClaim, now: Date): Promise<Result<void, StoreError>>;
  /** Whether a link has acted already (read only, for the page a link opens). */
  isUsed(lid: string): Promise<Result<boolean, StoreError>>;
  /** Deletes the markers of links that expired more than MARKER_GRACE_MS before `now`; returns the keys removed. */
  purgeExpired(now: Date): Promise<Result<string[], StoreError>>;
}

function readMarker(metadata: Record<string, unknown>): Marker | null {
  const { purpose, state, since, expiresAt, token } = metadata;
  if (typeof purpose !== 'string' || typeof since !== 'string' || typeof expiresAt !== 'string') return null;
  if (state !== 'claimed' && state !== 'used' && state !== 'released') return null;
  return { purpose, state, since, expiresAt, ...(typeof token === 'string' ? { token } : {}) };
}

class ClaimNotStored extends Error {
  override name = 'ClaimNotStored';
}

export function createUsedLinks(blobs: Store, { deadlineMs = STORE_DEADLINE_MS, leaseMs = CLAIM_LEASE_MS } = {}): UsedLinks {
  /** The blobs client retries failures for longer than a function may run; past the deadline it counts as failed. */
  const attempt = storeCalls(deadlineMs);

  const marker = (link: VerifiedLink, state: MarkerState, now: Date): Marker => ({
    purpose: link.purpose,
    state,
    since: now.toISOString(),
    expiresAt: link.expiresAt.toISOString(),
  });

  return {
    claim: (link, now) =>
      attempt(async (): Promise<Claim> => {
        const key = usedLinkKey(link.lid);
        const token = randomUUID();
        const claim: Marker = { ...marker(link, 'claimed', now), token };
        let written = await blobs.set(key, '', { metadata: claim, onlyIfNew: true });
        if (!written.modified) {
          const current = await blobs.getMetadata(key);
          const found = current && readMarker(current.metadata);
          if (found?.state === 'used') return { outcome: 'used' };
          const lapsed = found?.state === 'released' || (found && Date.parse(found.since) + leaseMs <= now.getTime());
          if (!found?.token || !lapsed) return { outcome: 'busy' };
          // Of every press that found this claim lapsed, only the one that creates its takeover key goes on.
          const takeover = await blobs.set(takeoverKey(link.lid, found.token), '', { metadata: marker(link, 'claimed', now), onlyIfNew: true });
          if (!takeover.modified) return { outcome: 'busy' };
          written = await blobs.set(key, '', { metadata: claim });
        }
        // @netlify/blobs reports a conditional write that failed with a server error as made
        // (any status but 412), so only what the store now holds says whose claim it is.
        const held = await blobs.getMetadata(key);
        if (!held) throw new ClaimNotStored();
        return held.metadata.token === token ? { outcome: 'claimed', etag: written.etag ?? '', token } : { outcome: 'busy' };
      }),

    // Unconditional: the action happened, so the link is used, whoever holds the claim now.
    markUsed: (link, now) => attempt(async () => void (await blobs.set(usedLinkKey(link.lid), '', { metadata: marker(link, 'used', now) }))),

    // Conditional on the claim's own write: a claim that lapsed and was taken over is not ours to give back.
    release: (link, { etag, token }, now) =>
      attempt(async () => {
        if (etag) await blobs.set(usedLinkKey(link.lid), '', { metadata: { ...marker(link, 'released', now), token }, onlyIfMatch: etag });
      }),

    isUsed: (lid) =>
      attempt(async () => {
        const current = await blobs.getMetadata(usedLinkKey(lid));
        return (current && readMarker(current.metadata))?.state === 'used';
      }),

    purgeExpired: (now) =>
      attempt(async () => {
        const { blobs: markers } = await blobs.list({ prefix: PREFIX });
        const removed: string[] = [];
        for (const { key } of markers) {
          const current = await blobs.getMetadata(key);
          const found = current && readMarker(current.metadata);
          if (!found || Date.parse(found.expiresAt) + MARKER_GRACE_MS > now.getTime()) continue;
          await blobs.delete(key);
          removed.push(key);
        }
        return removed;
      }),
  };
}
