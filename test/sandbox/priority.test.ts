// PriorityClasses, Priority admission and preemption through the real kubectl against
// `npm run sandbox` on a one-node cluster without NodePools (Auto Mode cannot add a node), so a
// pod that does not fit can only get room by preempting.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxProcess, type SandboxProcess } from '../support/sandbox-process';
import { eventually, kubectlFor } from '../support/kubectl';

let sandbox: SandboxProcess;
let kubectl: ReturnType<typeof kubectlFor>;
const NS = 'default';

type Pod = { metadata: { name: string; uid: string }; spec: { nodeName?: string; priority?: number; preemptionPolicy?: string; priorityClassName?: string }; status: { nominatedNodeName?: string; conditions?: { type: string; message?: string }[] } };
type Event = { reason: string; message: string; involvedObject: { name: string } };

function pod(name: string, spec: Record<string, unknown>, cpu = '100m') {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: NS },
    spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'c', image: 'nginx:1.27', resources: { requests: { cpu, memory: '64Mi' } } }], ...spec },
  };
}

const apply = (o: object) => kubectl.run(['apply', '-f', '-'], { input: JSON.stringify(o) });
const getPod = (name: string): Promise<Pod> => kubectl.json(['get', 'pod', name, '-n', NS]);
const events = async (name: string, reason: string): Promise<Event[]> =>
  (await kubectl.json(['get', 'events', '-n', NS, '--field-selector', `involvedObject.name=${name},reason=${reason}`])).items;
const scheduledMessage = (p: Pod) => p.status.conditions?.find((c) => c.type === 'PodScheduled')?.message;

beforeAll(async () => {
  sandbox = await startSandboxProcess({ timeScale: 10, scenario: 'synthetic:1x0' });
  kubectl = kubectlFor(sandbox.kubeconfig);
  await eventually('the node', async () => (await kubectl.json(['get', 'nodes'])).items.length === 1);
}, 120_000);

afterAll(async () => {
  kubectl?.cleanup();
  await sandbox?.stop();
});

describe('PriorityClasses and admission', () => {
  it('serves the system classes, and kubectl create priorityclass works', async () => {
    const table = await kubectl.ok(['get', 'priorityclasses']);
    expect(table).toMatch(/^NAME\s+VALUE\s+GLOBAL-DEFAULT\s+AGE\s+PREEMPTIONPOLICY\n/);
    expect(table).toMatch(/system-cluster-critical\s+2000000000\s+false\s+\S+\s+PreemptLowerPriority/);
    expect(table).toMatch(/system-node-critical\s+2000001000\s+false/);
    expect(await kubectl.ok(['create', 'priorityclass', 'high', '--value=1000', '--description=for the test'])).toBe('priorityclass.scheduling.k8s.io/high created\n');
    expect(await kubectl.ok(['create', 'priorityclass', 'low', '--value=10'])).toBe('priorityclass.scheduling.k8s.io/low created\n');
    expect(await kubectl.ok(['create', 'priorityclass', 'polite', '--value=500', '--preemption-policy=Never'])).toBe('priorityclass.scheduling.k8s.io/polite created\n');
    const big = await kubectl.run(['create', 'priorityclass', 'huge', '--value=1000000001']);
    expect(big.stderr).toContain('value: Forbidden: maximum allowed value of a user defined priority is 1000000000');
    const gone = await kubectl.run(['delete', 'priorityclass', 'system-node-critical']);
    expect(gone.stderr).toContain('priorityclasses.scheduling.k8s.io "system-node-critical" is forbidden: this is a system priority class and cannot be deleted');
  }, 60_000);

  it('refuses an unknown class and a priority the pod sets itself, as the apiserver does', async () => {
    const unknown = await apply(pod('stray', { priorityClassName: 'foo' }));
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('pods "stray" is forbidden: no PriorityClass with name foo was found');
    const own = await apply(pod('self-made', { priority: 5 }));
    expect(own.stderr).toContain('pods "self-made" is forbidden: the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 0 from the given PriorityClass name');
  }, 60_000);

  it('resolves the class to priority and preemption policy', async () => {
    expect((await apply(pod('ranked', { priorityClassName: 'polite' }))).code).toBe(0);
    const p = await getPod('ranked');
    expect([p.spec.priority, p.spec.preemptionPolicy]).toEqual([500, 'Never']);
    await kubectl.ok(['delete', 'pod', 'ranked', '-n', NS, '--wait=false']);
  }, 60_000);
});

