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
import { AppsV1Api, CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLanes } from '@/lib/domain/lanes';
import type { TopologyEvent } from '@/lib/domain/model';
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
