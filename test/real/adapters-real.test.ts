// The app's adapters against the real kube-apiserver, so that no quirk of the sandbox hides a
// bug: the cluster registry reads the kubeconfig (https, token), the topology hub's informers
// sync and follow a real deployment controller and scheduler, and they survive an API server
// restart (stale while it is away, current again after). Kinds this server does not serve (policy/v1
// is newer than 1.20; the Karpenter / EKS CRDs until they are installed) leave the sync whole.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureTopologyHub, getTopology, stopTopology, subscribeTopology, topologyDiagnostics } from '@/lib/server/topology-hub';
import { listClusters } from '@/lib/server/clusters';
import type { TopologyEvent } from '@/lib/domain/model';
import { send, type Server } from './http';
import { installCrds } from './crds';
import { until } from '../support/until';

const NS = 'adapters';
const root = path.resolve(__dirname, '../..');
let real: Server;
const events: TopologyEvent[] = [];
let unsubscribe = () => undefined as void;

beforeAll(async () => {
  if (!process.env.KUBE_API || !process.env.KUBE_TOKEN || !process.env.KUBECONFIG) throw new Error('run through scripts/test-real.sh');
  real = { name: 'real', base: process.env.KUBE_API, token: process.env.KUBE_TOKEN };
  process.env.NODELANES_CLUSTER = 'kubeconfig';
  configureTopologyHub({ informer: { backoff: { baseMs: 200, maxMs: 1_000 }, absentRetryMs: 500, log: () => undefined } });
  await send(real, { method: 'POST', path: '/api/v1/namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } } });
  await send(real, {
    method: 'POST',
    path: '/api/v1/nodes',
    body: {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'adapters-node', labels: { 'eks.amazonaws.com/nodegroup': 'real-pool', 'node.kubernetes.io/instance-type': 't3.medium' } },
      status: { capacity: { cpu: '2', memory: '4Gi', pods: '17' }, allocatable: { cpu: '1930m', memory: '3Gi', pods: '17' } },
    },
  });
});

afterAll(() => {
  unsubscribe();
  stopTopology();
});

describe('adapters against a real kube-apiserver', () => {
  it('lists the kubeconfig context as a cluster and syncs its topology', async () => {
    expect(listClusters()).toEqual([expect.objectContaining({ id: 'real', source: 'kubeconfig', server: process.env.KUBE_API })]);
    const snapshot = await getTopology('real');
    expect(snapshot.stale).toBe(false);
    const node = snapshot.nodes.find((n) => n.name === 'adapters-node');
    expect(node?.pool).toEqual({ source: 'eks-nodegroup', key: 'eks.amazonaws.com/nodegroup', name: 'real-pool' });
    expect(node?.allocatable).toEqual({ cpuMillis: 1930, memoryBytes: 3 * 1024 ** 3, pods: 17 });
    unsubscribe = subscribeTopology('real', (e) => events.push(e));
  });

  it('follows a deployment rolled out by the real controllers, pods attributed to it', async () => {
    await send(real, {
      method: 'POST',
      path: `/apis/apps/v1/namespaces/${NS}/deployments`,
      body: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web' },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: { nodeSelector: { 'eks.amazonaws.com/nodegroup': 'real-pool' }, containers: [{ name: 'web', image: 'nginx:1.27', resources: { requests: { cpu: '250m', memory: '128Mi' } } }] },
          },
        },
      },
    });
    const pods = await until('two running web pods in the snapshot', async () => {
      const s = await getTopology('real');
      const web = s.pods.filter((p) => p.namespace === NS && p.owner?.name === 'web' && p.phase === 'Running' && p.nodeName === 'adapters-node');
      return web.length === 2 ? web : undefined;
    });
    expect(pods.every((p) => p.owner?.kind === 'Deployment' && p.requests.cpuMillis === 250)).toBe(true);
    expect(events.some((e) => e.type === 'pod-upserted')).toBe(true);
    const deployment = (await getTopology('real')).deployments.find((d) => d.namespace === NS && d.name === 'web');
    expect(deployment).toMatchObject({ replicas: 2, nodeSelector: { 'eks.amazonaws.com/nodegroup': 'real-pool' } });
    // The real scheduler writes its events through events.k8s.io (eventTime, no lastTimestamp).
    const scheduled = await until('the scheduler\'s events for the web pods', async () => {
      const s = await getTopology('real');
      const found = s.events.filter((e) => e.namespace === NS && e.reason === 'Scheduled' && e.involved.kind === 'Pod' && e.involved.name.startsWith('web-'));
      return found.length >= 2 ? found : undefined;
    });
    expect(scheduled.every((e) => e.lastTimestamp !== '' && e.type === 'Normal')).toBe(true);
  });

  it('syncs without the kinds the server does not serve, and picks up a CRD installed later', async () => {
    // policy/v1 arrived in 1.21: on this server PDBs are simply absent, not an error.
    const snapshot = await getTopology('real');
    expect(snapshot.stale).toBe(false);
    expect(snapshot.pdbs).toEqual([]);
    expect(topologyDiagnostics('real')!.lists.poddisruptionbudgets).toBe(0);
    // The differential suite may have installed the CRDs already; without them, nodepools are empty and never listed.
    const served = (await send(real, { path: '/apis/karpenter.sh/v1/nodepools' })).status === 200;
    if (!served) {
      expect(snapshot.nodePools).toEqual([]);
      expect(topologyDiagnostics('real')!.lists.nodepools).toBe(0);
      await installCrds(real);
    }
    const created = await send(real, {
      method: 'POST',
      path: '/apis/karpenter.sh/v1/nodepools',
      body: {
        apiVersion: 'karpenter.sh/v1',
        kind: 'NodePool',
        metadata: { name: 'adapters-pool' },
        spec: { template: { spec: { nodeClassRef: { group: 'eks.amazonaws.com', kind: 'NodeClass', name: 'default' }, requirements: [] } }, limits: { cpu: '8' } },
      },
    });
    expect(created.status).toBe(201);
    try {
      const pool = await until('the NodePool in the snapshot', async () => (await getTopology('real')).nodePools.find((p) => p.name === 'adapters-pool'));
      expect(pool).toMatchObject({ nodeClassRef: { name: 'default' }, limits: { cpuMillis: 8000 }, builtIn: false });
      expect(events.some((e) => e.type === 'nodepool-upserted' && e.nodePool.name === 'adapters-pool')).toBe(true);
      expect(topologyDiagnostics('real')!.stale).toBe(false);
    } finally {
      // The differential suite lists nodepools on both servers: leave none behind.
      await send(real, { method: 'DELETE', path: '/apis/karpenter.sh/v1/nodepools/adapters-pool' });
    }
    await until('the NodePool deletion', () => events.some((e) => e.type === 'nodepool-deleted' && e.name === 'adapters-pool'));
  });

  it('goes stale while the API server restarts, then catches up with what changed meanwhile', async () => {
    const dir = process.env.KUBE_REAL_DIR!;
    execFileSync('bash', [path.join(root, 'scripts/kube/down.sh'), dir, 'kube-apiserver']);
    await until('stale while the API server is down', () => topologyDiagnostics('real')?.stale === true, 30_000);
    execFileSync('bash', [path.join(root, 'scripts/kube/up.sh'), dir], { stdio: 'ignore' });
    // A change made right after the restart must reach the snapshot through the recovered watch.
    await send(real, { method: 'PATCH', path: `/apis/apps/v1/namespaces/${NS}/deployments/web/scale`, contentType: 'application/merge-patch+json', body: { spec: { replicas: 3 } } });
    await until('recovered', () => topologyDiagnostics('real')?.stale === false, 60_000);
    await until('the third pod', async () => (await getTopology('real')).pods.filter((p) => p.namespace === NS && p.owner?.name === 'web').length === 3, 60_000);
  }, 150_000);
});
