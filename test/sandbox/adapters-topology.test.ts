// The app's adapters (cluster registry → topology hub → informers → transform) against a running
// sandbox, over HTTP, through @kubernetes/client-node — the same path as against a real cluster.
//
// Between the informers and the sandbox sits a TCP proxy this test controls: taking it down is
// the API server becoming unreachable (stale), and writes made meanwhile beyond the store's watch
// history make the resume fail with 410 Expired, which must end in a relist.

import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { AppsV1Api, CoreV1Api, CustomObjectsApi, PolicyV1Api, type KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLanes } from '@/lib/domain/lanes';
import { matchesLabelSelector } from '@/lib/domain/label-selector';
import { MAX_EVENTS } from '@/lib/server/k8s/topology-cache';
import { buildCandidates } from '@/lib/domain/consolidation-candidates';
import { consolidationVerdicts, type Verdict } from '@/lib/domain/consolidation';
import type { PdbInfo, TopologyEvent, TopologySnapshot } from '@/lib/domain/model';
import { kubeConfigFromFile } from '@/lib/server/k8s/client';
import { configureTopologyHub, getTopology, stopTopology, subscribeTopology, topologyDiagnostics } from '@/lib/server/topology-hub';

import { startSandbox, type Sandbox } from '@/lib/sandbox/sandbox';

/** A TCP proxy that can be taken down (connections cut, port closed) and brought back on its port. */
class Partition {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async up() {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  async down() {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }
}

async function eventually<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('adapters against the sandbox', () => {
  let sandbox: Sandbox;
  let partition: Partition;
  let dir: string;
  let kc: KubeConfig;
  const events: TopologyEvent[] = [];
  let unsubscribe: () => void = () => undefined;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodelanes-adapters-'));
    sandbox = await startSandbox({ scenario: 'migration', timeScale: 20, dir, port: 0, quiet: true });
    // The seed's pods come up through the controllers: wait until every deployment is available.
    const deadline = Date.now() + 30_000;
    while (
      sandbox.store.list('apps/deployments').some((d) => (d.status?.availableReplicas ?? 0) !== d.spec.replicas) ||
      sandbox.store.list('pods').length === 0
    ) {
      if (Date.now() > deadline) throw new Error('seeded deployments never became available');
      await new Promise((r) => setTimeout(r, 100));
    }

    // The app reads the sandbox through the proxy: a kubeconfig of its own, pointing there.
    const target = new URL(sandbox.url);
    partition = new Partition({ host: target.hostname, port: Number(target.port) });
    await partition.up();
    const viaProxy = path.join(dir, 'kubeconfig-via-proxy');
    fs.writeFileSync(viaProxy, fs.readFileSync(sandbox.kubeconfigPath, 'utf8').split(sandbox.url.replace(/\/$/, '')).join(`http://127.0.0.1:${partition.port}`));
    process.env.NODELANES_CLUSTER = 'sandbox';
    process.env.NODELANES_SANDBOX_KUBECONFIG = viaProxy;
    configureTopologyHub({ informer: { backoff: { baseMs: 50, maxMs: 500 }, log: () => undefined } });

    // The test's own client talks to the sandbox directly.
    kc = kubeConfigFromFile(sandbox.kubeconfigPath);
  });

  afterAll(async () => {
    unsubscribe();
    stopTopology();
    await partition?.down();
    await sandbox?.stop();
    process.env = { ...savedEnv };
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the first snapshot matches the store: nodes, pools, pods and their owners', async () => {
    const snapshot = await getTopology('sandbox');
    unsubscribe = subscribeTopology('sandbox', (e) => events.push(e));
    const storeNodes = sandbox.store.list('nodes');
    const storePods = sandbox.store.list('pods');
    expect(snapshot.cluster).toBe('sandbox');
    expect(snapshot.stale).toBe(false);
    expect(snapshot.nodes.map((n) => n.name).sort()).toEqual(storeNodes.map((n) => n.metadata.name).sort());
    expect(snapshot.pods.length).toBe(storePods.length);
    expect(snapshot.deployments.length).toBe(sandbox.store.list('apps/deployments').length);

    const pools = buildLanes(snapshot).lanes.map((l) => l.name);
    expect(pools).toEqual(expect.arrayContaining(['general-purpose', 'system', 'general-pool']));

    // Every pod whose ReplicaSet belongs to a Deployment is attributed to that Deployment.
    for (const raw of storePods) {
      const rsRef = raw.metadata.ownerReferences?.find((r) => r.kind === 'ReplicaSet');
      if (!rsRef) continue;
      const rs = sandbox.store.get('apps/replicasets', raw.metadata.namespace, rsRef.name);
      const deployment = rs?.metadata?.ownerReferences?.find((r: { kind: string }) => r.kind === 'Deployment');
      const pod = snapshot.pods.find((p) => p.namespace === raw.metadata.namespace && p.name === raw.metadata.name)!;
      expect(pod.owner).toEqual(deployment ? { kind: 'Deployment', name: deployment.name } : { kind: 'ReplicaSet', name: rsRef.name });
    }
    expect(snapshot.pods.some((p) => p.owner?.kind === 'Deployment')).toBe(true);
  });

