// Auto Mode's nodes go the way Karpenter's do: a NodeClaim or Node that is deleted, or whose
// NodePool is, is kept by the termination finalizer while its node is tainted and drained, and
// only then do both go. Before, deleting a NodePool left its NodeClaims and nodes (and a lane for
// a pool that no longer existed) for ever.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxProcess, type SandboxProcess } from '../support/sandbox-process';
import { eventually, kubectlFor } from '../support/kubectl';

let sandbox: SandboxProcess;
let kubectl: ReturnType<typeof kubectlFor>;

const pool = (name: string) => ({
  apiVersion: 'karpenter.sh/v1',
  kind: 'NodePool',
  metadata: { name },
  spec: {
    template: {
      spec: {
        nodeClassRef: { group: 'eks.amazonaws.com', kind: 'NodeClass', name: 'default' },
        requirements: [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m6a.large'] }],
      },
    },
    disruption: { consolidationPolicy: 'WhenEmpty', consolidateAfter: '1h' },
  },
});

const deployment = (name: string, poolName: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'apps' },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: {
        nodeSelector: { 'karpenter.sh/nodepool': poolName },
        terminationGracePeriodSeconds: 1,
        containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: '500m', memory: '256Mi' } } }],
      },
    },
  },
});

type Named = { items: Array<{ metadata: { name: string; deletionTimestamp?: string; finalizers?: string[] }; spec?: { nodeName?: string; taints?: Array<{ key: string }> }; status?: { phase?: string } }> };

async function poolWithNodes(name: string) {
  await kubectl.ok(['apply', '-f', '-'], { input: JSON.stringify(pool(name)) });
  await kubectl.ok(['apply', '-f', '-'], { input: JSON.stringify(deployment(`${name}-app`, name)) });
  return eventually(`${name}'s pods running on its own nodes`, async () => {
    const pods = await kubectl.json<Named>(['get', 'pods', '-n', 'apps', '-l', `app=${name}-app`]);
    const nodes = await kubectl.json<Named>(['get', 'nodes', '-l', `karpenter.sh/nodepool=${name}`]);
    const running = pods.items.filter((p) => p.status?.phase === 'Running' && p.spec?.nodeName);
    return running.length === 2 && nodes.items.length > 0 ? nodes.items : undefined;
  });
}

beforeAll(async () => {
  sandbox = await startSandboxProcess({ timeScale: 10 });
  kubectl = kubectlFor(sandbox.kubeconfig);
}, 120_000);

afterAll(async () => {
  kubectl?.cleanup();
  await sandbox?.stop();
});

describe('Auto Mode node termination', () => {
  it('a deleted NodePool takes its NodeClaims and nodes with it, drained first; its pods are left Pending', async () => {
    const nodes = await poolWithNodes('going');
    const claims = await kubectl.json<Named>(['get', 'nodeclaims', '-l', 'karpenter.sh/nodepool=going']);
    expect(claims.items.every((c) => c.metadata.finalizers?.includes('karpenter.sh/termination'))).toBe(true);
    expect(nodes.every((n) => n.metadata.finalizers?.includes('karpenter.sh/termination'))).toBe(true);

    await kubectl.ok(['delete', 'nodepool', 'going']);
    await eventually('the pool\'s NodeClaims and nodes gone', async () => {
      const left = await kubectl.json<Named>(['get', 'nodeclaims,nodes', '-l', 'karpenter.sh/nodepool=going']);
      return left.items.length === 0;
    });
    const pods = await kubectl.json<Named>(['get', 'pods', '-n', 'apps', '-l', 'app=going-app']);
    expect(pods.items.length).toBe(2);
    expect(pods.items.every((p) => p.status?.phase === 'Pending' && !p.spec?.nodeName)).toBe(true);
    const drained = await kubectl.ok(['get', 'events', '-A', '--field-selector', 'reason=Terminating', '-o', 'jsonpath={.items[*].message}']);
    expect(drained).toContain('Terminating NodeClaim: it was deleted; draining node');
    await kubectl.ok(['delete', 'deployment', 'going-app', '-n', 'apps']);
  });

  it('kubectl delete nodeclaim waits while the node drains, then both are gone and the pods run elsewhere', async () => {
    const nodes = await poolWithNodes('stays');
    const claims = await kubectl.json<Named>(['get', 'nodeclaims', '-l', 'karpenter.sh/nodepool=stays']);
    const victim = claims.items[0].metadata.name;
    const node = nodes.find((n) => n.metadata.name)!.metadata.name;
    // kubectl waits for the object to be gone, which takes the drain.
    await kubectl.ok(['delete', 'nodeclaim', victim, '--timeout=60s']);
    expect((await kubectl.run(['get', 'nodeclaim', victim])).code).toBe(1);
    await eventually('the pods running again', async () => {
      const pods = await kubectl.json<Named>(['get', 'pods', '-n', 'apps', '-l', 'app=stays-app']);
      return pods.items.length === 2 && pods.items.every((p) => p.status?.phase === 'Running' && p.spec?.nodeName !== node) ? true : undefined;
    });
  });

  it('kubectl delete node drains an Auto Mode node and takes its NodeClaim', async () => {
    const nodes = await kubectl.json<Named>(['get', 'nodes', '-l', 'karpenter.sh/nodepool=stays']);
    const node = nodes.items[0].metadata.name;
    await kubectl.ok(['delete', 'node', node, '--timeout=60s']);
    const claims = await kubectl.json<{ items: Array<{ status?: { nodeName?: string } }> }>(['get', 'nodeclaims']);
    expect(claims.items.some((c) => c.status?.nodeName === node)).toBe(false);
    await kubectl.ok(['delete', 'deployment', 'stays-app', '-n', 'apps']);
    await kubectl.ok(['delete', 'nodepool', 'stays']);
  });
});
