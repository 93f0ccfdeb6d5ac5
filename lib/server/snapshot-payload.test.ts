import zlib from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import type { TopologySnapshot } from '@/lib/domain/model';
import { decodeSnapshot } from '@/lib/domain/snapshot-codec';
import { FULL_SCOPE, type VisibilityScope } from '@/lib/domain/visibility';
import { snapshotPayload } from './snapshot-payload';
import { emptySnapshot, nodeInfo, podInfo } from '@/test/support/model';

const snapshot = (resourceVersion: string, stale = false): TopologySnapshot =>
  emptySnapshot({
    cluster: 'c1',
    resourceVersion,
    nodes: [nodeInfo('n1')],
    pods: [podInfo('apps', 'a', 'n1'), podInfo('team', 'b', 'n1')],
    stale,
  });

const decode = (data: string) => JSON.parse(zlib.gunzipSync(Buffer.from(data, 'base64')).toString('utf8')) as TopologySnapshot;

describe('snapshotPayload', () => {
  it('encodes a state once for the streams that open on it, and again when the state moves on', async () => {
    const first = await snapshotPayload(snapshot('10'), FULL_SCOPE, 'gzip');
    expect(first.event).toBe('snapshot-gzip');
    expect(decode(first.data).pods).toHaveLength(2);
    expect(first.gzipBytes).toBe(Buffer.from(first.data, 'base64').length);
    expect(first.jsonBytes).toBe(Buffer.byteLength(JSON.stringify(snapshot('10'))));
    // The SSE data line every stream writes, as bytes: `data: `, the base64, a blank line.
    const line = Buffer.from(first.dataLine).toString('latin1');
    expect(line).toMatch(/^data: [A-Za-z0-9+/=]+\n\n$/);
    expect(decode(line.slice('data: '.length, -2)).pods).toHaveLength(2);
    // Another snapshot object of the same state: the very same encoding.
    expect(await snapshotPayload(snapshot('10'), FULL_SCOPE, 'gzip')).toBe(first);
    expect(await snapshotPayload(snapshot('11'), FULL_SCOPE, 'gzip')).not.toBe(first);
    // The stale flag is part of the state, though it moves no resourceVersion.
    expect(decode((await snapshotPayload(snapshot('11', true), FULL_SCOPE, 'gzip')).data).stale).toBe(true);
  });

  it('never shares across scopes or encodings', async () => {
    const team: VisibilityScope = { nodes: false, namespaces: ['team'] };
    const full = await snapshotPayload(snapshot('20'), FULL_SCOPE, 'json');
    const limited = await snapshotPayload(snapshot('20'), team, 'json');
    expect(full.event).toBe('snapshot');
    expect((JSON.parse(full.data) as TopologySnapshot).pods).toHaveLength(2);
    const seen = JSON.parse(limited.data) as TopologySnapshot;
    expect(seen.pods.map((p) => p.name)).toEqual(['b']);
    expect(seen.nodes).toEqual([]);
    expect((await snapshotPayload(snapshot('20'), FULL_SCOPE, 'gzip')).event).toBe('snapshot-gzip');
  });

  it('sends the columns encoding, cut down to the scope, as its own event', async () => {
    const team: VisibilityScope = { nodes: false, namespaces: ['team'] };
    const columns = await snapshotPayload(snapshot('30'), team, 'columns');
    expect(columns.event).toBe('snapshot-columns');
    expect(columns.gzipBytes).toBe(Buffer.from(columns.data, 'base64').length);
    const seen = decodeSnapshot(decode(columns.data));
    expect(seen.pods).toEqual([podInfo('team', 'b', 'n1')]);
    expect(seen.nodes).toEqual([]);
    expect(seen.resourceVersion).toBe('30');
    expect(await snapshotPayload(snapshot('30'), team, 'gzip')).not.toBe(columns);
  });

  it('does not share a state without a resourceVersion', async () => {
    const a = await snapshotPayload(snapshot(''), FULL_SCOPE, 'gzip');
    expect(await snapshotPayload(snapshot(''), FULL_SCOPE, 'gzip')).not.toBe(a);
  });

  it('is shared by every copy of this module that a build bundles: the hub at start, the stream route', async () => {
    vi.resetModules();
    const hubs = await import('./snapshot-payload');
    vi.resetModules();
    const routes = await import('./snapshot-payload');
    expect(routes.snapshotPayload).not.toBe(hubs.snapshotPayload);
    // The hub encodes its held snapshot after the sync; the stream route opens on that object.
    const held = snapshot('');
    const made = hubs.snapshotPayload(held, FULL_SCOPE, 'columns');
    expect(routes.snapshotPayload(held, FULL_SCOPE, 'columns')).toBe(made);
    // And by state, for another snapshot object of the same resourceVersion.
    const shared = hubs.snapshotPayload(snapshot('40'), FULL_SCOPE, 'gzip');
    expect(routes.snapshotPayload(snapshot('40'), FULL_SCOPE, 'gzip')).toBe(shared);
    await Promise.all([made, shared]);
  });
});
