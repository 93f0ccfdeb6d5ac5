import { describe, expect, it } from 'vitest';
import { Store, type KObject } from '../store';
import { PodWork } from './pod-work';

const node = (name: string): KObject => ({ apiVersion: 'v1', kind: 'Node', metadata: { name } });
const pod = (name: string, spec: Record<string, unknown> = {}, status: Record<string, unknown> = { phase: 'Pending' }): KObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'ns' }, spec: { containers: [], ...spec }, status });
const names = (pods: readonly Readonly<KObject>[]) => pods.map((p) => p.metadata.name).sort();

describe('PodWork', () => {
  it('follows a pod from unbound to bound to started through the store events', () => {
    const store = new Store();
    store.create('nodes', node('n1'));
    store.create('pods', pod('old', { nodeName: 'n1' }, { phase: 'Running', startTime: 't' }));
    const work = new PodWork(store);
    store.create('pods', pod('p'));
    expect([...work.unbound.keys()]).toEqual(['ns/p']);
    expect(work.forKubelet()).toEqual([]);

    const bound = store.update('pods', { ...store.require('pods', 'ns', 'p'), spec: { containers: [], nodeName: 'n1' } });
    expect(work.unbound.size).toBe(0);
    expect(names(work.forKubelet())).toEqual(['p']);

    store.update('pods', { ...bound, status: { phase: 'Running', startTime: 't' } });
    expect(work.forKubelet()).toEqual([]);
  });

  it('hands the kubelet the pods being deleted and those on a node that went', () => {
    const store = new Store();
    store.create('nodes', node('n1'));
    store.create('nodes', node('n2'));
    store.create('pods', pod('a', { nodeName: 'n1' }, { phase: 'Running', startTime: 't' }));
    store.create('pods', pod('b', { nodeName: 'n2' }, { phase: 'Running', startTime: 't' }));
    const work = new PodWork(store);
    expect(work.forKubelet()).toEqual([]);
    const a = store.require('pods', 'ns', 'a');
    store.update('pods', { ...a, metadata: { ...a.metadata, deletionTimestamp: 't', deletionGracePeriodSeconds: 30 } });
    store.remove('nodes', undefined, 'n2');
    expect(names(work.forKubelet())).toEqual(['a', 'b']);
    store.remove('pods', 'ns', 'a');
    expect(names(work.forKubelet())).toEqual(['b']);
  });

  it('keeps a pod bound to a node not known yet until that node comes', () => {
    const store = new Store();
    const work = new PodWork(store);
    store.create('pods', pod('early', { nodeName: 'later' }, { phase: 'Running', startTime: 't' }));
    expect(names(work.forKubelet())).toEqual(['early']);
    store.create('nodes', node('later'));
    expect(work.forKubelet()).toEqual([]);
  });

  it('finds the work already in the store when it starts, and leaves finished or unbound-but-failed pods out', () => {
    const store = new Store();
    store.create('nodes', node('n1'));
    store.create('pods', pod('waiting'));
    store.create('pods', pod('failed', {}, { phase: 'Failed' }));
    store.create('pods', pod('starting', { nodeName: 'n1' }));
    const work = new PodWork(store);
    expect([...work.unbound.keys()]).toEqual(['ns/waiting']);
    expect(names(work.forKubelet())).toEqual(['starting']);
  });
});

describe('Store.lastChange', () => {
  it('is the resourceVersion of the resource’s latest change, and 0 before any', () => {
    const store = new Store();
    expect(store.lastChange('nodes')).toBe(0);
    const n = store.create('nodes', node('n1'));
    store.create('pods', pod('p'));
    expect(store.lastChange('nodes')).toBe(Number(n.metadata.resourceVersion));
    const removed = store.remove('nodes', undefined, 'n1');
    expect(store.lastChange('nodes')).toBe(Number(removed.metadata.resourceVersion));
    expect(store.lastChange('pods')).toBeLessThan(store.lastChange('nodes'));
  });
});
