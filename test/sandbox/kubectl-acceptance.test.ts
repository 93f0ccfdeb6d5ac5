// The foundation's acceptance list: the real /usr/bin/kubectl against `npm run sandbox`, command
// by command, asserting what it prints.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxProcess, type SandboxProcess } from '../support/sandbox-process';
import { eventually, kubectlFor } from '../support/kubectl';
import { nodeUsage, podUsage, sumUsage } from '@/lib/domain/usage';
import { resourcesOf } from '@/lib/domain/quantities';

let sandbox: SandboxProcess;
let kubectl: ReturnType<typeof kubectlFor>;
const NS = 'apps';

const manifests = {
  nodeClass: `apiVersion: eks.amazonaws.com/v1
kind: NodeClass
metadata:
  name: ai-ml-node-class
spec:
  role: AmazonEKSAutoNodeRole
`,
  nodePool: `apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: ai-ml
spec:
  template:
    spec:
      nodeClassRef:
        group: eks.amazonaws.com
        kind: NodeClass
        name: ai-ml-node-class
      requirements:
        - key: node.kubernetes.io/instance-type
          operator: In
          values: ["m6a.xlarge", "c6a.large"]
  disruption:
    consolidationPolicy: WhenEmptyOrUnderutilized
    consolidateAfter: 30s
`,
};

beforeAll(async () => {
  sandbox = await startSandboxProcess({ timeScale: 10 });
  kubectl = kubectlFor(sandbox.kubeconfig);
  // Wait for the seeded workloads to come up through the controllers.
  await eventually('all deployments available', async () => {
    const list = await kubectl.json<{ items: { status: { availableReplicas?: number }; spec: { replicas: number } }[] }>(['get', 'deploy', '-n', NS]);
    return list.items.length > 0 && list.items.every((d) => d.status.availableReplicas === d.spec.replicas);
  });
});

afterAll(async () => {
  kubectl?.cleanup();
  await sandbox?.stop();
});

const rows = (out: string) => out.trim().split('\n').slice(1);
const header = (out: string) => out.trim().split('\n')[0].split(/\s{2,}/);

