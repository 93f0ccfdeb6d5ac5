// The kubelet's crash loop and pull back-off, tick by tick on a manual clock.
import { describe, expect, it } from 'vitest';
import { Store, type KObject } from '../store';
import { ManualClock } from '@/test/support/manual-clock';
import { runKubelet } from './kubelet';
import { KubeletMemory } from './container-fate';

const NS = 'default';

function setup(pod: Partial<KObject['metadata']>, container: Record<string, unknown> = {}) {
  const clock = new ManualClock();
  const store = new Store({ now: clock.now });
  store.create('nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } });
  store.create('pods', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: NS, ...pod },
    spec: { nodeName: 'n1', restartPolicy: 'Always', containers: [{ name: 'app', image: 'nginx:1.27', ...container }] },
    status: { phase: 'Pending' },
  });
  const events: string[] = [];
  const memory = new KubeletMemory(store);
  const tick = () => runKubelet(store, (_o, _t, reason, message) => events.push(`${reason}: ${message}`), memory);
  const status = () => store.get('pods', NS, 'p')!.status!.containerStatuses?.[0];
  /** Ticks once a simulated second for `seconds`, noting when the container (re)started. */
  const run = (seconds: number) => {
    const starts: number[] = [];
    for (let i = 0; i < seconds; i++) {
      const before = status()?.restartCount;
      tick();
      const after = status();
      if (after?.state?.running && after.restartCount !== before && before !== undefined) starts.push(i);
      clock.advance(1000);
    }
    return starts;
  };
  return { store, status, run, events, clock };
}

describe('kubelet crash loop', () => {
  it('restarts at once after the first crash, then after 10 s, 20 s, 40 s of CrashLoopBackOff', () => {
    const { status, run, store } = setup({ annotations: { 'sandbox.nodelanes.dev/crash': 'true' } });
    run(4); // bound → creating → running
    expect(status().state.running).toBeTruthy();
    const restarts = run(90);
    // Each run lasts 2 s; the gaps after a crash are 0, 10, 20, 40 s.
    const gaps = restarts.slice(1).map((t, i) => t - restarts[i] - 2);
    expect(gaps.slice(0, 3)).toEqual([10, 20, 40]);
    const s = status();
    expect(s.lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    const p = store.get('pods', NS, 'p')!;
    expect(p.status!.phase).toBe('Running');
  });

  it('waits in CrashLoopBackOff with the back-off in its message, not Ready', () => {
    const { status, run, store } = setup({ annotations: { 'sandbox.nodelanes.dev/crash': 'true' } });
    run(4 + 2 + 2 + 1);
    const s = status();
    expect(s).toMatchObject({ ready: false, restartCount: 1, state: { waiting: { reason: 'CrashLoopBackOff' } } });
    const p = store.get('pods', NS, 'p')!;
    expect(s.state.waiting.message).toBe(`back-off 10s restarting failed container=app pod=p_${NS}(${p.metadata.uid})`);
    expect(p.status!.conditions.find((c: { type: string }) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady' });
  });

  it('restartPolicy Never: the crashed container stays terminated and the pod Failed', () => {
    const { status, run, store } = setup({}, { command: ['sh', '-c', 'exit 4'] });
    store.update('pods', { ...store.get('pods', NS, 'p')!, spec: { ...store.get('pods', NS, 'p')!.spec, restartPolicy: 'Never' } });
    run(10);
    expect(status().state.terminated).toMatchObject({ exitCode: 4, reason: 'Error' });
    expect(store.get('pods', NS, 'p')!.status!.phase).toBe('Failed');
  });

  it('an ordinary pod starts and runs with no restarts', () => {
    const { status, run, events } = setup({});
    run(60);
    expect(status()).toMatchObject({ ready: true, restartCount: 0, state: { running: {} } });
    expect(events.filter((e) => e.startsWith('Started'))).toHaveLength(1);
  });
});

describe('kubelet image pulls', () => {
  it('ErrImagePull, then ImagePullBackOff, retried after 10 s, 20 s, and started once the image is fixed', () => {
    const { status, run, events, store } = setup({}, { image: 'nginx:nonexistent' });
    run(4);
    expect(status().state.waiting.reason).toBe('ErrImagePull');
    run(1);
    expect(status().state.waiting).toEqual({ reason: 'ImagePullBackOff', message: 'Back-off pulling image "nginx:nonexistent"' });
    run(40);
    expect(events.filter((e) => e.startsWith('Pulling'))).toHaveLength(3);
    const p = store.get('pods', NS, 'p')!;
    store.update('pods', { ...p, spec: { ...p.spec, containers: [{ name: 'app', image: 'nginx:1.27' }] } });
    run(60);
    expect(status()).toMatchObject({ ready: true, state: { running: {} } });
    expect(store.get('pods', NS, 'p')!.status!.phase).toBe('Running');
  });
});
