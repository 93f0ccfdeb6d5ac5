import { describe, expect, it } from 'vitest';
import type { KObject } from '../store';
import { driftOf } from './drift';

const pool = (requirements: unknown[], nodeClass = 'default'): KObject =>
  ({ apiVersion: 'karpenter.sh/v1', kind: 'NodePool', metadata: { name: 'web' }, spec: { template: { spec: { nodeClassRef: { group: 'eks.amazonaws.com', kind: 'NodeClass', name: nodeClass }, requirements } } } }) as KObject;
const claim = { apiVersion: 'karpenter.sh/v1', kind: 'NodeClaim', metadata: { name: 'web-abc', labels: { 'karpenter.sh/nodepool': 'web', 'node.kubernetes.io/instance-type': 'c6a.large' } }, spec: { nodeClassRef: { name: 'default' } } } as KObject;
const nodeClass = (spec: Record<string, unknown>) => ({ apiVersion: 'eks.amazonaws.com/v1', kind: 'NodeClass', metadata: { name: 'default' }, spec }) as KObject;

describe('driftOf', () => {
  it('names the requirement that no longer allows the node', () => {
    expect(driftOf(claim, undefined, pool([{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['c6a.large', 'm6a.large'] }]), undefined, undefined)).toBeUndefined();
    expect(driftOf(claim, undefined, pool([{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m6a.large'] }]), undefined, undefined)).toEqual({
      reason: 'RequirementsDrifted',
      message: 'NodePool web spec.template.spec.requirements: node.kubernetes.io/instance-type=m6a.large no longer allows c6a.large',
    });
  });

  it('does not judge keys the node does not carry', () => {
    expect(driftOf(claim, undefined, pool([{ key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }]), undefined, undefined)).toBeUndefined();
  });

  it('names a changed nodeClassRef and a changed NodeClass field', () => {
    expect(driftOf(claim, undefined, pool([], 'ai-ml'), undefined, undefined)).toEqual({ reason: 'NodePoolDrifted', message: 'NodePool web spec.template.spec.nodeClassRef changed: default → ai-ml' });
    const launched = { role: 'AmazonEKSAutoNodeRole', tags: { team: 'a' } };
    expect(driftOf(claim, undefined, pool([]), nodeClass(launched), launched)).toBeUndefined();
    expect(driftOf(claim, undefined, pool([]), nodeClass({ role: 'AmazonEKSAutoNodeRole', tags: { team: 'b' } }), launched)).toEqual({ reason: 'NodeClassDrifted', message: 'NodeClass default changed: spec.tags' });
  });
});
