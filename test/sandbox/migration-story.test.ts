// The seed's story end to end (EKS.md, "the migration story"), using only kubectl and the AWS SDK
// against `npm run sandbox`: a new NodeClass and NodePool, two heavy deployments pinned to it and
// restarted, Auto Mode launching nodes of the allowed types, and consolidation removing what the
// move left empty or underutilized — with Events explaining each step.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DescribeClusterCommand, DescribeNodegroupCommand, EKSClient, ListNodegroupsCommand } from '@aws-sdk/client-eks';
import { startSandboxProcess, type SandboxProcess } from '../support/sandbox-process';
import { eventually, kubectlFor } from '../support/kubectl';

const NS = 'apps';
const HEAVY = ['image-proctoring', 'question-generator'];
const AI_TYPES = ['m6a.xlarge', 'c6a.large'];
/** Simulated seconds pass 20× faster than wall time here. */
const SCALE = 20;

let sandbox: SandboxProcess;
let kubectl: ReturnType<typeof kubectlFor>;

interface Node {
  metadata: { name: string; labels: Record<string, string> };
}
interface Pod {
  metadata: { name: string; labels: Record<string, string>; deletionTimestamp?: string };
  spec: { nodeName?: string; nodeSelector?: Record<string, string> };
  status: { phase: string };
}
interface Event {
  reason: string;
  message: string;
  type: string;
  involvedObject: { kind: string; name: string };
}

const nodes = async () => (await kubectl.json<{ items: Node[] }>(['get', 'nodes'])).items;
const pods = async () => (await kubectl.json<{ items: Pod[] }>(['get', 'pods', '-n', NS])).items;
const events = async () => (await kubectl.json<{ items: Event[] }>(['get', 'events', '-A'])).items;

beforeAll(async () => {
  sandbox = await startSandboxProcess({ timeScale: SCALE });
  kubectl = kubectlFor(sandbox.kubeconfig);
  await eventually('seeded workloads running', async () => (await pods()).length >= 12 && (await pods()).every((p) => p.status.phase === 'Running'));
});

afterAll(async () => {
  kubectl?.cleanup();
  await sandbox?.stop();
});

