import { describe, expect, it } from 'vitest';
import { syntheticNode, syntheticPod } from '@/lib/sandbox/sim/scenario';
import { transformNode, transformPod } from '@/lib/domain/transform';
import { emptySnapshot, eventInfo, nodeClaimInfo, nodeClassInfo, nodePoolInfo, pdbInfo } from '@/test/support/model';
import { nodeInfo, podInfo } from '@/test/support/topology';
import type { TopologySnapshot } from './model';
import { decodeRows, decodeSnapshot, encodeRows, encodeSnapshot, encodeSnapshotInSteps, SNAPSHOT_CODEC } from './snapshot-codec';

/** What the browser gets: the encoding through JSON, as it travels. */
const roundTrip = (snapshot: TopologySnapshot) => decodeSnapshot(JSON.parse(JSON.stringify(encodeSnapshot(snapshot))));

/** Equal as JSON sees it, key order aside: what the old plain-JSON snapshot would have delivered. */
const asJson = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

describe('snapshot codec', () => {
  it('gives back every kind of object with every field, optional ones absent where they were', () => {
    const web = { app: 'web' };
    const snapshot = emptySnapshot({
      resourceVersion: '4711',
      stale: true,
      nodes: [nodeInfo('n1', 'm6a.large', { 'karpenter.sh/nodepool': 'general-purpose' }), nodeInfo('n2', 'c6a.xlarge', {}, { unschedulable: true, taints: [{ key: 'k', effect: 'NoSchedule' }] })],
      pods: [
        podInfo('apps', 'web-1-a', 'n1', 250, 0.5, { labels: web }),
        podInfo('apps', 'web-1-b', 'n2', 250, 0.5, { labels: web, trouble: 'CrashLoopBackOff' }),
        podInfo('team', 'batch-1-c', undefined, 1000, 2, { owner: undefined, nodeSelector: { disk: 'ssd' }, affinity: [[{ key: 'zone', operator: 'In', values: ['a'] }]] }),
      ],
      nodePools: [nodePoolInfo('general-purpose', { builtIn: true, limits: { cpuMillis: 1000 } })],
      nodeClasses: [nodeClassInfo('default'), nodeClassInfo('gpu', { ready: false, role: undefined, notReady: { condition: 'Ready', reason: 'x', message: 'y' } })],
      nodeClaims: [nodeClaimInfo('c1', { stage: 'Launched', nodeName: undefined })],
      pdbs: [pdbInfo('apps', 'web', { minAvailable: '50%' })],
      events: [eventInfo('apps', 'web-1-a.1'), eventInfo('default', 'n1.2', { involved: { kind: 'Node', name: 'n1' }, source: undefined })],
    });
    const back = roundTrip(snapshot);
    expect(asJson(back)).toEqual(asJson(snapshot));
    // Absent stays absent (not a key holding undefined or null).
    expect(Object.keys(back.pods[2])).not.toContain('nodeName');
    expect(Object.keys(back.pods[2])).not.toContain('owner');
    expect('trouble' in back.pods[0]).toBe(false);
    expect(back.pods[1].trouble).toBe('CrashLoopBackOff');
    expect(back.nodeClasses[1]).not.toHaveProperty('role');
  });

  it('keeps values of different types apart even when they print alike', () => {
    const rows = [{ v: 5 }, { v: '5' }, { v: true }, { v: 'true' }, { v: null }, { v: 'null' }, { v: { a: 1 } }, { v: '{"a":1}' }, { v: 5 }, {}];
    const back = decodeRows<Record<string, unknown>>(JSON.parse(JSON.stringify(encodeRows(rows))));
    expect(back).toEqual(rows);
    expect(back[9]).not.toHaveProperty('v');
  });

  it('sends a column of one value once, a column of distinct values as it is, and repeats as indexes', () => {
    const rows = [
      { ns: 'apps', name: 'a', node: 'n1' },
      { ns: 'apps', name: 'b', node: 'n1' },
      { ns: 'apps', name: 'c', node: 'n2' },
    ];
    expect(encodeRows(rows)).toEqual({ n: 3, columns: { ns: { one: 'apps' }, name: { all: ['a', 'b', 'c'] }, node: { values: ['n1', 'n2'], rows: [0, 0, 1] } } });
    expect(encodeRows([])).toEqual({ n: 0, columns: {} });
    expect(decodeRows(encodeRows([]))).toEqual([]);
  });

  it("shares equal objects, as the server's cache does, so a workload's pods hold one requests object", () => {
    const snapshot = emptySnapshot({ pods: [podInfo('apps', 'web-1-a', 'n1', 250, 0.5), podInfo('apps', 'web-1-b', 'n1', 250, 0.5)] });
    expect(snapshot.pods[0].requests).not.toBe(snapshot.pods[1].requests);
    const back = roundTrip(snapshot);
    expect(back.pods[0].requests).toBe(back.pods[1].requests);
    expect(back.pods[0].requests).toEqual(snapshot.pods[0].requests);
  });

  it('encodes in steps of one column each, to the same result as in one go', () => {
    const snapshot = emptySnapshot({ resourceVersion: '9', nodes: [nodeInfo('n1', 'm6a.large', {})], pods: [podInfo('apps', 'a', 'n1', 250, 0.5), podInfo('team', 'b', 'n1', 100, 1)] });
    const steps = encodeSnapshotInSteps(snapshot);
    let pauses = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) pauses++;
    const columns = (list: keyof typeof step.value.lists) => Object.keys(step.value.lists[list].columns).length;
    expect(pauses).toBe(columns('nodes') + columns('pods'));
    expect(pauses).toBeGreaterThan(10);
    expect(step.value).toEqual(encodeSnapshot(snapshot));
  });

  it('refuses what is not its own encoding', () => {
    expect(() => decodeSnapshot(emptySnapshot())).toThrow(`not a ${SNAPSHOT_CODEC} snapshot`);
    expect(() => decodeSnapshot(null)).toThrow();
    const encoded = JSON.parse(JSON.stringify(encodeSnapshot(emptySnapshot()))) as { lists: Record<string, unknown> };
    delete encoded.lists.pods;
    expect(() => decodeSnapshot(encoded)).toThrow('without its pods');
  });

  it('round-trips the synthetic scale scenario exactly, in a fraction of the JSON', () => {
    const t = '2026-01-01T00:00:00Z';
    const nodes = [];
    const pods = [];
    for (let i = 0; i < 60; i++) {
      const node = syntheticNode(i, t);
      nodes.push(transformNode({ ...node, metadata: { ...node.metadata, uid: `node-${i}`, creationTimestamp: t } }));
      for (let j = 0; j < 30; j++) {
        const pod = syntheticPod(i, j, 30, node.metadata.name, t);
        // Vary what real clusters vary: a few pending, terminating, troubled and unowned pods.
        const status = j % 7 === 0 ? { phase: 'Pending' } : pod.status;
        const metadata = { ...pod.metadata, uid: `pod-${i}-${j}`, creationTimestamp: t, ...(j % 11 === 0 ? { deletionTimestamp: t } : {}) };
        pods.push(transformPod({ ...pod, metadata, status }));
      }
    }
    const snapshot = emptySnapshot({ resourceVersion: '99', nodes, pods });
    const encoded = JSON.stringify(encodeSnapshot(snapshot));
    const back = decodeSnapshot(JSON.parse(encoded));
    expect(asJson(back)).toEqual(asJson(snapshot));
    expect(back.pods.map((p) => p.name)).toEqual(snapshot.pods.map((p) => p.name));
    expect(new Set(back.pods.map((p) => p.phase))).toEqual(new Set(['Running', 'Pending']));
    expect(encoded.length).toBeLessThan(JSON.stringify(snapshot).length / 3);
  });
});
