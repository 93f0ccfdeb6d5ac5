// Trouble as kubectl 1.32 sees it against `npm run sandbox`: a missing image backs off pulling,
// a container marked to crash loops with a growing back-off, one over its memory limit is
// OOMKilled, a finalizer keeps a deleted pod Terminating, a NoExecute taint evicts pods after
// their tolerationSeconds, and a node whose kubelet is stopped goes Unknown, is tainted
// unreachable and has its pods evicted after the default 300 s toleration.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxProcess, type SandboxProcess } from '../support/sandbox-process';
import { eventually, kubectlFor } from '../support/kubectl';

let sandbox: SandboxProcess;
let kubectl: ReturnType<typeof kubectlFor>;
let nodes: string[];
const NS = 'trouble';

type Obj = { metadata: { name: string; uid: string; deletionTimestamp?: string }; spec?: Record<string, any>; status?: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any

const pod = (name: string, o: { image?: string; node?: string; annotations?: Record<string, string>; extra?: string; container?: string } = {}) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: ${NS}
  annotations: ${JSON.stringify(o.annotations ?? {})}
spec:
  ${o.node ? `nodeName: ${o.node}` : ''}
  terminationGracePeriodSeconds: 1
  containers:
    - name: app
      image: ${o.image ?? 'nginx:1.27'}
${o.container ?? ''}
${o.extra ?? ''}
`;

const get = (name: string) => kubectl.json<Obj>(['get', 'pod', name, '-n', NS]);
const gone = async (name: string) => (await kubectl.run(['get', 'pod', name, '-n', NS])).code !== 0;
/** The `kubectl get pods` row of a pod: NAME READY STATUS RESTARTS AGE. */
const row = async (name: string) => (await kubectl.ok(['get', 'pod', name, '-n', NS, '--no-headers'])).trim().split(/\s{2,}/);
const condition = (p: Obj, type: string) => (p.status?.conditions ?? []).find((c: { type: string }) => c.type === type);

beforeAll(async () => {
  sandbox = await startSandboxProcess({ timeScale: 20, scenario: 'synthetic:3x1' });
  kubectl = kubectlFor(sandbox.kubeconfig);
  await kubectl.ok(['create', 'namespace', NS]);
  nodes = (await kubectl.ok(['get', 'nodes', '-o', 'name'])).trim().split('\n').map((n) => n.replace('node/', ''));
}, 120_000);

afterAll(async () => {
  kubectl?.cleanup();
  await sandbox?.stop();
});

describe('pods in trouble', () => {
  it('an image that does not exist: ErrImagePull, then ImagePullBackOff, with the kubelet events', async () => {
    await kubectl.ok(['apply', '-f', '-'], { input: pod('missing', { image: 'nginx:does-not-exist' }) });
    const [, ready, status, restarts] = await eventually('ImagePullBackOff', async () => {
      const r = await row('missing');
      return r[2] === 'ImagePullBackOff' && r;
    });
    expect([ready, status, restarts]).toEqual(['0/1', 'ImagePullBackOff', '0']);
    // Pulls are retried after each back-off, so the state alternates; read it while backing off.
    const p = await eventually('a status in back-off', async () => {
      const x = await get('missing');
      return x.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'ImagePullBackOff' && x;
    });
    expect(p.status?.phase).toBe('Pending');
    expect(p.status?.containerStatuses[0]).toMatchObject({ ready: false, restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "nginx:does-not-exist"' } } });
    expect(condition(p, 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [app]' });
    const events = await kubectl.ok(['get', 'events', '-n', NS, '--field-selector', 'involvedObject.name=missing']);
    expect(events).toContain('Failed to pull image "nginx:does-not-exist": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:does-not-exist"');
    expect(events).toMatch(/BackOff\s+pod\/missing\s+Back-off pulling image "nginx:does-not-exist"/);
    expect(events).toContain('Error: ErrImagePull');
  }, 60_000);

  it('a container marked to crash: restarted at once, then CrashLoopBackOff with a back-off that doubles', async () => {
    await kubectl.ok(['apply', '-f', '-'], { input: pod('crasher', { annotations: { 'sandbox.nodelanes.dev/crash': 'true' } }) });
    const p = await eventually('two restarts', async () => {
      const x = await get('crasher');
      const s = x.status?.containerStatuses?.[0];
      return s?.restartCount >= 2 && s.state.waiting?.reason === 'CrashLoopBackOff' && x;
    });
    const s = p.status?.containerStatuses[0];
    expect(p.status?.phase).toBe('Running');
    expect(s.ready).toBe(false);
    expect(s.lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    const backoff = 10 * 2 ** (s.restartCount - 1);
    expect(s.state.waiting.message).toBe(`back-off ${backoff < 60 ? `${backoff}s` : `${Math.floor(backoff / 60)}m${backoff % 60}s`} restarting failed container=app pod=crasher_${NS}(${p.metadata.uid})`);
    const [, ready, status, restarts] = await eventually('the row in back-off', async () => {
      const r = await row('crasher');
      return r[2] === 'CrashLoopBackOff' && r;
    });
    expect(ready).toBe('0/1');
    expect(status).toBe('CrashLoopBackOff');
    expect(restarts).toMatch(/^\d+ \(\d+s ago\)$/);
    expect(Number(restarts.split(' ')[0])).toBeGreaterThanOrEqual(s.restartCount);
    // The restart after a crash in back-off waited out the back-off (simulated time).
    const later = await eventually('the next restart', async () => {
      const x = (await get('crasher')).status?.containerStatuses?.[0];
      return x?.restartCount > s.restartCount && x.state.running && x;
    });
    expect(Date.parse(later.state.running.startedAt) - Date.parse(s.lastState.terminated.finishedAt)).toBeGreaterThanOrEqual(backoff * 1000);
    const events = await kubectl.ok(['get', 'events', '-n', NS, '--field-selector', 'involvedObject.name=crasher']);
    expect(events).toContain(`Back-off restarting failed container app in pod crasher_${NS}(${p.metadata.uid})`);
  }, 60_000);

  it('memory use over the limit: OOMKilled with exit code 137; under the limit it runs', async () => {
    const limits = (m: string) => `      resources: { limits: { memory: ${m} } }`;
    const annotations = { 'sandbox.nodelanes.dev/memory-usage': '100Mi' };
    await kubectl.ok(['apply', '-f', '-'], { input: pod('hungry', { annotations, container: limits('64Mi') }) });
    await kubectl.ok(['apply', '-f', '-'], { input: pod('fits', { annotations, container: limits('128Mi') }) });
    const s = await eventually('an OOM kill', async () => (await get('hungry')).status?.containerStatuses?.[0]?.lastState?.terminated);
    expect(s).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
    const fits = await get('fits');
    expect(fits.status?.containerStatuses[0]).toMatchObject({ ready: true, restartCount: 0, state: { running: {} } });
  }, 60_000);

  it('a finalizer that never clears keeps a deleted pod Terminating until it is removed', async () => {
    await kubectl.ok(['apply', '-f', '-'], { input: pod('held', { extra: '' }).replace('  annotations: {}', '  annotations: {}\n  finalizers: ["example.com/hold"]') });
    await eventually('held running', async () => (await row('held'))[2] === 'Running');
    await kubectl.ok(['delete', 'pod', 'held', '-n', NS, '--wait=false']);
    // Well past its grace period (1 s) the pod is still there.
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await row('held'))[2]).toBe('Terminating');
    expect((await get('held')).metadata.deletionTimestamp).toBeTruthy();
    await kubectl.ok(['patch', 'pod', 'held', '-n', NS, '--type=merge', '-p', '{"metadata":{"finalizers":null}}']);
    await eventually('held gone', () => gone('held'));
  }, 60_000);
});

describe('NoExecute taints and a node made NotReady', () => {
  it('kubectl taint … :NoExecute evicts an intolerant pod at once and a tolerating one after its tolerationSeconds', async () => {
    const node = nodes[0];
    const tolerate = (seconds?: number) => `  tolerations:
    - { key: k, operator: Equal, value: v, effect: NoExecute${seconds === undefined ? '' : `, tolerationSeconds: ${seconds}`} }`;
    await kubectl.ok(['apply', '-f', '-'], { input: pod('intolerant', { node }) });
    // A finalizer keeps the evicted pod readable after the kubelet has finished it.
    await kubectl.ok(['apply', '-f', '-'], { input: pod('patient', { node, extra: tolerate(60) }).replace('  annotations: {}', '  annotations: {}\n  finalizers: ["example.com/hold"]') });
    await kubectl.ok(['apply', '-f', '-'], { input: pod('forever', { node, extra: tolerate() }) });
    for (const name of ['intolerant', 'patient', 'forever']) await eventually(`${name} running`, async () => (await row(name))[2] === 'Running');

    await kubectl.ok(['taint', 'nodes', node, 'k=v:NoExecute']);
    await eventually('intolerant gone', () => gone('intolerant'));
    const patient = await get('patient');
    expect(patient.metadata.deletionTimestamp).toBeUndefined();
    const evicted = await eventually('patient evicted', async () => {
      const p = await get('patient');
      return Boolean(p.metadata.deletionTimestamp) && p;
    });
    expect(condition(evicted, 'DisruptionTarget')).toMatchObject({ status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' });
    const events = await kubectl.json<{ items: { reason: string; message: string; firstTimestamp: string; involvedObject: { name: string } }[] }>(['get', 'events', '-n', NS, '--field-selector', 'reason=TaintManagerEviction']);
    const at = (name: string) => Date.parse(events.items.find((e) => e.involvedObject.name === name)!.firstTimestamp);
    expect(events.items.find((e) => e.involvedObject.name === 'patient')?.message).toBe(`Marking for deletion Pod ${NS}/patient`);
    // 60 simulated seconds after the intolerant pod, within a few controller ticks.
    expect(at('patient') - at('intolerant')).toBeGreaterThanOrEqual(60_000);
    expect(at('patient') - at('intolerant')).toBeLessThan(75_000);
    await kubectl.ok(['patch', 'pod', 'patient', '-n', NS, '--type=merge', '-p', '{"metadata":{"finalizers":null}}']);
    await eventually('patient gone', () => gone('patient'));
    expect((await get('forever')).metadata.deletionTimestamp).toBeUndefined();
    await kubectl.ok(['taint', 'nodes', node, 'k=v:NoExecute-']);
  }, 90_000);

  it('a stopped kubelet: node Unknown and tainted unreachable, pods not Ready, evicted after 300 s and left Terminating until it is back', async () => {
    const node = nodes[1];
    await kubectl.ok(['apply', '-f', '-'], { input: pod('stranded', { node }) });
    await eventually('stranded running', async () => (await row('stranded'))[2] === 'Running');
    const tolerations = (await get('stranded')).spec?.tolerations;
    expect(tolerations).toContainEqual({ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });

    await kubectl.ok(['annotate', 'node', node, 'sandbox.nodelanes.dev/kubelet=stopped']);
    const n = await eventually('node Unknown', async () => {
      const o = await kubectl.json<Obj>(['get', 'node', node]);
      return condition(o, 'Ready')?.status === 'Unknown' && o;
    });
    expect(condition(n, 'Ready')).toMatchObject({ reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
    const taints = await eventually('unreachable taints', async () => {
      const t = (await kubectl.json<Obj>(['get', 'node', node])).spec?.taints ?? [];
      return t.length >= 2 && t;
    });
    expect(taints.map((t: { key: string; effect: string }) => `${t.key}:${t.effect}`)).toEqual(['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']);
    expect((await kubectl.ok(['get', 'node', node, '--no-headers'])).split(/\s+/)[1]).toBe('NotReady');
    const marked = await eventually('pod not Ready', async () => {
      const p = await get('stranded');
      return condition(p, 'Ready')?.status === 'False' && p;
    });
    expect(marked.metadata.deletionTimestamp).toBeUndefined();

    const evicted = await eventually('stranded evicted', async () => {
      const p = await get('stranded');
      return Boolean(p.metadata.deletionTimestamp) && p;
    }, 60_000);
    const unknownAt = Date.parse(condition(n, 'Ready').lastTransitionTime);
    const evictedAt = Date.parse(condition(evicted, 'DisruptionTarget').lastTransitionTime);
    expect(evictedAt - unknownAt).toBeGreaterThanOrEqual(300_000);
    expect(evictedAt - unknownAt).toBeLessThan(315_000);
    // Its kubelet is stopped, so nothing finishes the pod: it stays Terminating.
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await row('stranded'))[2]).toBe('Terminating');

    await kubectl.ok(['annotate', 'node', node, 'sandbox.nodelanes.dev/kubelet-']);
    await eventually('stranded gone', () => gone('stranded'));
    await eventually('node Ready and untainted', async () => {
      const o = await kubectl.json<Obj>(['get', 'node', node]);
      return condition(o, 'Ready')?.status === 'True' && !(o.spec?.taints ?? []).length;
    });
  }, 120_000);
  it('a kubelet posting NotReady: not-ready taints, its pods evicted after 300 s and finished, Ready again once switched back', async () => {
    const node = nodes[2];
    await kubectl.ok(['apply', '-f', '-'], { input: pod('unlucky', { node }) });
    await eventually('unlucky running', async () => (await row('unlucky'))[2] === 'Running');
    await kubectl.ok(['annotate', 'node', node, 'sandbox.nodelanes.dev/kubelet=not-ready']);
    const n = await eventually('node NotReady and tainted', async () => {
      const o = await kubectl.json<Obj>(['get', 'node', node]);
      return condition(o, 'Ready')?.status === 'False' && (o.spec?.taints ?? []).length >= 2 && o;
    });
    expect(condition(n, 'Ready')).toMatchObject({ reason: 'KubeletNotReady' });
    expect(n.spec?.taints.map((t: { key: string; effect: string }) => `${t.key}:${t.effect}`)).toEqual(['node.kubernetes.io/not-ready:NoSchedule', 'node.kubernetes.io/not-ready:NoExecute']);
    expect(condition(await get('unlucky'), 'Ready')?.status).toBe('False');
    // Evicted after the default toleration, and finished: this kubelet still stops pods.
    await eventually('unlucky gone', () => gone('unlucky'), 60_000);
    const events = await kubectl.ok(['get', 'events', '-n', NS, '--field-selector', 'involvedObject.name=unlucky']);
    expect(events).toMatch(/TaintManagerEviction\s+pod\/unlucky\s+Marking for deletion Pod trouble\/unlucky/);
    await kubectl.ok(['annotate', 'node', node, 'sandbox.nodelanes.dev/kubelet-']);
    await eventually('node Ready and untainted', async () => {
      const o = await kubectl.json<Obj>(['get', 'node', node]);
      return condition(o, 'Ready')?.status === 'True' && !(o.spec?.taints ?? []).length;
    });
  }, 120_000);

  it('a Deployment\'s pods leave a node tainted NoExecute and run again on the others', async () => {
    await kubectl.ok(['create', 'deployment', 'web', '-n', NS, '--image=nginx:1.27', '--replicas=3']);
    await kubectl.ok(['rollout', 'status', 'deployment/web', '-n', NS, '--timeout=60s'], { timeoutMs: 70_000 });
    const where = async () => (await kubectl.json<{ items: Obj[] }>(['get', 'pods', '-n', NS, '-l', 'app=web'])).items.filter((p) => !p.metadata.deletionTimestamp).map((p) => p.spec?.nodeName as string);
    const node = (await where())[0];
    await kubectl.ok(['taint', 'nodes', node, 'drain=now:NoExecute']);
    await eventually('web pods off the tainted node', async () => {
      const nodesNow = await where();
      return nodesNow.length === 3 && !nodesNow.includes(node) && nodesNow;
    });
    await kubectl.ok(['rollout', 'status', 'deployment/web', '-n', NS, '--timeout=60s'], { timeoutMs: 70_000 });
    await kubectl.ok(['taint', 'nodes', node, 'drain=now:NoExecute-']);
  }, 120_000);
});
