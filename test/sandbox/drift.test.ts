// Drift in the sandbox: narrowing a NodePool's instance types marks its NodeClaim Drifted (with
// the field in the condition and an Event), and Auto Mode replaces the node — the replacement is
// launched and initialized before the old node is drained — as the real controller does.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type kubectlFor } from '../support/kubectl';
import { startRouteSandbox, type RouteSandbox } from '../support/route-sandbox';

let env: RouteSandbox;
let kubectl: ReturnType<typeof kubectlFor>;

beforeAll(async () => {
  env = await startRouteSandbox({ timeScale: 20 });
  kubectl = env.kubectl;
});

afterAll(async () => {
  await env?.stop();
});

const requirements = (types: string[]) => [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: types }];

describe('drift', () => {
  it('marks the NodeClaim Drifted naming the requirement, then replaces the node: new one first, old one drained', async () => {
    await kubectl.ok(['apply', '-f', '-'], {
      input: JSON.stringify({
        apiVersion: 'karpenter.sh/v1',
        kind: 'NodePool',
        metadata: { name: 'drifty' },
        spec: {
          template: { spec: { nodeClassRef: { group: 'eks.amazonaws.com', kind: 'NodeClass', name: 'default' }, requirements: requirements(['c6a.large']), taints: [{ key: 'drifty', effect: 'NoSchedule' }] } },
          disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '10m', budgets: [{ nodes: '100%' }] },
        },
      }),
    });
    await kubectl.ok(['apply', '-f', '-'], {
      input: JSON.stringify({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'drifter', namespace: 'apps' },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: 'drifter' } },
          template: {
            metadata: { labels: { app: 'drifter' } },
            spec: {
              nodeSelector: { 'karpenter.sh/nodepool': 'drifty' },
              tolerations: [{ key: 'drifty', operator: 'Exists', effect: 'NoSchedule' }],
              containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: '100m', memory: '128Mi' } } }],
            },
          },
        },
      }),
    });
    const oldNode = await eventually('drifter to run on a drifty node', async () => {
      const pods = await kubectl.json(['get', 'pods', '-n', 'apps', '-l', 'app=drifter']);
      const running = pods.items.filter((p: { status: { phase: string } }) => p.status.phase === 'Running');
      return running.length === 2 ? (running[0].spec.nodeName as string) : undefined;
    });
    const claims = await kubectl.json(['get', 'nodeclaims', '-l', 'karpenter.sh/nodepool=drifty']);
    const oldClaim = claims.items[0].metadata.name as string;

    await kubectl.ok(['patch', 'nodepool', 'drifty', '--type=merge', '-p', JSON.stringify({ spec: { template: { spec: { requirements: requirements(['m6a.large']) } } } })]);
    const drifted = await eventually('the NodeClaim to be Drifted', async () => {
      const c = await kubectl.json(['get', 'nodeclaim', oldClaim]);
      return c.status.conditions.find((x: { type: string; status: string }) => x.type === 'Drifted' && x.status === 'True');
    });
    expect(drifted).toMatchObject({ reason: 'RequirementsDrifted', message: expect.stringContaining('node.kubernetes.io/instance-type=m6a.large no longer allows c6a.large') });

    await eventually(
      'the pods to run on an m6a.large node and the old node to be gone',
      async () => {
        const nodes = await kubectl.json(['get', 'nodes', '-l', 'karpenter.sh/nodepool=drifty']);
        const names = nodes.items.map((n: { metadata: { name: string } }) => n.metadata.name);
        if (names.includes(oldNode)) return false;
        const pods = await kubectl.json(['get', 'pods', '-n', 'apps', '-l', 'app=drifter']);
        const running = pods.items.filter((p: { status: { phase: string }; metadata: { deletionTimestamp?: string } }) => p.status.phase === 'Running' && !p.metadata.deletionTimestamp);
        if (running.length !== 2) return false;
        const types = nodes.items.map((n: { metadata: { labels: Record<string, string> } }) => n.metadata.labels['node.kubernetes.io/instance-type']);
        return types.every((t: string) => t === 'm6a.large');
      },
      90_000,
    );
    // The Events tell the story in order: drifted, replacement launched, then the old node drained.
    // Ordered by resourceVersion: timestamps have whole seconds, and simulated seconds are short.
    const events = await kubectl.json(['get', 'events', '-A']);
    const story = [...events.items]
      .sort((a: { metadata: { resourceVersion: string } }, b: { metadata: { resourceVersion: string } }) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion))
      .filter((e: { involvedObject: { name: string }; reason: string }) => [oldClaim, oldNode].includes(e.involvedObject.name) && ['Drifted', 'DisruptionLaunching', 'Disrupting', 'RemovingNode'].includes(e.reason))
      .map((e: { reason: string }) => e.reason);
    expect(story.indexOf('Drifted')).toBeGreaterThanOrEqual(0);
    expect(story.indexOf('DisruptionLaunching')).toBeGreaterThan(story.indexOf('Drifted'));
    expect(story.indexOf('Disrupting')).toBeGreaterThan(story.indexOf('DisruptionLaunching'));
    expect(story).toContain('RemovingNode');
  }, 120_000);
});
