// The first sync's progress, as the server's cache counts it and the page shows it while the lanes
// are not there yet (sent on the topology stream as a `progress` event).

/** How far the first sync got, per kind: objects listed so far, and whether the kind is done. */
export interface SyncProgress {
  synced: boolean;
  kinds: Record<string, { listed: number; done: boolean }>;
}
