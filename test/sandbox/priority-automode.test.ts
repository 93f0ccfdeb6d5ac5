// Auto Mode and preemption together (migration scenario, real time): a high-priority pod that only
// fits a general-purpose node once that node's pods are gone preempts them and is nominated to the
// node; while the victims leave, Karpenter launches no node for it, as it skips pods with
// status.nominatedNodeName.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRouteSandbox, type RouteSandbox } from '../support/route-sandbox';
import { eventually } from '../support/kubectl';
import { resourcesOf } from '@/lib/domain/quantities';

let sb: RouteSandbox;

beforeAll(async () => {
  sb = await startRouteSandbox({ timeScale: 1 });
}, 120_000);

afterAll(async () => {
  await sb?.stop();
});

describe('preemption with Auto Mode', () => {
  it('a nominated pod makes Karpenter launch nothing while its victims leave', async () => {
    const { kubectl } = sb;
    const pool = 'general-purpose';
    const nodes = (await kubectl.json(['get', 'nodes', '-l', `karpenter.sh/nodepool=${pool}`])).items;
    const biggest = Math.max(...nodes.map((n: { status: { allocatable: Record<string, string> } }) => resourcesOf(n.status.allocatable).cpuMillis));
    await kubectl.ok(['create', 'priorityclass', 'urgent', '--value=1000']);
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'urgent', namespace: 'default' },
      spec: {
        priorityClassName: 'urgent',
        nodeSelector: { 'karpenter.sh/nodepool': pool },
        // Fits a node of the pool only once (nearly) all of its pods are gone.
        containers: [{ name: 'c', image: 'nginx:1.27', resources: { requests: { cpu: `${biggest - 50}m`, memory: '64Mi' } } }],
      },
    };
    await kubectl.ok(['apply', '-f', '-'], { input: JSON.stringify(pod) });
    const node = await eventually('nominated', async () => (await kubectl.json(['get', 'pod', 'urgent', '-n', 'default'])).status?.nominatedNodeName as string | undefined, 30_000);
    expect(nodes.map((n: { metadata: { name: string } }) => n.metadata.name)).toContain(node);
    // It binds there once its victims are gone; meanwhile Karpenter's 2 s batches passed over it
    // without launching a node for it (no Nominated event from Auto Mode).
    await eventually('bound to the nominated node', async () => (await kubectl.json(['get', 'pod', 'urgent', '-n', 'default'])).spec.nodeName === node, 60_000);
    const nominatedEvents = (await kubectl.json(['get', 'events', '-n', 'default', '--field-selector', 'involvedObject.name=urgent,reason=Nominated'])).items;
    expect(nominatedEvents).toEqual([]);
  }, 90_000);
});
