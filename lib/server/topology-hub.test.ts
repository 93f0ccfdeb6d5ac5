// The hub end to end (registry → informers → cache → events) against the sandbox's Store behind a
// minimal list/watch HTTP layer written here: enough of the wire protocol for the informers, so
// the hub is tested before (and independently of) the sandbox's full API server.

import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TopologyEvent } from '@/lib/domain/model';
import { ApiError } from '@/lib/sandbox/errors';
import { Store, type KObject } from '@/lib/sandbox/store';
import {
  ClusterUnavailableError,
  UnknownClusterError,
  configureTopologyHub,
  followTopology,
  getTopology,
  openTopologyStream,
  startTopology,
  stopTopology,
  subscribeTopology,
  topologyDiagnostics,
  topologyRunning,
} from './topology-hub';

const COLLECTIONS: Record<string, string> = {
  '/api/v1/nodes': 'nodes',
  '/api/v1/pods': 'pods',
  '/apis/apps/v1/deployments': 'apps/deployments',
  '/apis/apps/v1/replicasets': 'apps/replicasets',
  '/api/v1/events': 'events',
  '/apis/policy/v1/poddisruptionbudgets': 'policy/poddisruptionbudgets',
};
/** Served only once a test "installs the CRD": until then 404, as on a cluster without Karpenter. */
const CRDS: Record<string, string> = {
  '/apis/karpenter.sh/v1/nodepools': 'karpenter.sh/nodepools',
  '/apis/autoscaling/v2/horizontalpodautoscalers': 'autoscaling/horizontalpodautoscalers',
};
const installed = new Set<string>();
/** Delays every page of the pods list: a large cluster's first sync, in miniature. */
let podsPageDelayMs = 0;

function serve(store: Store): http.Server {
  return http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const key = COLLECTIONS[url.pathname] ?? (installed.has(url.pathname) ? CRDS[url.pathname] : undefined);
    if (!key) return void res.writeHead(404).end();
    if (url.searchParams.get('watch') === 'true') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.flushHeaders();
      const send = (type: string, object: unknown) => res.write(JSON.stringify({ type, object }) + '\n');
      try {
        const stop = store.watch(key, (e) => send(e.type, e.object), Number(url.searchParams.get('resourceVersion')));
        res.on('close', stop);
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        send('ERROR', { kind: 'Status', status: 'Failure', code: err.code, reason: err.reason, message: err.message });
        res.end();
      }
      return;
    }
    if (key === 'pods' && podsPageDelayMs > 0) {
      setTimeout(() => listPage(store, key, url, res), podsPageDelayMs);
      return;
    }
    listPage(store, key, url, res);
  });
}

function listPage(store: Store, key: string, url: URL, res: http.ServerResponse) {
  {
    const all = store.list(key);
    const offset = Number(url.searchParams.get('continue') ?? 0);
    const limit = Number(url.searchParams.get('limit') ?? 0) || all.length;
    const items = all.slice(offset, offset + limit);
    const next = offset + items.length < all.length ? String(offset + items.length) : undefined;
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ kind: 'List', apiVersion: 'v1', metadata: { resourceVersion: store.resourceVersion, continue: next }, items }));
  }
}

const node = (name: string, pool: string): KObject => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels: { 'karpenter.sh/nodepool': pool, 'node.kubernetes.io/instance-type': 'm5.large' } },
  spec: {},
  status: { allocatable: { cpu: '2', memory: '8Gi', pods: '29' }, capacity: { cpu: '2', memory: '8Gi', pods: '29' }, conditions: [{ type: 'Ready', status: 'True' }] },
});

const deployment = (name: string, replicas: number): KObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { namespace: 'apps', name },
  spec: { replicas, template: { spec: { containers: [{ name: 'c', resources: { requests: { cpu: '250m', memory: '256Mi' } } }] } } },
  status: {},
});

const replicaSet = (name: string, deploymentName: string): KObject => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { namespace: 'apps', name, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: deploymentName, uid: 'd', controller: true }] },
  spec: {},
});

