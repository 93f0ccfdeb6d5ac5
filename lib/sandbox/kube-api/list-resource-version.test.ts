import { afterEach, describe, expect, it, vi } from 'vitest';
import { listResourceVersion } from './list-resource-version';
import { ApiError } from '../errors';
import { Store } from '../store';

const cm = (ns: string, name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns } });
const q = (s: string) => new URLSearchParams(s);
const failure = (p: Promise<unknown>) => p.then(() => undefined, (e: ApiError) => ({ code: e.code, reason: e.reason, message: e.message }));

afterEach(() => vi.useRealTimers());

describe('listResourceVersion', () => {
  it('unset, "0" and NotOlderThan a version reached: the current state', async () => {
    const store = new Store();
    store.create('configmaps', cm('apps', 'a'));
    const rv = store.resourceVersion;
    store.create('configmaps', cm('apps', 'b'));
    expect(await listResourceVersion(store, 'configmaps', 'apps', q(''))).toBeUndefined();
    expect(await listResourceVersion(store, 'configmaps', 'apps', q('resourceVersion=0'))).toBeUndefined();
    expect(await listResourceVersion(store, 'configmaps', 'apps', q(`resourceVersion=${rv}&resourceVersionMatch=NotOlderThan`))).toBeUndefined();
  });

  it('Exact: served at that version while nothing in the list changed since, else 410 as a compacted etcd', async () => {
    const store = new Store();
    store.create('configmaps', cm('apps', 'a'));
    const rv = store.resourceVersion;
    store.create('configmaps', cm('other', 'x'));
    store.create('secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'apps' } });
    expect(await listResourceVersion(store, 'configmaps', 'apps', q(`resourceVersion=${rv}&resourceVersionMatch=Exact`))).toBe(rv);
    expect(await failure(listResourceVersion(store, 'configmaps', undefined, q(`resourceVersion=${rv}&resourceVersionMatch=Exact`)))).toEqual({
      code: 410,
      reason: 'Expired',
      message: 'The resourceVersion for the provided list is too old.',
    });
    expect((await failure(listResourceVersion(store, 'configmaps', 'apps', q('resourceVersion=5&resourceVersionMatch=Exact'))))?.code).toBe(410);
  });

  it('a version not reached yet is waited for, then 504 Too large resource version', async () => {
    vi.useFakeTimers();
    const store = new Store();
    const current = Number(store.resourceVersion);
    const waiting = failure(listResourceVersion(store, 'configmaps', 'apps', q(`resourceVersion=${current + 5}`)));
    await vi.advanceTimersByTimeAsync(3100);
    expect(await waiting).toEqual({ code: 504, reason: 'Timeout', message: `Timeout: Too large resource version: ${current + 5}, current: ${current}` });

    const reached = listResourceVersion(store, 'configmaps', 'apps', q(`resourceVersion=${current + 1}&resourceVersionMatch=NotOlderThan`));
    await vi.advanceTimersByTimeAsync(500);
    store.create('configmaps', cm('apps', 'late'));
    await vi.advanceTimersByTimeAsync(100);
    expect(await reached).toBeUndefined();
  });
});
