// Who may read /api/metrics. Prometheus scrapes without a session, so the endpoint has its own
// rule: with NODELANES_METRICS_TOKEN set, a scrape sends `Authorization: Bearer <token>` (a
// Prometheus scrape config's `authorization: { credentials_file: … }`); without it, only this
// machine may scrape. "This machine" is decided by where the server listens, not by the request:
// Next hands a route no socket address, and the X-Forwarded-For it fills in keeps whatever the
// client sent, so a header would let anyone claim to be 127.0.0.1. A server that listens on
// loopback only (npm start's default, HOSTNAME=127.0.0.1) is reached from this machine only,
// so there the metrics need no token. The metrics name clusters and routes, never users, objects
// or secrets; they still say how big each cluster is and how busy, which is not for the internet.

import { createHash, timingSafeEqual } from 'node:crypto';
import { listensOnLoopback } from '../allowed-hosts';

const digest = (text: string) => createHash('sha256').update(text).digest();

export type ScrapeDecision =
  | { ok: true }
  | { ok: false; status: 401 | 403; code: 'unauthenticated' | 'metrics_token_required'; message: string };

/** Whether the request may scrape; compares digests in constant time, so timing says nothing of the token. */
export function scrapeDecision(authorization: string | null, options: { token: string | undefined; listenAddress: string | undefined }): ScrapeDecision {
  if (listensOnLoopback(options.listenAddress)) return { ok: true };
  if (options.token === undefined || options.token === '') {
    return {
      ok: false,
      status: 403,
      code: 'metrics_token_required',
      message: 'This server listens beyond this machine, so its metrics need a token: set NODELANES_METRICS_TOKEN and scrape with Authorization: Bearer <token>.',
    };
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (match && timingSafeEqual(digest(match[1]), digest(options.token))) return { ok: true };
  return { ok: false, status: 401, code: 'unauthenticated', message: 'Send the metrics token: Authorization: Bearer <NODELANES_METRICS_TOKEN>.' };
}
