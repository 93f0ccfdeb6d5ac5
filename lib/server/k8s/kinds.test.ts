import { describe, expect, it } from 'vitest';
import type { EventInfo } from '@/lib/domain/model';
import { rawEvent } from '@/test/support/objects';
import type { KubeApis } from './client';
import { listAll, type ListPage } from './informers';
import { eventKind, newestEvents, oldestEvent } from './kinds';

const at = (minute: number) => `2026-01-01T${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00Z`;

describe('the events window', () => {
  it('keeps the newest by when they last happened, whatever order they came in', () => {
    const items = new Map<string, EventInfo>();
    for (const m of [5, 1, 9, 3, 7]) items.set(`apps/e${m}`, { lastTimestamp: at(m) } as EventInfo);
    expect([...newestEvents(items, 3).keys()]).toEqual(['apps/e9', 'apps/e7', 'apps/e5']);
    expect(newestEvents(items, 10)).toBe(items);
    expect(oldestEvent(items)).toEqual({ key: 'apps/e1', time: Date.parse(at(1)) });
  });

  it('never holds a long list whole while it is read, and ends with the newest', async () => {
    const limit = 20;
    const total = 1_000;
    const pageSize = 50;
    const all = Array.from({ length: total }, (_, i) => rawEvent('apps', `e${i}`, { lastTimestamp: at((i * 7919) % total) }));
    const spec = eventKind(limit);
    let largest = 0;
    const trim = spec.trim!;
    const measured = {
      ...spec,
      listPage: async (_apis: KubeApis, { limit: size, continueToken }: { limit: number; continueToken?: string }): Promise<ListPage> => {
        const start = Number(continueToken ?? 0);
        const next = start + size < total ? String(start + size) : undefined;
        return { items: all.slice(start, start + size), resourceVersion: '1', continueToken: next };
      },
      trim: (items: Map<string, EventInfo>) => {
        largest = Math.max(largest, items.size);
        return trim(items);
      },
    };
    const { items } = await listAll({} as KubeApis, measured, pageSize);
    // Trimmed along the way (it grew past the window), yet never beyond the window and a page.
    expect(largest).toBeGreaterThan(2 * limit);
    expect(largest).toBeLessThanOrEqual(2 * limit + pageSize);
    const kept = newestEvents(items, limit);
    expect(kept.size).toBe(limit);
    const newest = [...all].map((e) => e.lastTimestamp as string).sort().reverse().slice(0, limit);
    expect([...kept.values()].map((e) => e.lastTimestamp).sort().reverse()).toEqual(newest);
  });
});
