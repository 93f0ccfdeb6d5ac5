import { describe, expect, it } from 'vitest';
import { Store } from '../store';
import { findResource } from '../kube-api/registry';
import { serveMetrics } from './api';
import { nodeUsage, podUsage, sumUsage } from '@/lib/domain/usage';

const now = new Date('2026-11-28T10:00:47Z');
const nodesDef = findResource('metrics.k8s.io', 'v1beta1', 'nodes')!;
const podsDef = findResource('metrics.k8s.io', 'v1beta1', 'pods')!;
const container = (name: string, cpu: string, memory: string) => ({ name, image: 'x', resources: { requests: { cpu, memory } } });

function cluster() {
  const store = new Store({ now: () => now });
  const ready = [{ type: 'Ready', status: 'True' }];
  store.create('nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', labels: { pool: 'a' } }, status: { allocatable: { cpu: '1930m', memory: '3Gi', pods: '17' }, conditions: ready } });
  store.create('nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n2', labels: { pool: 'b' } }, status: { allocatable: { cpu: '2', memory: '4Gi' }, conditions: [{ type: 'Ready', status: 'False' }] } });
  const pod = (name: string, ns: string, phase: string, containers: unknown[], nodeName?: string) =>
    store.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns, labels: { app: name.split('-')[0] } }, spec: { containers, ...(nodeName ? { nodeName } : {}) }, status: { phase } });
  pod('web-1', 'apps', 'Running', [container('web', '100m', '128Mi'), container('proxy', '10m', '16Mi')], 'n1');
  pod('api-1', 'apps', 'Running', [container('api', '250m', '256Mi')], 'n1');
  pod('web-2', 'apps', 'Pending', [container('web', '100m', '128Mi')]);
  pod('dns-1', 'kube-system', 'Running', [container('dns', '100m', '70Mi')], 'n1');
  return store;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const call = (store: Store, def: typeof nodesDef, opts: { namespace?: string; name?: string; query?: string } = {}): any =>
  serveMetrics(store, { def, namespace: opts.namespace, name: opts.name }, new URLSearchParams(opts.query ?? ''));

describe('metrics.k8s.io', () => {
  it('lists PodMetrics for running pods, per namespace or all, with selectors', () => {
    const store = cluster();
    const all = call(store, podsDef);
    expect(all.kind).toBe('PodMetricsList');
    expect(all.items.map((i: { metadata: { namespace: string; name: string } }) => `${i.metadata.namespace}/${i.metadata.name}`)).toEqual(['apps/api-1', 'apps/web-1', 'kube-system/dns-1']);
    expect(call(store, podsDef, { namespace: 'apps', query: 'labelSelector=app%3Dweb' }).items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['web-1']);
  });

  it('reports each container with the usage model, sampled at the window start', () => {
    const store = cluster();
    const web = store.get('pods', 'apps', 'web-1')!;
    const m = call(store, podsDef, { namespace: 'apps', name: 'web-1' });
    const expected = podUsage(web.metadata.uid!, web.spec.containers, now);
    expect(m).toMatchObject({ kind: 'PodMetrics', apiVersion: 'metrics.k8s.io/v1beta1', timestamp: '2026-11-28T10:00:30Z', window: '30s' });
    expect(m.containers).toEqual(expected.map((c) => ({ name: c.name, usage: { cpu: `${c.cpuNanos}n`, memory: `${c.memoryBytes / 1024}Ki` } })));
  });

  it('reports Ready nodes as their running pods plus the system', () => {
    const store = cluster();
    const list = call(store, nodesDef);
    expect(list.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['n1']);
    const pods = store.list('pods').filter((p) => p.spec.nodeName === 'n1').map((p) => sumUsage(podUsage(p.metadata.uid!, p.spec.containers, now)));
    const u = nodeUsage('n1', { cpuMillis: 1930, memoryBytes: 3 * 2 ** 30, pods: 17 }, pods);
    expect(list.items[0].usage).toEqual({ cpu: `${u.cpuNanos}n`, memory: `${u.memoryBytes / 1024}Ki` });
    expect(list.items[0].metadata.labels).toEqual({ pool: 'a' });
  });

  it('answers missing or not running objects with the metrics API NotFound', () => {
    const store = cluster();
    expect(() => call(store, podsDef, { namespace: 'apps', name: 'web-2' })).toThrow('podmetrics.metrics.k8s.io "web-2" not found');
    expect(() => call(store, nodesDef, { name: 'n2' })).toThrow('nodemetrics.metrics.k8s.io "n2" not found');
  });

  it('reports the memory a pod is annotated to use, up to each container limit', () => {
    const store = cluster();
    const limited = { name: 'small', image: 'x', resources: { limits: { memory: '64Mi' } } };
    store.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'hungry-1', namespace: 'apps', annotations: { 'sandbox.nodelanes.dev/memory-usage': '100Mi' } },
      spec: { nodeName: 'n1', containers: [container('big', '10m', '16Mi'), limited] },
      status: { phase: 'Running' },
    });
    const m = call(store, podsDef, { namespace: 'apps', name: 'hungry-1' });
    expect(m.containers.map((c: { name: string; usage: { memory: string } }) => `${c.name}=${c.usage.memory}`)).toEqual(['big=102400Ki', 'small=65536Ki']);
  });
});
