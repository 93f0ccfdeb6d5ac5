// Victim choice and node choice of the scheduler's default preemption, over plain data.
import { describe, expect, it } from 'vitest';
import type { FitNode } from './fit';
import { misfitWords } from './fit';
import { fromLabelSelectorObject } from './label-selector';
import { pickPreemptionNode, planPreemption, preemptionReasons, victimsOnNode, type NodeOutcome, type PriorityPod } from './preemption';

const GiB = 1024 ** 3;

function pod(name: string, priority: number, cpuMillis: number, extra: Partial<PriorityPod> = {}): PriorityPod {
  return { key: `apps/${name}`, namespace: 'apps', labels: { app: name.replace(/-\d+$/, '') }, priority, requests: { cpuMillis, memoryBytes: GiB / 4, pods: 1 }, ...extra };
}

function node(name: string, residents: PriorityPod[], extra: Partial<FitNode> = {}): FitNode {
  const used = { cpuMillis: 0, memoryBytes: 0, pods: 0 };
  for (const p of residents) {
    used.cpuMillis += p.requests.cpuMillis;
    used.memoryBytes += p.requests.memoryBytes;
    used.pods += 1;
  }
  return { name, labels: { 'kubernetes.io/hostname': name }, taints: [], allocatable: { cpuMillis: 2000, memoryBytes: 8 * GiB, pods: 110 }, used, schedulable: true, ...extra };
}

const names = (o: NodeOutcome) => (o.kind === 'candidate' ? o.victims.map((v) => v.key).sort() : o.kind);

describe('victimsOnNode', () => {
  it('removes the lowest-priority pods only as far as needed, reprieving the rest', () => {
    const residents = [pod('a', 10, 500), pod('b', 20, 500), pod('c', 5, 500), pod('d', 100, 500)];
    const n = node('n1', residents);
    const out = victimsOnNode(pod('high', 50, 500), n, residents, [n]);
    // One 500m pod must go: the least important of the lower ones (c, priority 5).
    expect(names(out)).toEqual(['apps/c']);
  });

  it('never takes a pod of equal or higher priority, and says so when nothing lower is there', () => {
    const residents = [pod('a', 50, 1000), pod('b', 60, 1000)];
    const n = node('n1', residents);
    expect(victimsOnNode(pod('high', 50, 500), n, residents, [n]).kind).toBe('no-victims');
  });

  it('is no candidate when the pod does not fit even without every lower-priority pod', () => {
    const residents = [pod('a', 1, 500), pod('b', 100, 1500)];
    const n = node('n1', residents);
    expect(victimsOnNode(pod('high', 50, 1000), n, residents, [n])).toEqual({ node: 'n1', kind: 'misfit', why: 'cpu' });
  });

  it('gives back PDB-protected pods first, and counts a violation only when it must take one', () => {
    const residents = [pod('guarded', 1, 1000), pod('free', 2, 1000)];
    const n = node('n1', residents);
    const pdb = { namespace: 'apps', selector: fromLabelSelectorObject({ matchLabels: { app: 'guarded' } }), disruptionsAllowed: 0 };
    const one = victimsOnNode(pod('high', 50, 1000), n, residents, [n], [pdb]);
    expect(one).toMatchObject({ kind: 'candidate', pdbViolations: 0 });
    expect(names(one)).toEqual(['apps/free']);
    const both = victimsOnNode(pod('high', 50, 2000), n, residents, [n], [pdb]);
    expect(both).toMatchObject({ kind: 'candidate', pdbViolations: 1 });
    expect(names(both)).toEqual(['apps/free', 'apps/guarded']);
  });
});

describe('pickPreemptionNode', () => {
  const victim = (priority: number, startedAt = 0) => pod(`v${priority}-${startedAt}`, priority, 100, { startedAt });
  const cand = (node: string, victims: PriorityPod[], pdbViolations = 0): NodeOutcome => ({ node, kind: 'candidate', victims, pdbViolations });

  it('prefers fewer PDB violations over everything else', () => {
    expect(pickPreemptionNode([cand('a', [victim(1)], 1), cand('b', [victim(9), victim(9)], 0)])?.node).toBe('b');
  });
  it('then the lowest highest-priority victim', () => {
    expect(pickPreemptionNode([cand('a', [victim(5)]), cand('b', [victim(1), victim(2)])])?.node).toBe('b');
  });
  it('then the smallest sum of priorities, then the fewest victims', () => {
    expect(pickPreemptionNode([cand('a', [victim(3), victim(3)]), cand('b', [victim(3), victim(1)])])?.node).toBe('b');
    expect(pickPreemptionNode([cand('a', [victim(0), victim(0)]), cand('b', [victim(0)])])?.node).toBe('b');
  });
  it('then the node whose top victims started latest', () => {
    expect(pickPreemptionNode([cand('a', [victim(3, 100)]), cand('b', [victim(3, 500)])])?.node).toBe('b');
  });
  it('is undefined without candidates', () => {
    expect(pickPreemptionNode([{ node: 'a', kind: 'no-victims' }])).toBeUndefined();
  });
});

describe('planPreemption', () => {
  it('skips nodes the pod can never use and words every non-candidate as the scheduler does', () => {
    const low = [pod('low', 0, 2000)];
    const full = [pod('same', 50, 2000)];
    const nodes = [node('n1', low), node('n2', full), node('n3', [], { taints: [{ key: 'x', effect: 'NoSchedule' }] })];
    const residents = new Map([['n1', low], ['n2', full], ['n3', []]]);
    const why = new Map([['n1', 'cpu'], ['n2', 'cpu'], ['n3', 'taint']] as const);
    const plan = planPreemption(pod('high', 50, 1000), nodes, why, (n) => residents.get(n) ?? []);
    expect(plan.chosen?.node).toBe('n1');
    expect([...preemptionReasons(plan.outcomes, misfitWords)]).toEqual([
      ['No preemption victims found for incoming pod', 1],
      ['Preemption is not helpful for scheduling', 1],
    ]);
  });
});
