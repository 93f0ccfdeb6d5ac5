// Every view that shows a cost takes the server's price table: the review, the what-if plan and
// the live activity view must agree with the lanes on what a node costs.
import { describe, expect, it } from 'vitest';
import { nodeInfo, nodePoolInfo, podInfo } from '@/test/support/model';
import { nodeInfo as sizedNode } from '@/test/support/topology';
import { mergePriceOverride } from './price-override';
import { BUILT_IN_PRICES } from './pricing';
import { reviewCluster } from './review';
import { planPin } from './what-if';
import { poolSamples } from './activity';

const GI = 1024 ** 3;
// Half the built-in m5.large and c6a.large prices, no discount: every figure below halves.
const half = mergePriceOverride(
  BUILT_IN_PRICES,
  { name: 'half price', prices: { 'c6a.large': { onDemand: 0.0765 / 2 }, 'm5.large': { onDemand: 0.096 / 2 }, 'm6a.xlarge': { onDemand: 0.1728 / 2 } } },
  'NODELANES_PRICES',
);

describe('views priced with the server table', () => {
  const GP = { 'karpenter.sh/nodepool': 'general-purpose', 'node.kubernetes.io/instance-type': 'c6a.large' };
  const input = {
    nodes: [nodeInfo('i-a', GP), nodeInfo('i-b', GP)],
    pods: [podInfo('apps', 'web-1', 'i-a', 200)],
    pdbs: [],
    nodeClaims: [],
    nodePools: [nodePoolInfo('general-purpose')],
  };

  it('review: each node and the totals', () => {
    const now = new Date('2026-11-25T12:00:00Z');
    const builtIn = reviewCluster(input, now);
    const priced = reviewCluster(input, now, { prices: half });
    expect(priced.nodes[0].hourly).toBeCloseTo(builtIn.nodes[0].hourly! / 2, 10);
    expect(priced.totals.hourly).toBeCloseTo(builtIn.totals.hourly / 2, 10);
  });

  it('activity: the per-pool samples', () => {
    expect(poolSamples(input, half)[0].hourly).toBeCloseTo(poolSamples(input)[0].hourly / 2, 10);
  });

  it('what-if: before and after, new nodes, and the table named', () => {
    const GPm5 = { 'karpenter.sh/nodepool': 'general-purpose' };
    const plan = (prices?: typeof half) =>
      planPin({
        nodes: [sizedNode('gp-1', 'm5.large', GPm5)],
        pods: [],
        nodePools: [nodePoolInfo('general-purpose', { builtIn: true }), nodePoolInfo('ai-ml', { requirements: [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m6a.xlarge'] }] })],
        nodeClaims: [],
        workloads: [{ namespace: 'apps', name: 'heavy', replicas: 1, requests: { cpuMillis: 1000, memoryBytes: 2 * GI, pods: 1 } }],
        target: { key: 'karpenter.sh/nodepool', value: 'ai-ml' },
        ...(prices ? { prices } : {}),
      });
    const builtIn = plan();
    const priced = plan(half);
    expect(builtIn.newNodes).toEqual([expect.objectContaining({ instanceType: 'm6a.xlarge', count: 1 })]);
    expect(priced.newNodes[0].hourly).toBeCloseTo(builtIn.newNodes[0].hourly / 2, 10);
    expect(priced.cost.beforeHourly).toBeCloseTo(builtIn.cost.beforeHourly / 2, 10);
    expect(priced.cost.prices).toEqual({ name: 'half price', source: 'NODELANES_PRICES' });
    expect(builtIn.cost.prices).toEqual({ name: 'built-in us-east-1 on-demand table', source: 'built-in' });
  });
});