describe('pods made by controllers', () => {
  const deployment = (name: string, priorityClassName: string) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: NS },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { priorityClassName, containers: [{ name: 'c', image: 'nginx:1.27', resources: { requests: { cpu: '10m' } } }] } },
    },
  });

  it("a Deployment's pods get their class's priority; an unknown class leaves the ReplicaSet reporting FailedCreate", async () => {
    expect((await apply(deployment('ranked-app', 'high'))).code).toBe(0);
    const priorities = await eventually('ranked-app pod', async () => {
      const pods: Pod[] = (await kubectl.json(['get', 'pods', '-n', NS, '-l', 'app=ranked-app'])).items;
      return pods.length ? pods.map((p) => p.spec.priority) : undefined;
    });
    expect(priorities).toEqual([1000]);
    expect((await apply(deployment('stray-app', 'foo'))).code).toBe(0);
    const failed = await eventually('FailedCreate', async () => {
      const all: Event[] = (await kubectl.json(['get', 'events', '-n', NS, '--field-selector', 'reason=FailedCreate'])).items;
      return all.find((e) => e.involvedObject.name.startsWith('stray-app-'));
    });
    expect(failed.message).toMatch(/^Error creating: pods "stray-app-[a-z0-9]+-" is forbidden: no PriorityClass with name foo was found$/);
    await kubectl.ok(['delete', 'deployment', 'ranked-app', 'stray-app', '-n', NS]);
    await eventually('their pods gone', async () => (await kubectl.json(['get', 'pods', '-n', NS, '-l', 'app in (ranked-app,stray-app)'])).items.length === 0);
  }, 90_000);
});

describe('preemption on a full node', () => {
  it('a high-priority pod preempts a low one; a Never pod and an equal one do not', async () => {
    // The node (m6a.2xlarge) has ~7.9 cpu: a 6-cpu pod leaves no room for a second.
    expect((await apply(pod('filler', { priorityClassName: 'low' }, '6'))).code).toBe(0);
    const node = await eventually('filler bound', async () => (await getPod('filler')).spec.nodeName);

    expect((await apply(pod('patient', { priorityClassName: 'polite' }, '6'))).code).toBe(0);
    const patient = await eventually('patient refused', async () => {
      const m = scheduledMessage(await getPod('patient'));
      return m?.includes('preemption') ? m : undefined;
    });
    expect(patient).toBe('0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.');

    expect((await apply(pod('urgent', { priorityClassName: 'high' }, '6'))).code).toBe(0);
    const urgent = await getPod('urgent');
    const preempted = await eventually('Preempted event', async () => (await events('filler', 'Preempted'))[0]);
    expect(preempted.message).toBe(`Preempted by pod ${urgent.metadata.uid} on node ${node}`);
    await eventually('urgent bound to the node', async () => (await getPod('urgent')).spec.nodeName === node, 60_000);
    expect((await getPod('urgent')).status.nominatedNodeName).toBeUndefined();
    await eventually('filler gone', async () => (await kubectl.run(['get', 'pod', 'filler', '-n', NS])).code !== 0);
    // The Never pod is still waiting: preemption went to the higher one.
    expect((await getPod('patient')).spec.nodeName).toBeUndefined();

    // A pod without a class (priority 0) finds no lower-priority pod to take the place of.
    expect((await apply(pod('plain', {}, '6'))).code).toBe(0);
    const plain = await eventually('plain refused', async () => {
      const m = scheduledMessage(await getPod('plain'));
      return m?.includes('preemption') ? m : undefined;
    });
    expect(plain).toBe('0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.');
  }, 120_000);
});
