import { describe, expect, it } from 'vitest';
import type { KObject } from '../store';
import { claimName, instanceIdOf, newNodeClaim, nodeForClaim, launchedStatus, TERMINATION_FINALIZER } from './nodeclaim-objects';

const pool = {
  apiVersion: 'karpenter.sh/v1',
  kind: 'NodePool',
  metadata: { name: 'general-purpose', uid: 'np-1' },
  spec: {
    template: {
      metadata: { labels: { team: 'web' } },
      spec: {
        nodeClassRef: { group: 'eks.amazonaws.com', kind: 'NodeClass', name: 'default' },
        requirements: [
          { key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m6a.large', 'm6a.xlarge'] },
          { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] },
        ],
        taints: [{ key: 'workload', value: 'web', effect: 'NoSchedule' }],
      },
    },
  },
} as unknown as KObject;

const pod = (cpu: string, memory: string) => ({ metadata: { namespace: 'apps', name: `p-${cpu}` }, spec: { containers: [{ name: 'c', resources: { requests: { cpu, memory } } }] } }) as unknown as KObject;

describe('NodeClaim objects', () => {
  it('names claims and instances stably per sequence number', () => {
    expect(claimName('general-purpose', 1)).toMatch(/^general-purpose-[a-z2-9]{5}$/);
    expect(claimName('general-purpose', 1)).toBe(claimName('general-purpose', 1));
    expect(claimName('general-purpose', 1)).not.toBe(claimName('general-purpose', 2));
    expect(instanceIdOf(3)).toMatch(/^i-0[0-9a-f]{16}$/);
  });

  it("builds the claim from the pool's template, pinned to the chosen instance type, asking for its pods' requests", () => {
    const claim = newNodeClaim(pool, { name: 'general-purpose-abcde', instanceType: 'm6a.large', capacityType: 'on-demand', zone: 'us-east-1a' }, [pod('250m', '512Mi'), pod('1', '1Gi')], '2026-01-01T00:00:00Z');
    expect(claim.metadata.finalizers).toEqual([TERMINATION_FINALIZER]);
    expect(claim.metadata.labels).toMatchObject({ team: 'web', 'karpenter.sh/nodepool': 'general-purpose', 'karpenter.sh/capacity-type': 'on-demand', 'topology.kubernetes.io/zone': 'us-east-1a' });
    expect(claim.spec.requirements).toEqual([
      { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] },
      { key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m6a.large'] },
    ]);
    expect(claim.spec.resources.requests).toEqual({ cpu: '1250m', memory: '1536Mi', pods: '2' });
    expect(claim.spec.taints).toEqual([{ key: 'workload', value: 'web', effect: 'NoSchedule' }]);
    expect(claim.status.conditions).toEqual([{ type: 'Launched', status: 'Unknown', reason: 'NotLaunched', message: '', lastTransitionTime: '2026-01-01T00:00:00Z' }]);
  });

  it('registers a node named after the instance, with the claim labels, taints and capacity', () => {
    const claim = newNodeClaim(pool, { name: 'gp-1', instanceType: 'm6a.large', capacityType: 'on-demand', zone: 'us-east-1b' }, [], 't0');
    const launched = { ...claim, metadata: { ...claim.metadata, uid: 'nc-1' }, status: launchedStatus(claim, 'm6a.large', 'us-east-1b', 'i-0abc', 't1') } as KObject;
    expect(launched.status.providerID).toBe('aws:///us-east-1b/i-0abc');
    const node = nodeForClaim(launched, 'i-0abc');
    expect(node.metadata.name).toBe('i-0abc');
    expect(node.metadata.labels).toMatchObject({ 'kubernetes.io/hostname': 'i-0abc', 'karpenter.sh/nodepool': 'general-purpose', 'topology.k8s.aws/zone-id': 'use1-az2' });
    expect(node.metadata.ownerReferences).toEqual([{ apiVersion: 'karpenter.sh/v1', kind: 'NodeClaim', name: 'gp-1', uid: 'nc-1', blockOwnerDeletion: true }]);
    expect(node.spec.taints).toEqual(claim.spec.taints);
    expect(node.status.allocatable).toEqual(launched.status.allocatable);
  });
});
