// The sandbox's scheduler decides with lib/domain/fit, inter-pod rules included: one replica per
// node under hostname anti-affinity (the rest Pending with the scheduler's words), and zone
// spreading within maxSkew.
import { describe, expect, it } from 'vitest';
import { Store, type KObject } from '../store';
import { schedule } from './scheduler';

const HOST = 'kubernetes.io/hostname';
const ZONE = 'topology.kubernetes.io/zone';

function cluster(zones: string[]) {
  const store = new Store({ now: () => new Date('2026-11-28T00:00:00Z') });
  zones.forEach((zone, i) =>
    store.create('nodes', {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: `n${i + 1}`, labels: { [HOST]: `n${i + 1}`, [ZONE]: zone } },
      status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110' }, conditions: [{ type: 'Ready', status: 'True' }] },
    }),
  );
  const events: { reason: string; message: string; name: string }[] = [];
  const record = (about: KObject, _type: string, reason: string, message: string) => events.push({ reason, message, name: about.metadata.name });
  return { store, events, record };
}

function pending(store: Store, name: string, spec: Record<string, unknown>) {
  store.create('pods', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { namespace: 'platform', name, labels: { app: name.replace(/-\d+$/, '') } },
    spec: { containers: [{ name: 'app', image: 'app', resources: { requests: { cpu: '100m', memory: '64Mi' } } }], ...spec },
    status: { phase: 'Pending' },
  });
}

const nodeOf = (store: Store, name: string) => store.get('pods', 'platform', name)?.spec?.nodeName as string | undefined;

describe('scheduler', () => {
  it('puts one replica per node under hostname anti-affinity and leaves the third Pending with FailedScheduling', () => {
    const { store, events, record } = cluster(['z1', 'z2']);
    const anti = {
      affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'agent' } }, topologyKey: HOST }] } },
    };
    for (const i of [1, 2, 3]) pending(store, `agent-${i}`, anti);
    expect(schedule(store, record as never)).toBe(2);
    const nodes = ['agent-1', 'agent-2', 'agent-3'].map((n) => nodeOf(store, n));
    expect(new Set(nodes.filter(Boolean))).toEqual(new Set(['n1', 'n2']));
    const failed = events.find((e) => e.reason === 'FailedScheduling');
    expect(failed?.message).toMatch(/^0\/2 nodes are available: 2 node\(s\) didn't match pod anti-affinity rules\./);
  });

  it('spreads across zones within maxSkew 1 even where bin packing or least-allocated would stack them', () => {
    const { store, record } = cluster(['z1', 'z1', 'z2']);
    const spread = {
      topologySpreadConstraints: [{ maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } }],
    };
    for (const i of [1, 2, 3, 4]) pending(store, `web-${i}`, spread);
    expect(schedule(store, record as never)).toBe(4);
    const zones = ['web-1', 'web-2', 'web-3', 'web-4'].map((n) => store.get('nodes', undefined, nodeOf(store, n)!)!.metadata.labels![ZONE]);
    expect(zones.filter((z) => z === 'z1')).toHaveLength(2);
    expect(zones.filter((z) => z === 'z2')).toHaveLength(2);
  });
});
