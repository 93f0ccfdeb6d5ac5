import { describe, expect, it } from 'vitest';
import type { SyncNote } from './model';
import { listInWords, recentRelists, staleReasons } from './sync-notes';

const at = (iso: string) => Date.parse(iso);

describe('staleReasons', () => {
  it('groups stale kinds by their reason, the most kinds first, and ignores kinds that are fine', () => {
    const notes: SyncNote[] = [
      { resource: 'events', stale: 'watch ended early' },
      { resource: 'nodes', stale: 'connect ECONNREFUSED' },
      { resource: 'pods', stale: 'connect ECONNREFUSED' },
      { resource: 'deployments', relisted: { reason: 'expired', at: '2026-12-06T10:00:00.000Z', vanished: 0 } },
    ];
    expect(staleReasons(notes)).toEqual([
      { reason: 'connect ECONNREFUSED', resources: ['nodes', 'pods'] },
      { reason: 'watch ended early', resources: ['events'] },
    ]);
    expect(staleReasons(undefined)).toEqual([]);
  });
});

describe('recentRelists', () => {
  const notes: SyncNote[] = [
    { resource: 'pods', relisted: { reason: 'expired', at: '2026-12-06T10:00:05.000Z', vanished: 2 } },
    { resource: 'nodes', relisted: { reason: 'expired', at: '2026-12-06T10:00:04.000Z', vanished: 1 } },
    { resource: 'nodepools', relisted: { reason: 'kind-removed', at: '2026-12-06T10:00:01.000Z', vanished: 0 } },
    { resource: 'events', relisted: { reason: 'expired', at: '2026-12-06T09:00:00.000Z', vanished: 0 } },
    { resource: 'deployments', stale: 'reconnecting', relisted: { reason: 'expired', at: '2026-12-06T10:00:05.000Z', vanished: 0 } },
  ];

  it('summarises the relists of the window by reason, newest first, with what they found gone', () => {
    const out = recentRelists(notes, at('2026-12-06T10:01:00.000Z'), 120_000);
    expect(out.map((s) => ({ ...s, why: s.why.slice(0, 30) }))).toEqual([
      { at: '2026-12-06T10:00:05.000Z', resources: ['pods', 'nodes'], why: 'the API server no longer had t', vanished: 3 },
      { at: '2026-12-06T10:00:01.000Z', resources: ['nodepools'], why: 'their custom resource definiti', vanished: 0 },
    ]);
  });

  it('says nothing once the window has passed, and nothing for a kind still stale', () => {
    expect(recentRelists(notes, at('2026-12-06T10:10:00.000Z'), 120_000)).toEqual([]);
    expect(recentRelists([notes[4]], at('2026-12-06T10:00:06.000Z'), 120_000)).toEqual([]);
  });
});

describe('listInWords', () => {
  it('joins as a sentence does', () => {
    expect([listInWords([]), listInWords(['pods']), listInWords(['pods', 'nodes']), listInWords(['pods', 'nodes', 'events'])]).toEqual(['', 'pods', 'pods and nodes', 'pods, nodes and events']);
  });
});