  it('scaling a deployment through the API arrives as deltas', async () => {
    const apps = kc.makeApiClient(AppsV1Api);
    const target = (await getTopology('sandbox')).deployments.find((d) => d.namespace !== 'kube-system')!;
    const current = await apps.readNamespacedDeployment({ namespace: target.namespace, name: target.name });
    const replicas = (current.spec?.replicas ?? 1) + 1;
    events.length = 0;
    await apps.replaceNamespacedDeployment({
      namespace: target.namespace,
      name: target.name,
      body: { ...current, spec: { ...current.spec!, replicas } },
    });
    await eventually(
      () => events.some((e) => e.type === 'deployment-upserted' && e.deployment.name === target.name && e.deployment.replicas === replicas),
      20_000,
      'the deployment delta',
    );
    await eventually(
      () => events.some((e) => e.type === 'pod-upserted' && e.pod.owner?.name === target.name && e.pod.owner.kind === 'Deployment'),
      20_000,
      'a pod delta for the new replica',
    );
  });

  it('deleting a pod through the API arrives as a delta', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const victim = (await getTopology('sandbox')).pods.find((p) => p.owner?.kind === 'Deployment' && p.namespace !== 'kube-system')!;
    events.length = 0;
    await core.deleteNamespacedPod({ namespace: victim.namespace, name: victim.name });
    await eventually(
      () =>
        events.some(
          (e) =>
            (e.type === 'pod-deleted' && e.name === victim.name) ||
            (e.type === 'pod-upserted' && e.pod.name === victim.name && e.pod.terminating),
        ),
      20_000,
      'the pod deletion delta',
    );
  });

  it('carries NodePools, NodeClasses, NodeClaims, PDBs and Events, as the store holds them', async () => {
    // The PDBs' status comes from the sandbox's disruption controller, a tick after the pods change
    // (the tests before this one scaled and deleted pods): wait until it agrees with the pods.
    const coveredBy = (s: TopologySnapshot, pdb: PdbInfo) =>
      s.pods.filter((p) => p.namespace === pdb.namespace && !p.terminating && matchesLabelSelector(pdb.selector, p.labels));
    const snapshot = await eventually(async () => {
      const s = await getTopology('sandbox');
      const pdb = s.pdbs.find((p) => p.name === 'backend-api');
      const covered = pdb ? coveredBy(s, pdb) : [];
      return pdb && covered.length > 0 && pdb.expectedPods === covered.length && pdb.currentHealthy === covered.filter((p) => p.ready).length && s;
    }, 20_000, 'PDB status that agrees with the pods');
    const names = (items: { name: string }[]) => items.map((i) => i.name).sort();
    expect(names(snapshot.nodePools)).toEqual(names(sandbox.store.list('karpenter.sh/nodepools').map((o) => o.metadata)));
    expect(snapshot.nodePools.filter((p) => p.builtIn).map((p) => p.name).sort()).toEqual(['general-purpose', 'system']);
    expect(snapshot.nodePools.find((p) => p.name === 'system')).toMatchObject({
      nodeClassRef: { group: 'eks.amazonaws.com', kind: 'NodeClass', name: 'default' },
      taints: [expect.objectContaining({ key: 'CriticalAddonsOnly' })],
      ready: true,
    });
    expect(snapshot.nodeClasses).toEqual([expect.objectContaining({ name: 'default', role: 'AmazonEKSAutoNodeRole', ready: true })]);

    const claims = sandbox.store.list('karpenter.sh/nodeclaims');
    expect(claims.length).toBeGreaterThan(0);
    expect(names(snapshot.nodeClaims)).toEqual(names(claims.map((c) => c.metadata)));
    for (const claim of snapshot.nodeClaims) {
      expect(claim).toMatchObject({ stage: 'Initialized', nodeClass: 'default' });
      expect(snapshot.nodes.some((n) => n.name === claim.nodeName && n.pool.name === claim.nodePool)).toBe(true);
    }

    const backendPdb = snapshot.pdbs.find((p) => p.namespace === 'apps' && p.name === 'backend-api')!;
    expect(backendPdb).toMatchObject({ minAvailable: 2, desiredHealthy: 2, disruptionsAllowed: Math.max(0, backendPdb.currentHealthy - 2) });
    expect(backendPdb.expectedPods).toBeGreaterThanOrEqual(3);
    expect(new Set(coveredBy(snapshot, backendPdb).map((p) => p.owner?.name))).toEqual(new Set(['backend-api']));
    expect(snapshot.pdbs.find((p) => p.name === 'coredns')).toMatchObject({ namespace: 'kube-system', maxUnavailable: 1 });

    expect(snapshot.events.length).toBeGreaterThan(0);
    expect(snapshot.events.length).toBeLessThanOrEqual(MAX_EVENTS);
    expect(snapshot.events.some((e) => e.reason === 'Scheduled' && e.involved.kind === 'Pod' && e.source === 'default-scheduler')).toBe(true);
  });

  it('a new NodeClass, NodePool and pinned workload arrive as deltas, down to the NodeClaim launching', async () => {
    const custom = kc.makeApiClient(CustomObjectsApi);
    const apps = kc.makeApiClient(AppsV1Api);
    const policy = kc.makeApiClient(PolicyV1Api);
    events.length = 0;
    await custom.createClusterCustomObject({
      group: 'eks.amazonaws.com',
      version: 'v1',
      plural: 'nodeclasses',
      body: { apiVersion: 'eks.amazonaws.com/v1', kind: 'NodeClass', metadata: { name: 'deltas-class' }, spec: { role: 'AmazonEKSAutoNodeRole', subnetSelectorTerms: [{ tags: { 'kubernetes.io/role/internal-elb': '1' } }], securityGroupSelectorTerms: [{ tags: { 'kubernetes.io/cluster/sandbox': 'owned' } }] } },
    });
    await custom.createClusterCustomObject({
      group: 'karpenter.sh',
      version: 'v1',
      plural: 'nodepools',
      body: {
        apiVersion: 'karpenter.sh/v1',
        kind: 'NodePool',
        metadata: { name: 'deltas-pool' },
        spec: {
          template: { spec: { nodeClassRef: { group: 'eks.amazonaws.com', kind: 'NodeClass', name: 'deltas-class' }, requirements: [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['c6a.large'] }] } },
          limits: { cpu: '16' },
          disruption: { consolidationPolicy: 'WhenEmpty', consolidateAfter: '1m' },
        },
      },
    });
    await apps.createNamespacedDeployment({
      namespace: 'apps',
      body: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'deltas' },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'deltas' } },
          template: {
            metadata: { labels: { app: 'deltas' } },
            spec: { nodeSelector: { 'karpenter.sh/nodepool': 'deltas-pool' }, containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '500m', memory: '256Mi' } } }] },
          },
        },
      },
    });
    await policy.createNamespacedPodDisruptionBudget({
      namespace: 'apps',
      body: { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'deltas' }, spec: { maxUnavailable: '50%', selector: { matchLabels: { app: 'deltas' } } } },
    });

    await eventually(() => events.some((e) => e.type === 'nodeclass-upserted' && e.nodeClass.name === 'deltas-class' && e.nodeClass.ready), 20_000, 'the ready NodeClass');
    await eventually(
      () => events.some((e) => e.type === 'nodepool-upserted' && e.nodePool.name === 'deltas-pool' && e.nodePool.limits?.cpuMillis === 16_000 && !e.nodePool.builtIn),
      20_000,
      'the NodePool',
    );
    const launched = await eventually(
      () => events.find((e) => e.type === 'nodeclaim-upserted' && e.nodeClaim.nodePool === 'deltas-pool' && e.nodeClaim.stage === 'Initialized'),
      30_000,
      'the NodeClaim initialized',
    );
    expect(launched).toMatchObject({ nodeClaim: { instanceType: 'c6a.large', nodeClass: 'deltas-class' } });
    // It went through the stages on the way, each one delta.
    const stages = events.flatMap((e) => (e.type === 'nodeclaim-upserted' && e.nodeClaim.nodePool === 'deltas-pool' ? [e.nodeClaim.stage] : []));
    expect(stages).toEqual(expect.arrayContaining(['Launched', 'Registered', 'Initialized']));
    expect(events.some((e) => e.type === 'event-upserted' && e.event.involved.kind === 'NodeClaim' && e.event.reason === 'Launching')).toBe(true);
    await eventually(
      () => events.some((e) => e.type === 'pdb-upserted' && e.pdb.name === 'deltas' && e.pdb.currentHealthy === 1 && e.pdb.disruptionsAllowed === 1),
      20_000,
      'the PDB with its running pod',
    );

    await policy.deleteNamespacedPodDisruptionBudget({ namespace: 'apps', name: 'deltas' });
    await eventually(() => events.some((e) => e.type === 'pdb-deleted' && e.name === 'deltas'), 20_000, 'the PDB deletion');
  });

  it('the dashboard, building candidates from its snapshot, judges the nodes as the sandbox does', async () => {
    // Which nodes will go may differ by a few seconds (the dashboard does not see when pods left a
    // node, and disruption budgets are spent in that order), so those verdicts compare as "going".
    const kind = (v: Verdict) =>
      v.state === 'waiting' || v.state === 'consolidate' || v.state === 'disrupting' || v.code === 'Budget' ? 'going' : v.state;
    const judged = (verdicts: Verdict[]) => Object.fromEntries(verdicts.map((v) => [v.node, `${v.pool ?? '-'}:${kind(v)}`]).sort(([a], [b]) => a.localeCompare(b)));
    let last: [Record<string, string>, Record<string, string>] | undefined;
    try {
      await eventually(async () => {
        const snapshot = await getTopology('sandbox');
        // The sandbox does not act on Replace verdicts yet (it keeps such a node), so the dashboard
        // is asked the same question without replacement offers.
        const { nodes, pools } = buildCandidates(snapshot, { replacements: false });
        const dashboard = judged(consolidationVerdicts(nodes, pools, sandbox.clock.now()));
        const simulated = judged(sandbox.autoMode.consolidator.last());
        last = [dashboard, simulated];
        return JSON.stringify(dashboard) === JSON.stringify(simulated) && Object.keys(dashboard).length > 0;
      }, 20_000, 'the same verdicts');
    } catch (err) {
      expect(last?.[0], String(err)).toEqual(last?.[1]);
    }
    const verdicts = sandbox.autoMode.consolidator.last();
    // The managed node group is never Auto Mode's; the built-in system pool's nodes are.
    expect(verdicts.filter((v) => v.state === 'unmanaged').length).toBeGreaterThan(0);
    expect(verdicts.some((v) => v.pool === 'system')).toBe(true);
  });

  it('goes stale when the API server is unreachable, relists after 410 Expired, and recovers', async () => {
    const listsBefore = topologyDiagnostics('sandbox')!.lists.nodes;
    events.length = 0;
    await partition.down();
    await eventually(() => topologyDiagnostics('sandbox')?.stale, 10_000, 'stale');
    expect(events).toContainEqual(expect.objectContaining({ type: 'stale', stale: true }));
    expect((await getTopology('sandbox')).stale).toBe(true);

    // More node changes than the watch history holds, while nobody is watching.
    const writes = ((sandbox.store as unknown as { historySize?: number }).historySize ?? 1000) + 100;
    const name = sandbox.store.list('nodes')[0].metadata.name;
    for (let i = 1; i <= writes; i++) {
      const node = sandbox.store.require('nodes', undefined, name);
      node.metadata.labels = { ...node.metadata.labels, 'nodelanes-test/relist': String(i) };
      sandbox.store.update('nodes', node);
    }

    await partition.up();
    await eventually(() => !topologyDiagnostics('sandbox')?.stale, 20_000, 'recovery');
    expect(events).toContainEqual(expect.objectContaining({ type: 'stale', stale: false }));
    await eventually(() => topologyDiagnostics('sandbox')!.lists.nodes > listsBefore, 20_000, 'a relist of nodes');
    const node = (await getTopology('sandbox')).nodes.find((n) => n.name === name)!;
    expect(node.labels['nodelanes-test/relist']).toBe(String(writes));
  });
});