describe('the migration story', () => {
  it('the AWS SDK sees an Auto Mode cluster with the managed node group, through .sandbox/env alone', async () => {
    const eks = new EKSClient({
      endpoint: sandbox.env.AWS_ENDPOINT_URL_EKS,
      region: sandbox.env.AWS_REGION,
      credentials: { accessKeyId: sandbox.env.AWS_ACCESS_KEY_ID, secretAccessKey: sandbox.env.AWS_SECRET_ACCESS_KEY },
    });
    const { cluster } = await eks.send(new DescribeClusterCommand({ name: sandbox.env.EKS_CLUSTER_NAME }));
    expect(cluster?.computeConfig).toMatchObject({ enabled: true, nodePools: ['general-purpose', 'system'] });
    expect((await eks.send(new ListNodegroupsCommand({ clusterName: 'sandbox' }))).nodegroups).toEqual(['general-pool']);
    const { nodegroup } = await eks.send(new DescribeNodegroupCommand({ clusterName: 'sandbox', nodegroupName: 'general-pool' }));
    expect(nodegroup).toMatchObject({ status: 'ACTIVE', instanceTypes: ['t3.medium'], labels: { workload: 'cpu' }, scalingConfig: { desiredSize: 2 } });
  });

  it('a pod selecting the wrong key (eks.amazonaws.com/node-class) stays Pending, and the events say why', async () => {
    const manifest = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'wrong-key', namespace: NS },
      spec: { nodeSelector: { 'eks.amazonaws.com/node-class': 'ai-ml-node-class' }, containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests: { cpu: '100m' } } }] },
    };
    await kubectl.ok(['apply', '-f', '-'], { input: JSON.stringify(manifest) });
    const reasons = await eventually('FailedScheduling from the scheduler and from Auto Mode', async () => {
      const list = (await events()).filter((e) => e.involvedObject.name === 'wrong-key' && e.reason === 'FailedScheduling');
      return list.length >= 2 ? list.map((e) => e.message) : undefined;
    });
    expect(reasons.some((m) => /^0\/5 nodes are available: .*5 node\(s\) didn't match Pod's node affinity\/selector/.test(m))).toBe(true);
    expect(reasons.some((m) => m.includes('label "eks.amazonaws.com/node-class" does not have known values'))).toBe(true);
    const pod = await kubectl.json<Pod>(['get', 'pod', 'wrong-key', '-n', NS]);
    expect(pod.status.phase).toBe('Pending');
    expect(pod.spec.nodeName).toBeUndefined();
    await kubectl.ok(['delete', 'pod', 'wrong-key', '-n', NS]);
  });

  it("platform's workloads are placed by their inter-pod rules: the gateway one per zone, the agent one per node, and a third agent Pending saying why", async () => {
    const zoneOf = new Map((await nodes()).map((n) => [n.metadata.name, n.metadata.labels['topology.kubernetes.io/zone']]));
    const running = async (app: string) => {
      const list = (await kubectl.json<{ items: Pod[] }>(['get', 'pods', '-n', 'platform', '-l', `app=${app}`])).items.filter((p) => !p.metadata.deletionTimestamp);
      return list;
    };
    const gateway = await eventually('gateway running', async () => ((l) => (l.length === 2 && l.every((p) => p.status.phase === 'Running') ? l : undefined))(await running('ingress-gateway')));
    expect(new Set(gateway.map((p) => zoneOf.get(p.spec.nodeName!)))).toEqual(new Set(['us-east-1a', 'us-east-1b']));
    const agents = await eventually('agents running', async () => ((l) => (l.length === 2 && l.every((p) => p.status.phase === 'Running') ? l : undefined))(await running('node-agent')));
    expect(new Set(agents.map((p) => p.spec.nodeName)).size).toBe(2);

    await kubectl.ok(['scale', 'deployment/node-agent', '-n', 'platform', '--replicas=3']);
    const message = await eventually('FailedScheduling for the third agent', async () => {
      const pending = (await running('node-agent')).find((p) => !p.spec.nodeName);
      if (!pending) return undefined;
      // The scheduler's own, not Auto Mode's (which says no NodePool can launch a workload=cpu node).
      return (await events()).find((e) => e.involvedObject.name === pending.metadata.name && e.reason === 'FailedScheduling' && e.message.startsWith('0/'))?.message;
    });
    // Both workers hold an agent; the other three nodes do not carry workload=cpu.
    expect(message).toMatch(/^0\/5 nodes are available: 2 node\(s\) didn't match pod anti-affinity rules, 3 node\(s\) didn't match Pod's node affinity\/selector\./);
    await kubectl.ok(['scale', 'deployment/node-agent', '-n', 'platform', '--replicas=2']);
    await eventually('back to two agents', async () => (await running('node-agent')).length === 2);
  });

  it('moves the heavy pods onto a new node class and consolidates the old nodes away', async () => {
    const before = await nodes();
    const defaultNodesBefore = before.filter((n) => n.metadata.labels['karpenter.sh/nodepool'] === 'general-purpose').map((n) => n.metadata.name);
    expect(defaultNodesBefore).toHaveLength(2);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'story-'));
    fs.writeFileSync(
      path.join(dir, 'ai-ml.yaml'),
      `apiVersion: eks.amazonaws.com/v1
kind: NodeClass
metadata:
  name: ai-ml-node-class
spec:
  role: AmazonEKSAutoNodeRole
---
apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: ai-ml
spec:
  template:
    spec:
      nodeClassRef: {group: eks.amazonaws.com, kind: NodeClass, name: ai-ml-node-class}
      requirements:
        - {key: node.kubernetes.io/instance-type, operator: In, values: ["m6a.xlarge", "c6a.large"]}
        - {key: karpenter.sh/capacity-type, operator: In, values: ["on-demand"]}
  disruption:
    consolidationPolicy: WhenEmptyOrUnderutilized
    consolidateAfter: 30s
`,
    );
    await kubectl.ok(['apply', '-f', path.join(dir, 'ai-ml.yaml')]);
    const pin = JSON.stringify({ spec: { template: { spec: { nodeSelector: { 'eks.amazonaws.com/nodeclass': 'ai-ml-node-class' } } } } });
    for (const d of HEAVY) await kubectl.ok(['patch', 'deployment', d, '-n', NS, '-p', pin]);
    for (const d of HEAVY) await kubectl.ok(['rollout', 'restart', `deployment/${d}`, '-n', NS]);

    // Bounded simulated time: 15 simulated minutes.
    const deadline = (15 * 60 * 1000) / SCALE;
    const placed = await eventually(
      'every heavy pod running on a new ai-ml node of an allowed type',
      async () => {
        const byName = new Map((await nodes()).map((n) => [n.metadata.name, n]));
        const heavy = (await pods()).filter((p) => HEAVY.includes(p.metadata.labels.app) && !p.metadata.deletionTimestamp);
        if (heavy.length !== 4) return undefined;
        const ok = heavy.every((p) => {
          const node = p.spec.nodeName ? byName.get(p.spec.nodeName) : undefined;
          return (
            p.status.phase === 'Running' &&
            node?.metadata.labels['eks.amazonaws.com/nodeclass'] === 'ai-ml-node-class' &&
            AI_TYPES.includes(node.metadata.labels['node.kubernetes.io/instance-type']) &&
            !before.some((b) => b.metadata.name === node.metadata.name)
          );
        });
        return ok ? heavy.map((p) => byName.get(p.spec.nodeName!)!) : undefined;
      },
      deadline,
    );
    for (const n of placed) {
      expect(n.metadata.labels).toMatchObject({ 'karpenter.sh/nodepool': 'ai-ml', 'eks.amazonaws.com/compute-type': 'auto', 'karpenter.sh/capacity-type': 'on-demand' });
    }

    // The small pods stay on default-class nodes; the emptied / underutilized ones are removed.
    await eventually(
      'general-purpose nodes consolidated and small pods on default nodes',
      async () => {
        const byName = new Map((await nodes()).map((n) => [n.metadata.name, n]));
        const remaining = defaultNodesBefore.filter((n) => byName.has(n));
        const small = (await pods()).filter((p) => ['frontend', 'backend-api'].includes(p.metadata.labels.app) && !p.metadata.deletionTimestamp);
        const onDefault = small.every((p) => p.status.phase === 'Running' && byName.get(p.spec.nodeName ?? '')?.metadata.labels['eks.amazonaws.com/nodeclass'] === 'default');
        return remaining.length < defaultNodesBefore.length && small.length === 6 && onDefault;
      },
      deadline,
    );

    const reasons = new Set((await events()).map((e) => e.reason));
    for (const r of ['Nominated', 'Launched', 'Registered', 'Initialized', 'Disrupting', 'Evicted', 'ScalingReplicaSet', 'Scheduled']) expect(reasons).toContain(r);
    const disrupting = (await events()).find((e) => e.reason === 'Disrupting');
    expect(disrupting?.message).toMatch(/^Disrupting NodeClaim: (Empty|Underutilized)\/Delete/);
  }, 180_000);
});
