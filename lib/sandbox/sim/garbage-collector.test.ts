import { describe, expect, it, vi } from 'vitest';
import { Store, type KObject, type OwnerReference } from '../store';
import { deleteWithPropagation } from '../kube-api/propagation';
import { GarbageCollector } from './garbage-collector';

const NS = 'apps';

const refTo = (o: KObject, extra: Partial<OwnerReference> = { controller: true, blockOwnerDeletion: true }): OwnerReference => ({
  apiVersion: o.apiVersion,
  kind: o.kind,
  name: o.metadata.name,
  uid: o.metadata.uid!,
  ...extra,
});

function put(store: Store, key: string, apiVersion: string, kind: string, name: string, owners: OwnerReference[] = [], extra: Partial<KObject> = {}) {
  return store.create(key, { apiVersion, kind, metadata: { name, namespace: NS, ...(owners.length ? { ownerReferences: owners } : {}) }, ...extra });
}

/** A Deployment with one ReplicaSet of `pods` pods; the pods are bound to a node unless said. */
function deployment(store: Store, name: string, pods: number, bound = true) {
  const d = put(store, 'apps/deployments', 'apps/v1', 'Deployment', name);
  const rs = put(store, 'apps/replicasets', 'apps/v1', 'ReplicaSet', `${name}-abc`, [refTo(d)]);
  const list = Array.from({ length: pods }, (_, i) =>
    put(store, 'pods', 'v1', 'Pod', `${name}-abc-${i}`, [refTo(rs)], { spec: { ...(bound ? { nodeName: 'n1' } : {}), terminationGracePeriodSeconds: 30 } }),
  );
  return { d, rs, pods: list };
}

const names = (store: Store, key: string) => store.list(key, NS).map((o) => o.metadata.name);

