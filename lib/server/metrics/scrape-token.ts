// Who may read /api/metrics. Prometheus scrapes without a session, so the endpoint is open unless
// NODELANES_METRICS_TOKEN is set; then a scrape must send `Authorization: Bearer <token>` (a
// Prometheus scrape config's `authorization: { credentials_file: … }`). Open is the usual choice
// on a pod network that only the cluster's Prometheus reaches; the metrics name clusters and
// routes, never users, objects or secrets.

import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Whether the request may scrape; compares digests in constant time, so timing says nothing of the token. */
export function scrapeAllowed(authorization: string | null, token: string | undefined = process.env.NODELANES_METRICS_TOKEN): boolean {
  if (token === undefined || token === '') return true;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match) return false;
  return timingSafeEqual(digest(match[1]), digest(token));
}
