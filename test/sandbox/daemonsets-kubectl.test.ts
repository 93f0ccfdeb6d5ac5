// A DaemonSet through the real kubectl against `npm run sandbox` (migration scenario): apply,
// `rollout status ds` until every eligible node runs an available pod, `set image` and a second
// rollout, and the table kubectl prints.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxProcess, type SandboxProcess } from '../support/sandbox-process';
import { eventually, kubectlFor } from '../support/kubectl';

let sandbox: SandboxProcess;
let kubectl: ReturnType<typeof kubectlFor>;
const NS = 'kube-system';

const daemonSet = {
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'log-agent', namespace: NS },
  spec: {
    selector: { matchLabels: { app: 'log-agent' } },
    template: {
      metadata: { labels: { app: 'log-agent' } },
      spec: { containers: [{ name: 'agent', image: 'fluent-bit:3.0', resources: { requests: { cpu: '10m', memory: '16Mi' } } }] },
    },
  },
};

interface Taint {
  key: string;
  effect: string;
}
type Node = { metadata: { name: string }; spec: { taints?: Taint[] } };
type Pod = { metadata: { name: string }; spec: { nodeName?: string; containers: { image: string }[] } };

/** Nodes the log agent (which tolerates only the controller's own taints) should run on. */
const eligible = (nodes: Node[]) =>
  nodes
    .filter((n) => (n.spec.taints ?? []).every((t) => t.effect === 'PreferNoSchedule' || t.key === 'node.kubernetes.io/unschedulable'))
    .map((n) => n.metadata.name)
    .sort();

beforeAll(async () => {
  sandbox = await startSandboxProcess({ timeScale: 10 });
  kubectl = kubectlFor(sandbox.kubeconfig);
  await eventually('nodes', async () => (await kubectl.json(['get', 'nodes'])).items.length > 0);
});

afterAll(async () => {
  kubectl?.cleanup();
  await sandbox?.stop();
});

describe('DaemonSets with kubectl', () => {
  it('apply, then rollout status waits until every eligible node runs the pod', async () => {
    expect(await kubectl.ok(['apply', '-f', '-'], { input: JSON.stringify(daemonSet) })).toBe('daemonset.apps/log-agent created\n');
    const out = await kubectl.ok(['rollout', 'status', 'ds/log-agent', '-n', NS, '--timeout=60s'], { timeoutMs: 90_000 });
    expect(out.trim().split('\n').at(-1)).toBe('daemon set "log-agent" successfully rolled out');
    const nodes: Node[] = (await kubectl.json(['get', 'nodes'])).items;
    const pods: Pod[] = (await kubectl.json(['get', 'pods', '-n', NS, '-l', 'app=log-agent'])).items;
    expect(pods.map((p) => p.spec.nodeName).sort()).toEqual(eligible(nodes));
    const ds = await kubectl.json(['get', 'ds', 'log-agent', '-n', NS]);
    const want = eligible(nodes).length;
    // The scenario's system node carries CriticalAddonsOnly:NoSchedule: the agent stays off it.
    expect(want).toBeGreaterThan(1);
    expect(want).toBeLessThan(nodes.length);
    expect(ds.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    expect(ds.status).toMatchObject({ desiredNumberScheduled: want, currentNumberScheduled: want, numberReady: want, numberAvailable: want, updatedNumberScheduled: want, numberMisscheduled: 0, observedGeneration: 1 });
    const table = await kubectl.ok(['get', 'ds', 'log-agent', '-n', NS]);
    expect(table.split('\n')[0].split(/\s{2,}/)).toEqual(['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE']);
    expect(table.split('\n')[1]).toMatch(new RegExp(`^log-agent\\s+${want}\\s+${want}\\s+${want}\\s+${want}\\s+${want}\\s+<none>\\s+\\S+$`));
  });

  it('set image rolls every pod to the new image, and rollout status follows it', async () => {
    const before = new Set(((await kubectl.json(['get', 'pods', '-n', NS, '-l', 'app=log-agent'])).items as Pod[]).map((p) => p.metadata.name));
    expect(await kubectl.ok(['set', 'image', 'ds/log-agent', 'agent=fluent-bit:3.1', '-n', NS])).toBe('daemonset.apps/log-agent image updated\n');
    const out = await kubectl.ok(['rollout', 'status', 'ds/log-agent', '-n', NS, '--timeout=90s'], { timeoutMs: 120_000 });
    expect(out).toMatch(/Waiting for daemon set "log-agent" rollout to finish: \d+ (out of \d+ new pods have been updated|of \d+ updated pods are available)\.\.\./);
    expect(out.trim().split('\n').at(-1)).toBe('daemon set "log-agent" successfully rolled out');
    const pods: Pod[] = (await kubectl.json(['get', 'pods', '-n', NS, '-l', 'app=log-agent', '--field-selector=status.phase=Running'])).items;
    const nodes: Node[] = (await kubectl.json(['get', 'nodes'])).items;
    expect(pods.map((p) => p.spec.nodeName).sort()).toEqual(eligible(nodes));
    for (const p of pods) {
      expect(before.has(p.metadata.name)).toBe(false);
      expect(p.spec.containers[0].image).toBe('fluent-bit:3.1');
    }
    expect((await kubectl.json(['get', 'ds', 'log-agent', '-n', NS])).status.observedGeneration).toBe(2);
  });

  it('follows Auto Mode: a node launched for pending pods gets the agent, and the agent leaves with a consolidated node', { timeout: 300_000 }, async () => {
    const start = new Set(((await kubectl.json(['get', 'nodes'])).items as Node[]).map((n) => n.metadata.name));
    // Requests no existing node has room for: the provisioner launches one (and none for the agent).
    await kubectl.ok(['create', 'deployment', 'big', '-n', 'default', '--image=nginx', '--replicas=1']);
    await kubectl.ok(['set', 'resources', 'deploy/big', '-n', 'default', '--requests=cpu=3,memory=8Gi']);
    const launched = await eventually(
      'a launched node running the agent',
      async () => {
        const nodes: Node[] = (await kubectl.json(['get', 'nodes'])).items;
        const fresh = nodes.map((n) => n.metadata.name).filter((n) => !start.has(n));
        if (fresh.length === 0) return false;
        const pods: Pod[] = (await kubectl.json(['get', 'pods', '-n', NS, '-l', 'app=log-agent', '--field-selector=status.phase=Running'])).items;
        return fresh.every((n) => pods.some((p) => p.spec.nodeName === n)) && fresh;
      },
      90_000,
    );
    // One pod wants one node; the agent's own pending pod on it asked for none.
    expect(launched).toHaveLength(1);
    const peak = (await kubectl.json(['get', 'nodes'])).items.length;
    await kubectl.ok(['delete', 'deployment', 'big', '-n', 'default']);
    // Consolidation removes a node (whichever it finds cheapest to lose); the agent goes with it.
    await eventually(
      'a node consolidated away and the agent only on the nodes left',
      async () => {
        const nodes: Node[] = (await kubectl.json(['get', 'nodes'])).items;
        if (nodes.length >= peak) return false;
        const pods: Pod[] = (await kubectl.json(['get', 'pods', '-n', NS, '-l', 'app=log-agent'])).items;
        const ds = await kubectl.json(['get', 'ds', 'log-agent', '-n', NS]);
        const want = eligible(nodes);
        return JSON.stringify(pods.map((p) => p.spec.nodeName).sort()) === JSON.stringify(want) && ds.status.desiredNumberScheduled === want.length && ds.status.numberAvailable === want.length;
      },
      150_000,
    );
  });
});
