import { describe, expect, it } from 'vitest';
import { clusterHealth, healthLabel } from './cluster-health';

describe('cluster health', () => {
  const up = { ok: true as const, version: 'v1.31.2' };

  it('unreachable with the reason: no usable kubeconfig, or the probe failed, whatever the informers say', () => {
    expect(clusterHealth('no context "x" in /k', up, 'stopped')).toEqual({ state: 'unreachable', reason: 'no context "x" in /k' });
    const down = clusterHealth(undefined, { ok: false, reason: 'connection refused (ECONNREFUSED)' }, 'synced');
    expect(down).toEqual({ state: 'unreachable', reason: 'connection refused (ECONNREFUSED)' });
    expect(healthLabel(down)).toBe('unreachable: connection refused (ECONNREFUSED)');
  });

  it('reachable, syncing or synced from the informers once the API server answers', () => {
    expect(clusterHealth(undefined, up, 'stopped')).toEqual({ state: 'reachable', version: 'v1.31.2' });
    expect(clusterHealth(undefined, up, 'syncing')).toEqual({ state: 'syncing', version: 'v1.31.2' });
    expect(clusterHealth(undefined, up, 'synced')).toEqual({ state: 'synced', version: 'v1.31.2' });
    const stale = clusterHealth(undefined, up, 'stale');
    expect(stale).toMatchObject({ state: 'synced', stale: true });
    expect(healthLabel(stale)).toBe('synced, reconnecting');
    expect(healthLabel(undefined)).toBe('checking…');
  });
});