const pod = (name: string, rs: string, nodeName?: string): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { namespace: 'apps', name, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs, uid: 'r', controller: true }] },
  spec: { nodeName, containers: [{ name: 'c', resources: { requests: { cpu: '250m', memory: '256Mi' } } }] },
  status: { phase: nodeName ? 'Running' : 'Pending' },
});

async function eventually<T>(probe: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('topology hub', () => {
  const store = new Store({ historySize: 50 });
  const server = serve(store);
  const savedEnv = { ...process.env };
  let dir: string;

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodelanes-hub-'));
    const kubeconfig = path.join(dir, 'kubeconfig');
    fs.writeFileSync(
      kubeconfig,
      `apiVersion: v1\nkind: Config\nclusters:\n- name: sandbox\n  cluster:\n    server: http://127.0.0.1:${port}\nusers:\n- name: u\n  user: {}\ncontexts:\n- name: sandbox\n  context:\n    cluster: sandbox\n    user: u\ncurrent-context: sandbox\n`,
    );
    process.env.NODELANES_CLUSTER = 'sandbox';
    process.env.NODELANES_SANDBOX_KUBECONFIG = kubeconfig;
    configureTopologyHub({ informer: { backoff: { baseMs: 20, maxMs: 100 }, pageSize: 2, absentRetryMs: 100, maxEvents: 4, log: () => undefined }, syncTimeoutMs: 3000 });

    store.create('nodes', node('gp-1', 'general-purpose'));
    store.create('nodes', node('sys-1', 'system'));
    store.create('apps/deployments', deployment('frontend', 2));
    store.create('apps/replicasets', replicaSet('frontend-5d8f9c7b6a', 'frontend'));
    store.create('pods', pod('frontend-5d8f9c7b6a-aaaaa', 'frontend-5d8f9c7b6a', 'gp-1'));
    store.create('pods', pod('frontend-5d8f9c7b6a-bbbbb', 'frontend-5d8f9c7b6a', 'gp-1'));
    store.create('pods', pod('frontend-5d8f9c7b6a-ccccc', 'frontend-5d8f9c7b6a'));
  });

  afterAll(async () => {
    stopTopology();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    process.env = { ...savedEnv };
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves one shared snapshot with owners resolved through ReplicaSets', async () => {
    const [a, b] = await Promise.all([getTopology('sandbox'), getTopology('sandbox')]);
    expect(a.nodes.map((n) => n.pool.name).sort()).toEqual(['general-purpose', 'system']);
    expect(a.pods).toHaveLength(3);
    expect(a.pods.every((p) => p.owner?.kind === 'Deployment' && p.owner.name === 'frontend')).toBe(true);
    expect(a.deployments).toEqual([expect.objectContaining({ name: 'frontend', replicas: 2, requests: { cpuMillis: 250, memoryBytes: 256 * 2 ** 20, pods: 1 } })]);
    expect(b.pods).toHaveLength(3);
    expect(a.stale).toBe(false);
    expect(Number(a.resourceVersion)).toBeGreaterThanOrEqual(Number(store.resourceVersion));
    expect(topologyDiagnostics('sandbox')!.lists).toEqual({
      replicasets: 1,
      nodes: 1,
      deployments: 1,
      pods: 1,
      events: 1,
      poddisruptionbudgets: 1,
      // Without the Karpenter / EKS CRDs (404) these never list, yet the cluster synced and is not stale.
      nodepools: 0,
      nodeclaims: 0,
      nodeclasses: 0,
      // autoscaling/v2 is not served by this stand-in either: optional, like the CRDs.
      horizontalpodautoscalers: 0,
    });
    expect(a).toMatchObject({ nodePools: [], nodeClaims: [], nodeClasses: [], pdbs: [], events: [] });
  });

  it('fans deltas out to every subscriber', async () => {
    const first: TopologyEvent[] = [];
    const second: TopologyEvent[] = [];
    const offFirst = subscribeTopology('sandbox', (e) => first.push(e));
    const { snapshot, unsubscribe: offSecond } = await openTopologyStream('sandbox', (e) => second.push(e));
    expect(snapshot.pods).toHaveLength(3);

    const current = store.get('apps/deployments', 'apps', 'frontend')!;
    store.update('apps/deployments', { ...current, spec: { ...current.spec, replicas: 3 } });
    store.remove('pods', 'apps', 'frontend-5d8f9c7b6a-aaaaa');
    store.create('nodes', node('gp-2', 'general-purpose'));

    for (const events of [first, second]) {
      await eventually(() => events.length >= 3);
      // Each kind has its own watch, so only the order within a kind is guaranteed.
      expect(events).toHaveLength(3);
      expect(events).toEqual(
        expect.arrayContaining([
          { type: 'deployment-upserted', deployment: expect.objectContaining({ name: 'frontend', replicas: 3 }) },
          { type: 'pod-deleted', namespace: 'apps', name: 'frontend-5d8f9c7b6a-aaaaa' },
          { type: 'node-upserted', node: expect.objectContaining({ name: 'gp-2' }) },
        ]),
      );
    }
    offFirst();
    offSecond();
    expect((await getTopology('sandbox')).nodes).toHaveLength(3);
  });

  it('relists on 410 Expired and sends only what changed', async () => {
    const events: TopologyEvent[] = [];
    const off = subscribeTopology('sandbox', (e) => events.push(e));
    const before = topologyDiagnostics('sandbox')!.lists.pods;
    // Cut every watch, then write more than the history (50) holds before they come back.
    server.closeAllConnections();
    for (let i = 0; i < 60; i++) {
      const p = store.get('pods', 'apps', 'frontend-5d8f9c7b6a-ccccc')!;
      store.update('pods', { ...p, metadata: { ...p.metadata, annotations: { n: String(i) } } });
    }
    store.remove('pods', 'apps', 'frontend-5d8f9c7b6a-bbbbb');
    await eventually(() => topologyDiagnostics('sandbox')!.lists.pods > before);
    await eventually(() => events.some((e) => e.type === 'pod-deleted' && e.name === 'frontend-5d8f9c7b6a-bbbbb'));
    // The annotation is not in the model: the relist found nothing else to report about that pod.
    expect(events.filter((e) => e.type === 'pod-upserted')).toEqual([]);
    off();
  });

  it('maps unknown and unreachable clusters to typed errors', async () => {
    await expect(getTopology('elsewhere')).rejects.toBeInstanceOf(UnknownClusterError);
    const saved = process.env.NODELANES_SANDBOX_KUBECONFIG;
    const probe = http.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const deadPort = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const dead = path.join(dir, 'dead-kubeconfig');
    fs.writeFileSync(dead, fs.readFileSync(saved!, 'utf8').replace(/127\.0\.0\.1:\d+/, `127.0.0.1:${deadPort}`));
    process.env.NODELANES_SANDBOX_KUBECONFIG = dead;
    try {
      const err = await getTopology('sandbox').catch((e) => e);
      expect(err).toBeInstanceOf(ClusterUnavailableError);
      expect(err).toMatchObject({ status: 503, code: 'cluster_unavailable', clusterId: 'sandbox' });
      process.env.NODELANES_SANDBOX_KUBECONFIG = path.join(dir, 'not-written-yet');
      await expect(getTopology('sandbox')).rejects.toBeInstanceOf(ClusterUnavailableError);
    } finally {
      process.env.NODELANES_SANDBOX_KUBECONFIG = saved;
    }
    // Back on the live server, the hub starts afresh.
    expect((await getTopology('sandbox')).nodes).toHaveLength(3);
  });

  it('starts a cluster without a request (as a server does at boot), and leaves an unknown one to the first request', async () => {
    stopTopology('sandbox');
    expect(startTopology('elsewhere')).toBe(false);
    expect(topologyRunning('elsewhere')).toBe(false);
    expect(startTopology('sandbox')).toBe(true);
    expect(topologyRunning('sandbox')).toBe(true);
    // The list is under way before anyone asks: a request then finds that very sync.
    expect(topologyDiagnostics('sandbox')!.lists.pods ?? 0).toBeLessThanOrEqual(1);
    expect((await getTopology('sandbox')).nodes).toHaveLength(3);
    expect(topologyDiagnostics('sandbox')!.lists.pods).toBe(1);
  });

  it('picks up a CRD installed after the first sync, without ever going stale', async () => {
    const events: TopologyEvent[] = [];
    const off = subscribeTopology('sandbox', (e) => events.push(e));
    store.create('karpenter.sh/nodepools', {
      apiVersion: 'karpenter.sh/v1',
      kind: 'NodePool',
      metadata: { name: 'ai-ml' },
      spec: { template: { spec: { nodeClassRef: { group: 'eks.amazonaws.com', kind: 'NodeClass', name: 'ai-ml-node-class' } } } },
    });
    installed.add('/apis/karpenter.sh/v1/nodepools');
    await eventually(() => events.some((e) => e.type === 'nodepool-upserted' && e.nodePool.name === 'ai-ml'));
    expect((await getTopology('sandbox')).nodePools.map((p) => p.nodeClassRef.name)).toEqual(['ai-ml-node-class']);
    // Found, not recovered: no stale flag on the way (its note says it was listed when it appeared).
    expect(events.some((e) => e.type === 'stale' && e.stale)).toBe(false);
    const note = (await getTopology('sandbox')).sync?.find((n) => n.resource === 'nodepools');
    expect(note).toMatchObject({ resource: 'nodepools', relisted: { reason: 'initial', vanished: 0 } });
    expect(note?.stale).toBeUndefined();
    off();
  });

  it('shows an HPA on the Deployment it scales, and takes it off when the HPA goes', async () => {
    const events: TopologyEvent[] = [];
    const off = subscribeTopology('sandbox', (e) => events.push(e));
    const hpa = (currentReplicas: number): KObject => ({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { namespace: 'apps', name: 'frontend' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'frontend' }, minReplicas: 2, maxReplicas: 6, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }] },
      status: { currentReplicas, desiredReplicas: 3, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 80 } } }] },
    });
    const created = store.create('autoscaling/horizontalpodautoscalers', hpa(2));
    installed.add('/apis/autoscaling/v2/horizontalpodautoscalers');
    const shown = await eventually(() => events.find((e) => e.type === 'deployment-upserted' && e.deployment.name === 'frontend' && e.deployment.hpa));
    expect(shown.type === 'deployment-upserted' && shown.deployment.hpa).toEqual({ name: 'frontend', minReplicas: 2, maxReplicas: 6, currentReplicas: 2, desiredReplicas: 3, targets: 'cpu: 80%/60%' });
    store.update('autoscaling/horizontalpodautoscalers', { ...created, status: { ...hpa(3).status } });
    await eventually(() => events.some((e) => e.type === 'deployment-upserted' && e.deployment.hpa?.currentReplicas === 3));
    store.remove('autoscaling/horizontalpodautoscalers', 'apps', 'frontend');
    await eventually(() => events.some((e) => e.type === 'deployment-upserted' && e.deployment.name === 'frontend' && !e.deployment.hpa));
    expect((await getTopology('sandbox')).deployments.find((d) => d.name === 'frontend')?.hpa).toBeUndefined();
    off();
  });

  it('keeps only the newest events, saying which fell out, and sends nothing for an unchanged one', async () => {
    const deltas: TopologyEvent[] = [];
    const off = subscribeTopology('sandbox', (e) => deltas.push(e));
    const event = (name: string, minute: number): KObject => ({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { namespace: 'apps', name },
      involvedObject: { kind: 'Pod', namespace: 'apps', name: 'frontend-5d8f9c7b6a-ccccc' },
      reason: 'BackOff',
      message: `attempt ${minute}`,
      type: 'Warning',
      count: 1,
      lastTimestamp: `2026-01-01T00:${String(minute).padStart(2, '0')}:00Z`,
      source: { component: 'kubelet' },
    });
    for (let minute = 1; minute <= 6; minute++) store.create('events', event(`e${minute}`, minute));
    await eventually(() => deltas.filter((d) => d.type === 'event-upserted').length === 6);
    expect(deltas.filter((d) => d.type === 'event-deleted').map((d) => (d as { name: string }).name)).toEqual(['e1', 'e2']);
    const kept = (await getTopology('sandbox')).events;
    expect(kept.map((e) => e.name).sort()).toEqual(['e3', 'e4', 'e5', 'e6']);
    expect(kept[0]).toMatchObject({ involved: { kind: 'Pod', name: 'frontend-5d8f9c7b6a-ccccc' }, type: 'Warning', source: 'kubelet' });

    // An older event arriving late does not push out newer ones.
    store.create('events', event('e0', 0));
    // An update the compact form does not show (a label) sends nothing; a new count does.
    const e6 = store.get('events', 'apps', 'e6')!;
    store.update('events', { ...e6, metadata: { ...e6.metadata, labels: { seen: 'yes' } } });
    store.update('events', { ...store.get('events', 'apps', 'e6')!, count: 2 });
    await eventually(() => deltas.some((d) => d.type === 'event-upserted' && d.event.name === 'e6' && d.event.count === 2));
    expect(deltas.filter((d) => d.type === 'event-upserted' && d.event.name === 'e6')).toHaveLength(2);
    expect(deltas.some((d) => d.type === 'event-upserted' && d.event.name === 'e0')).toBe(false);
    expect((await getTopology('sandbox')).events).toHaveLength(4);
    off();
  });
  it('keeps a slow first sync going when requests time out, and reports its progress', async () => {
    stopTopology();
    // Several pages (the hub lists 2 at a time here), so progress can be seen between them.
    for (const suffix of ['ddddd', 'eeeee', 'fffff', 'ggggg']) store.create('pods', pod(`frontend-5d8f9c7b6a-${suffix}`, 'frontend-5d8f9c7b6a', 'gp-1'));
    podsPageDelayMs = 300;
    configureTopologyHub({ syncTimeoutMs: 100 });
    try {
      const timedOut = await getTopology('sandbox').catch((e) => e);
      expect(timedOut).toBeInstanceOf(ClusterUnavailableError);
      expect(topologyDiagnostics('sandbox')!.progress.synced).toBe(false);

      const seen: Array<{ synced: boolean; pods?: { listed: number; done: boolean } }> = [];
      const deltas: Array<[TopologyEvent, string]> = [];
      const { snapshot, unsubscribe } = await followTopology(
        'sandbox',
        (e, rv) => deltas.push([e, rv]),
        (p) => seen.push({ synced: p.synced, pods: p.kinds.pods }),
        { progressEveryMs: 50 },
      );
      // The sync the timed-out request started is the one that finished: pods were listed once.
      expect(topologyDiagnostics('sandbox')!.lists.pods).toBe(1);
      expect(snapshot.pods.length).toBeGreaterThan(0);
      expect(seen[0]).toMatchObject({ synced: false });
      expect(seen.some((p) => p.pods && p.pods.listed > 0 && !p.pods.done)).toBe(true);
      expect(topologyDiagnostics('sandbox')!.progress).toMatchObject({ synced: true, kinds: { pods: { listed: snapshot.pods.length, done: true } } });

      store.create('nodes', node('gp-9', 'general-purpose'));
      await eventually(() => deltas.length > 0);
      const [event, rv] = deltas[0];
      expect(event).toMatchObject({ type: 'node-upserted', node: { name: 'gp-9' } });
      expect(Number(rv)).toBeGreaterThan(Number(snapshot.resourceVersion));
      unsubscribe();
    } finally {
      podsPageDelayMs = 0;
      configureTopologyHub({ syncTimeoutMs: 3000 });
    }
  });
});