describe('kubectl against npm run sandbox', () => {
  it('kubectl get nodes', async () => {
    const out = await kubectl.ok(['get', 'nodes']);
    expect(header(out)).toEqual(['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION']);
    expect(rows(out)).toHaveLength(5);
    for (const row of rows(out)) expect(row).toMatch(/^\S+\s+Ready\s+<none>\s+\d+[smhd]\S*\s+v1\.32\.1-eks-sandbox$/);
  });

  it('kubectl get nodes --show-labels', async () => {
    const out = await kubectl.ok(['get', 'nodes', '--show-labels']);
    expect(header(out)).toEqual(['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION', 'LABELS']);
    expect(out).toContain('karpenter.sh/nodepool=general-purpose');
    expect(out).toContain('eks.amazonaws.com/nodeclass=default');
    expect(out).toContain('eks.amazonaws.com/nodegroup=general-pool');
    expect(out).toContain('node.kubernetes.io/instance-type=t3.medium');
  });

  it('kubectl get nodes -l eks.amazonaws.com/nodegroup=general-pool', async () => {
    const out = await kubectl.ok(['get', 'nodes', '-l', 'eks.amazonaws.com/nodegroup=general-pool']);
    expect(rows(out)).toHaveLength(2);
    for (const row of rows(out)) expect(row).toMatch(/^ip-10-0-\d+-\d+\.ec2\.internal\s+Ready/);
  });

  it('kubectl get nodes -l workload=cpu', async () => {
    const out = await kubectl.ok(['get', 'nodes', '-l', 'workload=cpu', '-o', 'name']);
    expect(out.trim().split('\n')).toHaveLength(2);
  });

  it('kubectl get pods -A -o wide', async () => {
    const out = await kubectl.ok(['get', 'pods', '-A', '-o', 'wide']);
    expect(header(out)).toEqual(['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']);
    const running = rows(out).filter((r) => /\s1\/1\s+Running\s+0\s/.test(r));
    expect(running.length).toBe(rows(out).length);
    expect(out).toMatch(/kube-system\s+coredns-\S+\s+1\/1\s+Running/);
    expect(out).toMatch(/apps\s+image-proctoring-\S+\s+1\/1\s+Running\s+0\s+\S+\s+10\.\d+\.\d+\.\d+\s+i-0[0-9a-f]+/);
  });

  it('kubectl get deploy -n apps', async () => {
    const out = await kubectl.ok(['get', 'deploy', '-n', NS]);
    expect(header(out)).toEqual(['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
    expect(out).toMatch(/frontend\s+3\/3\s+3\s+3\s/);
    expect(out).toMatch(/image-proctoring\s+2\/2\s+2\s+2\s/);
    expect(out).toMatch(/question-generator\s+2\/2\s+2\s+2\s/);
  });

  it('kubectl top nodes and kubectl top pods -A show the simulated usage', async () => {
    // A sample stands for one window (lib/domain/usage.ts); read the metrics API before and after
    // kubectl top and go again until all of it fell into one window, then predict every number.
    type Obj = { metadata: { name: string; namespace?: string; uid: string }; spec: any; status: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
    const windowOf = async () => JSON.parse(await kubectl.ok(['get', '--raw', '/apis/metrics.k8s.io/v1beta1/nodes'])).items[0]?.timestamp as string;
    const seen = await eventually('kubectl top within one metrics window', async () => {
      const before = await windowOf();
      const pods = (await kubectl.json<{ items: Obj[] }>(['get', 'pods', '-A'])).items;
      const nodes = (await kubectl.json<{ items: Obj[] }>(['get', 'nodes'])).items;
      const topPods = await kubectl.ok(['top', 'pods', '-A']);
      const topNodes = await kubectl.ok(['top', 'nodes']);
      return before && before === (await windowOf()) ? { at: new Date(before), pods, nodes, topPods, topNodes } : undefined;
    });
    const running = seen.pods.filter((p) => p.status.phase === 'Running' && p.spec.nodeName);
    const usageOf = (p: Obj) => sumUsage(podUsage(p.metadata.uid, p.spec.containers, seen.at));
    const cpu = (nanos: number) => `${Math.ceil(nanos / 1e6)}m`;
    const memory = (bytes: number) => `${Math.floor(bytes / 2 ** 20)}Mi`;

    // kubectl top pads every cell, the last one too.
    const topHeader = (out: string) => out.split('\n')[0].trim().split(/\s{2,}/);
    expect(topHeader(seen.topPods)).toEqual(['NAMESPACE', 'NAME', 'CPU(cores)', 'MEMORY(bytes)']);
    const podRows = new Map(rows(seen.topPods).map((r) => r.trim().split(/\s+/)).map((c) => [`${c[0]}/${c[1]}`, c.slice(2)]));
    const known = running.filter((p) => /^(frontend|image-proctoring)-/.test(p.metadata.name));
    expect(known.length).toBeGreaterThanOrEqual(5);
    for (const p of known) {
      const u = usageOf(p);
      expect(podRows.get(`${p.metadata.namespace}/${p.metadata.name}`), p.metadata.name).toEqual([cpu(u.cpuNanos), memory(u.memoryBytes)]);
    }
    // The heavy pods use about what they ask for: 1500m and 3Gi requested.
    const heavy = usageOf(known.find((p) => p.metadata.name.startsWith('image-proctoring-'))!);
    expect(heavy.cpuNanos / 1e6).toBeGreaterThan(300);
    expect(heavy.memoryBytes / 2 ** 30).toBeGreaterThan(1.2);

    expect(topHeader(seen.topNodes)).toEqual(['NAME', 'CPU(cores)', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY(%)']);
    const nodeRows = rows(seen.topNodes).map((r) => r.trim().split(/\s+/));
    expect(nodeRows).toHaveLength(seen.nodes.length);
    for (const n of seen.nodes) {
      const allocatable = resourcesOf(n.status.allocatable);
      const u = nodeUsage(n.metadata.name, allocatable, running.filter((p) => p.spec.nodeName === n.metadata.name).map(usageOf));
      const pct = (used: number, of: number) => `${Math.floor((used * 100) / of)}%`;
      expect(nodeRows.find((r) => r[0] === n.metadata.name), n.metadata.name).toEqual([
        n.metadata.name,
        cpu(u.cpuNanos),
        pct(Math.ceil(u.cpuNanos / 1e6), allocatable.cpuMillis),
        memory(u.memoryBytes),
        pct(u.memoryBytes, allocatable.memoryBytes),
      ]);
    }
  });

  it('kubectl apply -f a NodeClass and a NodePool, then again', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'manifests-'));
    fs.writeFileSync(path.join(dir, 'nodeclass.yaml'), manifests.nodeClass);
    fs.writeFileSync(path.join(dir, 'nodepool.yaml'), manifests.nodePool);
    expect((await kubectl.ok(['apply', '-f', path.join(dir, 'nodeclass.yaml')])).trim()).toBe('nodeclass.eks.amazonaws.com/ai-ml-node-class created');
    expect((await kubectl.ok(['apply', '-f', path.join(dir, 'nodepool.yaml')])).trim()).toBe('nodepool.karpenter.sh/ai-ml created');
    expect((await kubectl.ok(['apply', '-f', dir])).trim().split('\n').sort()).toEqual([
      'nodeclass.eks.amazonaws.com/ai-ml-node-class unchanged',
      'nodepool.karpenter.sh/ai-ml unchanged',
    ]);
    const ready = await eventually('NodeClass Ready', async () => {
      const out = await kubectl.ok(['get', 'nodeclass', 'ai-ml-node-class']);
      return /ai-ml-node-class\s+AmazonEKSAutoNodeRole\s+True/.test(out) ? out : undefined;
    });
    expect(ready).toContain('True');
  });

  it('kubectl patch deployment adding a nodeSelector', async () => {
    const patch = JSON.stringify({ spec: { template: { spec: { nodeSelector: { 'eks.amazonaws.com/nodeclass': 'ai-ml-node-class' } } } } });
    expect((await kubectl.ok(['patch', 'deployment', 'image-proctoring', '-n', NS, '-p', patch])).trim()).toBe('deployment.apps/image-proctoring patched');
    expect((await kubectl.ok(['patch', 'deployment', 'image-proctoring', '-n', NS, '-p', patch])).trim()).toBe(
      'deployment.apps/image-proctoring patched (no change)',
    );
    const selector = await kubectl.ok(['get', 'deploy', 'image-proctoring', '-n', NS, '-o', 'jsonpath={.spec.template.spec.nodeSelector}']);
    expect(JSON.parse(selector)).toEqual({ 'eks.amazonaws.com/compute-type': 'auto', 'eks.amazonaws.com/nodeclass': 'ai-ml-node-class' });
  });

  it('kubectl rollout restart and rollout status', async () => {
    expect((await kubectl.ok(['rollout', 'restart', 'deployment/frontend', '-n', NS])).trim()).toBe('deployment.apps/frontend restarted');
    const status = await kubectl.ok(['rollout', 'status', 'deployment/frontend', '-n', NS, '--timeout=90s'], { timeoutMs: 100_000 });
    expect(status.trim().split('\n').at(-1)).toBe('deployment "frontend" successfully rolled out');
    expect(status).toMatch(/Waiting for deployment "frontend" rollout to finish/);
  }, 120_000);

  it('kubectl delete pod, and the ReplicaSet replaces it', async () => {
    const pods = await kubectl.json<{ items: { metadata: { name: string; deletionTimestamp?: string } }[] }>(['get', 'pods', '-n', NS, '-l', 'app=backend-api']);
    const victim = pods.items.find((p) => !p.metadata.deletionTimestamp)!.metadata.name;
    const out = await kubectl.ok(['delete', 'pod', victim, '-n', NS], { timeoutMs: 60_000 });
    expect(out.trim()).toBe(`pod "${victim}" deleted`);
    await eventually('a replacement backend-api pod running', async () => {
      const now = await kubectl.json<{ items: { metadata: { name: string }; status: { phase: string } }[] }>(['get', 'pods', '-n', NS, '-l', 'app=backend-api']);
      const names = now.items.map((p) => p.metadata.name);
      return !names.includes(victim) && now.items.length === 3 && now.items.every((p) => p.status.phase === 'Running');
    });
  }, 90_000);

  it('kubectl wait, describe node and drain also work', async () => {
    expect((await kubectl.ok(['wait', '--for=condition=Available', 'deploy/frontend', '-n', NS, '--timeout=30s'])).trim()).toBe(
      'deployment.apps/frontend condition met',
    );
    const node = (await kubectl.ok(['get', 'nodes', '-l', 'eks.amazonaws.com/nodegroup=general-pool', '-o', 'name'])).trim().split('\n')[0].replace('node/', '');
    const described = await kubectl.ok(['describe', 'node', node]);
    expect(described).toMatch(/Labels:\s+beta\.kubernetes\.io\/instance-type=t3\.medium/);
    expect(described).toMatch(/Ready\s+True/);
    const drained = await kubectl.ok(['drain', node, '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=60s'], { timeoutMs: 70_000 });
    expect(drained).toContain(`node/${node} cordoned`);
    expect(drained.trim().split('\n').at(-1)).toBe(`node/${node} drained`);
    expect(await kubectl.ok(['get', 'node', node])).toMatch(/Ready,SchedulingDisabled/);
    expect((await kubectl.ok(['uncordon', node])).trim()).toBe(`node/${node} uncordoned`);
  }, 90_000);

  it('answers mistakes with Kubernetes errors', async () => {
    const missing = await kubectl.run(['get', 'deploy', 'nope', '-n', NS]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe('Error from server (NotFound): deployments.apps "nope" not found');
    const badSelector = await kubectl.run(['get', 'pods', '-A', '-l', 'a in (x']);
    expect(badSelector.code).toBe(1);
    expect(badSelector.stderr).toMatch(/Error from server \(BadRequest\)/);
  });
});
