// What a list of signed-out sessions offers; kept apart so the ConfigMap adapter (lib/server/k8s)
// and the session code agree on it without importing each other.
export interface RevocationStore {
  /** Ends session `sid` everywhere; `until` is when it would have ended anyway (ms). */
  revoke(sid: string, until: number): Promise<void>;
  isRevoked(sid: string): Promise<boolean>;
}

export const CACHE_MS = 2_000;
export const STALE_MS = 60_000;
export const WRITE_ATTEMPTS = 10;
