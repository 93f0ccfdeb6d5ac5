import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TopologySnapshot } from '@/lib/domain/model';
import { FULL_SCOPE, filterSnapshot, type VisibilityScope } from '@/lib/domain/visibility';
import { sharedSnapshotHeldBytes, sharedSnapshotJsonCount, sharedSnapshotResponse } from './shared-snapshot-json';
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

  it('serializes again for a new state, another scope, or once the last reader is done', async () => {
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

    expect(sharedSnapshotJsonCount()).toBe(0);
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

  it('holds only the pieces some reader has still to write, once the first second is over', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { snapshot, expected } = counted('40', 3_000); // some 20 pieces
    const slow = sharedSnapshotResponse(snapshot, FULL_SCOPE).body!.getReader();
    const fast = sharedSnapshotResponse(snapshot, FULL_SCOPE).body!.getReader();
    const decoder = new TextDecoder();
    let fastText = '';
    let slowText = '';
    // Within the first second every piece is kept, for requests that come a little later.
    fastText += decoder.decode((await fast.read()).value, { stream: true });
    slowText += decoder.decode((await slow.read()).value, { stream: true });
    const firstPiece = sharedSnapshotHeldBytes();
    expect(firstPiece).toBeGreaterThan(0);
    vi.setSystemTime(Date.now() + 1_500);
    for (let i = 0; i < 5; i++) fastText += decoder.decode((await fast.read()).value, { stream: true });
    // What the fast reader wrote the slow one has not: held (the first piece too).
    const aheadBytes = sharedSnapshotHeldBytes();
    expect(aheadBytes).toBeGreaterThan(2 * firstPiece);
    // A request now cannot start from the first piece of this one: it gets its own, whole.
    const late = sharedSnapshotResponse(snapshot, FULL_SCOPE);
    expect(sharedSnapshotJsonCount()).toBe(1);
    expect(await text(late)).toBe(expected(FULL_SCOPE));
    // The slow reader catches up: what both have written is let go.
    for (let i = 0; i < 5; i++) slowText += decoder.decode((await slow.read()).value, { stream: true });
    expect(sharedSnapshotHeldBytes()).toBe(0);
    for (let r = await fast.read(); !r.done; r = await fast.read()) fastText += decoder.decode(r.value, { stream: true });
    expect(sharedSnapshotHeldBytes()).toBeGreaterThan(0);
    for (let r = await slow.read(); !r.done; r = await slow.read()) slowText += decoder.decode(r.value, { stream: true });
    expect(fastText).toBe(expected(FULL_SCOPE));
    expect(slowText).toBe(fastText);
    expect(sharedSnapshotJsonCount()).toBe(0);
  });
});
