import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TopologySnapshot } from '@/lib/domain/model';
import { FULL_SCOPE, filterSnapshot, type VisibilityScope } from '@/lib/domain/visibility';
import { sharedSnapshotJsonCount, sharedSnapshotResponse } from './shared-snapshot-json';
import { emptySnapshot, nodeInfo, podInfo } from '@/test/support/model';

/** A snapshot that counts how often its pods are read: once per serialization. */
function counted(resourceVersion: string, pods = 600) {
  const base = emptySnapshot({
    cluster: 'c1',
    resourceVersion,
    nodes: [nodeInfo('n1')],
    pods: Array.from({ length: pods }, (_, i) => podInfo(i % 2 ? 'apps' : 'team', `p${i}`, 'n1')),
  });
  const reads = { count: 0 };
  // The same keys in the same order, pods read through a counting getter.
  const snapshot = {} as TopologySnapshot;
  for (const [key, value] of Object.entries(base)) {
    Object.defineProperty(snapshot, key, key === 'pods' ? { enumerable: true, get: () => (reads.count++, value) } : { enumerable: true, value });
  }
  return { snapshot, reads, expected: (scope: VisibilityScope) => JSON.stringify(filterSnapshot({ ...base }, scope)) };
}

const text = (r: Response) => r.text();

afterEach(() => {
  vi.useRealTimers();
});

describe('sharedSnapshotResponse', () => {
  it('answers the very JSON of the snapshot, as application/json', async () => {
    const { snapshot, expected } = counted('5');
    const response = sharedSnapshotResponse(snapshot, FULL_SCOPE);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await text(response)).toBe(expected(FULL_SCOPE));
  });

  it('serializes once for requests that overlap on the same state and scope', async () => {
    const a = counted('10');
    const b = counted('10'); // another snapshot object of the same state
    const first = sharedSnapshotResponse(a.snapshot, FULL_SCOPE);
    const second = sharedSnapshotResponse(b.snapshot, FULL_SCOPE);
    const [t1, t2] = await Promise.all([text(first), text(second)]);
    expect(t1).toBe(a.expected(FULL_SCOPE));
    expect(t2).toBe(t1);
    expect(a.reads.count + b.reads.count).toBe(a.reads.count);
    expect(a.reads.count).toBeGreaterThan(0);
  });

  it('serializes again for a new state, another scope, or once the last reader is long done', async () => {
    vi.useFakeTimers();
    const team: VisibilityScope = { nodes: false, namespaces: ['team'] };
    const one = counted('20');
    await text(sharedSnapshotResponse(one.snapshot, FULL_SCOPE));
    const reads = one.reads.count;
    const scoped = await text(sharedSnapshotResponse(one.snapshot, team));
    expect(scoped).toBe(one.expected(team));
    expect(one.reads.count).toBeGreaterThan(reads);

    const next = counted('21');
    await text(sharedSnapshotResponse(next.snapshot, FULL_SCOPE));
    expect(next.reads.count).toBeGreaterThan(0);

    const before = sharedSnapshotJsonCount();
    vi.advanceTimersByTime(1_500);
    expect(sharedSnapshotJsonCount()).toBeLessThan(before);
    const again = counted('21');
    await text(sharedSnapshotResponse(again.snapshot, FULL_SCOPE));
    expect(again.reads.count).toBeGreaterThan(0);
  });

  it('shares nothing for a snapshot without a resourceVersion', async () => {
    const a = counted('');
    const b = counted('');
    await Promise.all([text(sharedSnapshotResponse(a.snapshot, FULL_SCOPE)), text(sharedSnapshotResponse(b.snapshot, FULL_SCOPE))]);
    expect(a.reads.count).toBeGreaterThan(0);
    expect(b.reads.count).toBeGreaterThan(0);
  });
});
