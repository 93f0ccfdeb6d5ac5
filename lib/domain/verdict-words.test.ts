import { describe, expect, it } from 'vitest';
import { inWords, listWords, reviewWords, verdictMessage } from './verdict-words';
import type { NodegroupInfo } from './model';
import type { VerdictCode, VerdictFacts } from './verdict';

const now = new Date('2026-11-25T12:00:00Z');
const facts = (code: VerdictCode, extra: Partial<VerdictFacts> = {}): VerdictFacts => ({ node: 'i-a', pool: 'general-purpose', state: 'keep', code, ...extra });

describe('verdict words, from the facts alone', () => {
  it('names the node a kept node receives pods from', () => {
    const v = facts('Receiving', { receivingFrom: 'i-z' });
    expect(verdictMessage(v)).toBe('Receives pods from i-z, which is being consolidated.');
    expect(reviewWords(v, now)).toBe('Kept: receives pods from i-z, which is being consolidated.');
  });

  it('gives the scheduler’s tally for a pod that would not fit elsewhere', () => {
    const v = facts('DoesNotFit', { misfit: { pod: 'apps/big-2', nodes: 3, reasons: { cpu: 2, taint: 1 } } });
    expect(verdictMessage(v)).toBe('Not underutilized enough: apps/big-2 would not fit elsewhere (0/3 nodes are available: 1 node(s) had untolerated taint, 2 Insufficient cpu.)');
    expect(reviewWords(v, now)).toBe('Kept: apps/big-2 would not fit elsewhere (0/3 nodes are available: 1 node(s) had untolerated taint, 2 Insufficient cpu.)');
  });

  it('counts down to eligibility and to a budget’s next window at the given clock', () => {
    const waiting = facts('Underutilized', { state: 'waiting', reason: 'Underutilized', eligibleAt: '2026-11-25T12:04:10Z', consolidateAfter: '5m', destinations: { 'apps/b': 'i-c', 'apps/a': 'i-b' } });
    expect(verdictMessage(waiting)).toBe('Underutilized; eligible for consolidation once its pods have been stable for 5m.');
    expect(reviewWords(waiting, now)).toBe(
      'Underutilized: its 2 pod(s) fit on nodes i-b and i-c (apps/a → i-b, apps/b → i-c); its pods changed recently, so it becomes a candidate after consolidateAfter (in 4 min 10 s).',
    );
    const budget = facts('Budget', { state: 'blocked', reason: 'Empty', blockedBy: { budget: { nodes: '0', schedule: '0 9 * * 1-5', duration: '8h', reasons: ['Empty'] }, opensAt: '2026-11-25T17:00:00Z' } });
    expect(verdictMessage(budget)).toBe('Disruption budget of NodePool general-purpose allows no more Empty disruptions now (nodes: 0, schedule "0 9 * * 1-5" for 8h).');
    expect(reviewWords(budget, now)).toBe(
      'Blocked: the disruption budget of NodePool general-purpose allows 0 Empty disruptions now (nodes: 0, schedule "0 9 * * 1-5" for 8h, reasons Empty); it opens at 17:00 UTC (in 5 h).',
    );
  });

  it('says a drifted node held back by a blocker is both', () => {
    const v = facts('PDB', { state: 'blocked', reason: 'Drifted', drift: 'NodeClass default changed: spec.tags', blockedBy: { pod: 'apps/db-0', pdb: 'apps/db' } });
    expect(reviewWords(v, now)).toBe('Drifted (NodeClass default changed: spec.tags), replacement held back. Blocked: PodDisruptionBudget apps/db protects pod apps/db-0 and allows no disruption now.');
  });

  it('fills in a node group’s sizes when the EKS API gave them', () => {
    const v = facts('ManagedNodeGroup', { state: 'unmanaged', pool: undefined, nodeGroup: 'ng-1' });
    expect(reviewWords(v, now)).toBe('Managed node group ng-1: scales only through the node group (its min size); Auto Mode does not consolidate it.');
    const group: NodegroupInfo = { name: 'ng-1', status: 'ACTIVE', instanceTypes: ['m6a.large'], scaling: { minSize: 1, desiredSize: 2, maxSize: 4 }, labels: {}, taints: [] };
    expect(reviewWords(v, now, { nodegroup: group })).toContain('(min 1, desired 2, max 4)');
  });

  it('has words for every code', () => {
    const codes: VerdictCode[] = ['Empty', 'Underutilized', 'Drifted', 'DoNotDisrupt', 'PDB', 'Budget', 'PolicyWhenEmpty', 'ConsolidateNever', 'ManagedNodeGroup', 'NotManaged', 'NoNodePool', 'NotReady', 'Initializing', 'Receiving', 'DoesNotFit', 'Disrupting'];
    for (const code of codes) {
      expect(verdictMessage(facts(code)), code).toMatch(/\S/);
      expect(reviewWords(facts(code), now), code).toMatch(/\S/);
    }
  });

  it('writes countdowns and lists as people do', () => {
    expect([inWords(12_000), inWords(250_000), inWords(7_500_000), inWords(-5)]).toEqual(['12 s', '4 min 10 s', '2 h 5 min', '0 s']);
    expect([listWords([]), listWords(['a']), listWords(['a', 'b']), listWords(['a', 'b', 'c'])]).toEqual(['', 'a', 'a and b', 'a, b and c']);
  });
});
