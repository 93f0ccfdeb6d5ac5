// Why a request to an API server failed, in words a user may read: the kind of network failure or
// the status the server answered, never the message itself, which names the server's address and
// the path asked (the full message goes to the server's log).
import { statusOf } from './status';

export function networkReason(err: unknown): string {
  const e = err as { code?: string; message?: string };
  const code = e.code && /^[A-Z_]+$/.test(e.code) ? e.code : undefined;
  const known: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ENOTFOUND: 'host not found',
    EHOSTUNREACH: 'host unreachable',
    ECONNRESET: 'connection reset',
    ETIMEDOUT: 'connection timed out',
    ERR_STREAM_PREMATURE_CLOSE: 'the connection closed mid-answer',
    CERT_HAS_EXPIRED: 'its TLS certificate has expired',
    DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is not trusted (self-signed)',
    UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its TLS certificate is not trusted',
  };
  if (code && known[code]) return `${known[code]} (${code})`;
  return (e.message ?? String(err)).split('\n')[0];
}

/** A list's or a watch's failure as the page may show it (the stale banner). */
export function failureReason(err: unknown): string {
  const status = statusOf(err);
  if (status !== undefined) return `the API server answered ${status}`;
  const e = err as { code?: unknown };
  if (typeof e.code === 'string' && /^[A-Z_]+$/.test(e.code)) return networkReason(err);
  // No code to go by: say what kind of failure without the message's addresses and paths.
  return err instanceof Error && /^no data for \d+ ms$/.test(err.message) ? err.message : 'the request failed';
}
