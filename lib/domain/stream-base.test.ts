import { describe, expect, it } from 'vitest';
import type { TopologyDelta } from './deltas';
import { StreamBase } from './stream-base';

const delta = (name: string, rv: string): TopologyDelta => ({ type: 'node-deleted', name, rv });

describe('stream base: deltas only onto the snapshot they follow', () => {
  it('deltas after a snapshot are applied once it is ready, and not while it unpacks', () => {
    const s = new StreamBase();
    const t = s.snapshotArrived();
    s.delta(delta('a', '11'));
    expect(s.take()).toEqual([]);
    expect(s.snapshotReady(t)).toBe(true);
    expect(s.take()).toEqual([delta('a', '11')]);
    expect(s.take()).toEqual([]);
  });

  it('a reconnect to another replica: its snapshot drops what the old stream still had queued', () => {
    const s = new StreamBase();
    s.snapshotReady(s.snapshotArrived());
    s.delta(delta('from-a', '500'));
    const b = s.snapshotArrived(); // replica B, whose cache is at resourceVersion 480
    s.delta(delta('from-b', '481'));
    expect(s.snapshotReady(b)).toBe(true);
    expect(s.take()).toEqual([delta('from-b', '481')]);
  });

  it("a slow unpack of the old replica's snapshot finishing after the new one arrived is thrown away, and does not release the new one's deltas", () => {
    const s = new StreamBase();
    const fromA = s.snapshotArrived();
    const fromB = s.snapshotArrived();
    s.delta(delta('from-b', '481'));
    expect(s.snapshotReady(fromA)).toBe(false);
    expect(s.take()).toEqual([]);
    expect(s.queued).toBe(1);
    expect(s.snapshotReady(fromB)).toBe(true);
    expect(s.take()).toEqual([delta('from-b', '481')]);
  });
});
