// The cache's sync notes in words, for the stale banner and the "caught up" notice: which kinds
// cannot watch and why, and which were listed whole again, why, and whether that found objects the
// page had been showing after they were gone.
import type { RelistReason, SyncNote } from './model';

/** Stale kinds grouped by the reason they give: `[{ reason, resources }]`, most kinds first. */
export function staleReasons(notes: readonly SyncNote[] = []): Array<{ reason: string; resources: string[] }> {
  const byReason = new Map<string, string[]>();
  for (const note of notes) {
    if (note.stale === undefined) continue;
    byReason.set(note.stale, [...(byReason.get(note.stale) ?? []), note.resource]);
  }
  return [...byReason].map(([reason, resources]) => ({ reason, resources })).sort((a, b) => b.resources.length - a.resources.length || a.reason.localeCompare(b.reason));
}

const WHY: Record<RelistReason, string> = {
  expired: 'the API server no longer had the history to resume their watches from (it restarted, or compacted its history)',
  'kind-removed': 'their custom resource definition was removed from the cluster',
  initial: 'they became available on the cluster',
};

export interface RelistSummary {
  /** When the newest of these relists happened (ISO). */
  at: string;
  resources: string[];
  why: string;
  /** Objects found gone without a delete event: the page showed them after they had ceased to exist. */
  vanished: number;
}

/**
 * Relists within `windowMs` before `now`, one summary per reason, newest first. A kind whose data
 * is stale right now is left out: the stale banner speaks for it.
 */
export function recentRelists(notes: readonly SyncNote[] = [], now: number, windowMs: number): RelistSummary[] {
  const byReason = new Map<RelistReason, RelistSummary>();
  for (const note of notes) {
    const r = note.relisted;
    if (!r || note.stale !== undefined) continue;
    const at = Date.parse(r.at);
    if (!(now - at <= windowMs)) continue;
    const summary = byReason.get(r.reason) ?? { at: r.at, resources: [], why: WHY[r.reason] ?? r.reason, vanished: 0 };
    summary.resources.push(note.resource);
    summary.vanished += r.vanished;
    if (Date.parse(summary.at) < at) summary.at = r.at;
    byReason.set(r.reason, summary);
  }
  return [...byReason.values()].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
}

/** `pods`, `pods and nodes`, `pods, nodes and events`. */
export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
