// Writes are rate-limited per user: a token bucket of WRITE_BURST actions refilled at
// WRITE_PER_MINUTE, so a script or a stuck button cannot hammer a production cluster through the
// dashboard. In memory per server process: with several replicas the limit is per replica.

import { AppError } from './errors';
import { processWide } from './process-wide';

export const WRITE_BURST = 20;
export const WRITE_PER_MINUTE = 60;

interface Bucket {
  tokens: number;
  updated: number;
}

const buckets = processWide('write-rate-limits', () => new Map<string, Bucket>());

/** Takes one write token for `user` or throws a 429 AppError saying when to retry. */
export function takeWriteToken(user: string, now = Date.now()): void {
  const bucket = buckets.get(user) ?? { tokens: WRITE_BURST, updated: now };
  bucket.tokens = Math.min(WRITE_BURST, bucket.tokens + ((now - bucket.updated) / 60_000) * WRITE_PER_MINUTE);
  bucket.updated = now;
  if (bucket.tokens < 1) {
    buckets.set(user, bucket);
    const retryAfterSeconds = Math.ceil(((1 - bucket.tokens) * 60) / WRITE_PER_MINUTE);
    throw new AppError(429, 'rate_limited', `Too many changes in a short time; try again in ${retryAfterSeconds} s.`, { retryAfterSeconds });
  }
  bucket.tokens -= 1;
  buckets.set(user, bucket);
  if (buckets.size > 10_000) {
    // Idle users' buckets are full again anyway: forget them rather than grow without bound.
    for (const [key, b] of buckets) if (now - b.updated > 60_000) buckets.delete(key);
  }
}

/** For tests. */
export function resetRateLimits(): void {
  buckets.clear();
}
