import { describe, expect, it } from 'vitest';
import { nodeClassInfo, nodePoolInfo } from '@/test/support/model';
import { nodeInfo } from '@/test/support/topology';
import { pinTargets } from './pin-targets';

describe('pinTargets', () => {
  it('offers node classes, NodePools and node groups (with and without nodes) as node labels', () => {
    const targets = pinTargets({
      nodes: [
        nodeInfo('gp-1', 'm5.large', { 'karpenter.sh/nodepool': 'general-purpose', 'eks.amazonaws.com/nodeclass': 'default' }),
        nodeInfo('ng-1', 't3.medium', { 'eks.amazonaws.com/nodegroup': 'general-pool', workload: 'cpu' }),
      ],
      nodePools: [nodePoolInfo('general-purpose', { builtIn: true }), nodePoolInfo('ai-ml', { nodeClassRef: { group: 'eks.amazonaws.com', kind: 'NodeClass', name: 'ai-ml-node-class' } })],
      nodeClasses: [nodeClassInfo('default'), nodeClassInfo('ai-ml-node-class', { ready: false, notReady: { condition: 'Ready', reason: 'RoleNotFound', message: '' } })],
      nodegroups: [{ name: 'gpu-pool', status: 'ACTIVE', instanceTypes: ['g5.xlarge'], scaling: { minSize: 0, maxSize: 2, desiredSize: 0 }, labels: {}, taints: [] }],
    });
    expect(targets.map((t) => `${t.kind} ${t.key}=${t.value} ${t.nodes}${t.note ? ` (${t.note})` : ''}`)).toEqual([
      'nodeclass eks.amazonaws.com/nodeclass=ai-ml-node-class 0 (not Ready: RoleNotFound)',
      'nodeclass eks.amazonaws.com/nodeclass=default 1',
      'nodepool karpenter.sh/nodepool=ai-ml 0',
      'nodepool karpenter.sh/nodepool=general-purpose 1 (Auto Mode built-in pool)',
      'nodegroup eks.amazonaws.com/nodegroup=general-pool 1',
      'nodegroup eks.amazonaws.com/nodegroup=gpu-pool 0 (g5.xlarge, 0–2 nodes)',
    ]);
  });
});