describe('garbage collector', () => {
  it('background: a deleted Deployment takes its ReplicaSet, then the ReplicaSet its pods (unbound at once, bound gracefully)', () => {
    const store = new Store();
    const gc = new GarbageCollector(store);
    deployment(store, 'web', 2, false);
    deployment(store, 'api', 1, true);
    gc.collect();
    expect(names(store, 'pods')).toHaveLength(3);

    store.remove('apps/deployments', NS, 'web');
    store.remove('apps/deployments', NS, 'api');
    gc.collect();
    expect(names(store, 'apps/replicasets')).toEqual([]);
    gc.collect();
    expect(names(store, 'pods')).toEqual(['api-abc-0']);
    expect(store.get('pods', NS, 'api-abc-0')!.metadata).toMatchObject({ deletionGracePeriodSeconds: 30 });
    expect(store.get('pods', NS, 'api-abc-0')!.metadata.deletionTimestamp).toBeTruthy();
  });

  it('orphan: the owner waits behind its finalizer until its dependents no longer point at it', () => {
    const store = new Store();
    const gc = new GarbageCollector(store);
    const { rs } = deployment(store, 'web', 2, false);
    const { kept } = deleteWithPropagation(store, 'apps/replicasets', store.get('apps/replicasets', NS, rs.metadata.name)!, 'Orphan');
    expect(kept!.metadata.finalizers).toEqual(['orphan']);
    expect(kept!.metadata.deletionTimestamp).toBeTruthy();
    gc.collect();
    expect(store.get('apps/replicasets', NS, rs.metadata.name)).toBeUndefined();
    const pods = store.list('pods', NS);
    expect(pods).toHaveLength(2);
    for (const p of pods) expect(p.metadata.ownerReferences).toBeUndefined();
    // The Deployment still owns nothing it lost: it stays.
    expect(names(store, 'apps/deployments')).toEqual(['web']);
  });

  it('foreground: the owner goes only after its blocking dependents, which are deleted in the foreground when they own things', () => {
    const store = new Store();
    const gc = new GarbageCollector(store);
    const { d, rs } = deployment(store, 'web', 2, true);
    deleteWithPropagation(store, 'apps/deployments', store.get('apps/deployments', NS, 'web')!, 'Foreground');
    gc.collect();
    const rsNow = store.get('apps/replicasets', NS, rs.metadata.name)!;
    expect(rsNow.metadata.finalizers).toEqual(['foregroundDeletion']);
    gc.collect();
    // The pods are terminating; both owners wait for them.
    for (const p of store.list('pods', NS)) expect(p.metadata.deletionTimestamp).toBeTruthy();
    expect(store.get('apps/deployments', NS, 'web')).toBeDefined();
    for (const p of store.list('pods', NS)) store.remove('pods', NS, p.metadata.name);
    gc.collect();
    expect(store.get('apps/replicasets', NS, rs.metadata.name)).toBeUndefined();
    gc.collect();
    expect(store.get('apps/deployments', NS, d.metadata.name)).toBeUndefined();
  });

  it('a dependent with another owner left loses only the dangling reference', () => {
    const store = new Store();
    const gc = new GarbageCollector(store);
    const a = put(store, 'configmaps', 'v1', 'ConfigMap', 'a');
    const b = put(store, 'configmaps', 'v1', 'ConfigMap', 'b');
    put(store, 'secrets', 'v1', 'Secret', 'shared', [refTo(a, {}), refTo(b, {})]);
    store.remove('configmaps', NS, 'a');
    gc.collect();
    expect(store.get('secrets', NS, 'shared')!.metadata.ownerReferences).toEqual([refTo(b, {})]);
    store.remove('configmaps', NS, 'b');
    gc.collect();
    expect(store.get('secrets', NS, 'shared')).toBeUndefined();
  });

  it('an object created owned by an absent uid is collected; an owner of a kind it does not manage is left alone', () => {
    const store = new Store();
    const gc = new GarbageCollector(store);
    const ghost = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'gone', uid: 'no-such-uid' };
    put(store, 'pods', 'v1', 'Pod', 'orphaned', [ghost]);
    // A mirror pod is owned by its Node; nodes stay out of the graph (their NodeClaim's termination removes them).
    put(store, 'pods', 'v1', 'Pod', 'on-a-node', [{ apiVersion: 'v1', kind: 'Node', name: 'n', uid: 'node-uid' }]);
    gc.collect();
    expect(names(store, 'pods')).toEqual(['on-a-node']);
  });

  it("a deleted NodePool's NodeClaims are deleted, which their termination finalizer turns into a mark", () => {
    const store = new Store();
    const gc = new GarbageCollector(store);
    const pool = store.create('karpenter.sh/nodepools', { apiVersion: 'karpenter.sh/v1', kind: 'NodePool', metadata: { name: 'ai-ml' }, spec: {} });
    const owned = { ownerReferences: [{ apiVersion: 'karpenter.sh/v1', kind: 'NodePool', name: 'ai-ml', uid: pool.metadata.uid!, blockOwnerDeletion: true }] };
    store.create('karpenter.sh/nodeclaims', { apiVersion: 'karpenter.sh/v1', kind: 'NodeClaim', metadata: { name: 'ai-ml-a', ...owned, finalizers: ['karpenter.sh/termination'] }, spec: {} });
    store.create('karpenter.sh/nodeclaims', { apiVersion: 'karpenter.sh/v1', kind: 'NodeClaim', metadata: { name: 'ai-ml-b', ...owned }, spec: {} });
    gc.collect();
    expect(store.list('karpenter.sh/nodeclaims')).toHaveLength(2);
    store.remove('karpenter.sh/nodepools', undefined, 'ai-ml');
    gc.collect();
    const left = store.list('karpenter.sh/nodeclaims');
    expect(left.map((c) => c.metadata.name)).toEqual(['ai-ml-a']);
    expect(left[0].metadata.deletionTimestamp).toBeTruthy();
  });

  it('a 150,000-pod cluster: an idle pass reads nothing, a deleted ReplicaSet reads about its own pods', () => {
    const store = new Store();
    const owners: KObject[] = [];
    for (let r = 0; r < 5_000; r++) owners.push(put(store, 'apps/replicasets', 'apps/v1', 'ReplicaSet', `rs-${r}`));
    for (let i = 0; i < 150_000; i++) put(store, 'pods', 'v1', 'Pod', `p-${i}`, [refTo(owners[i % 5_000])]);
    const gc = new GarbageCollector(store);
    const get = vi.spyOn(store, 'get');
    gc.collect();
    expect(get).not.toHaveBeenCalled();
    store.remove('apps/replicasets', NS, 'rs-7');
    gc.collect();
    expect(store.list('pods', NS).filter((p) => p.metadata.ownerReferences?.[0].name === 'rs-7')).toEqual([]);
    expect(store.list('pods', NS)).toHaveLength(150_000 - 30);
    expect(get.mock.calls.length).toBeLessThanOrEqual(60);
  }, 120_000);
});
