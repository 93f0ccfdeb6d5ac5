import { describe, expect, it } from 'vitest';
import { intentFieldOfCause } from './node-class-causes';

const pool = { name: 'ai-ml', instanceCategories: ['c'], instanceGenerations: ['6'], capacityTypes: ['spot' as const] };

describe('intentFieldOfCause', () => {
  it.each([
    ['NodePool', 'spec.disruption.budgets[1].schedule', 'nodePool.budgets.1.schedule'],
    ['NodePool', 'spec.disruption.consolidateAfter', 'nodePool.consolidateAfter'],
    ['NodePool', 'spec.template.spec.taints[0].key', 'nodePool.taints.0.key'],
    ['NodePool', 'spec.template.spec.expireAfter', 'nodePool.expireAfter'],
    ['NodePool', 'spec.template.metadata.labels', 'nodePool.labels'],
    ['NodePool', 'spec.limits.cpu', 'nodePool.limits.cpu'],
    ['NodePool', 'metadata.name', 'nodePool.name'],
    // The pool's requirements are category, generation, capacity type, in that order.
    ['NodePool', 'spec.template.spec.requirements[1].values', 'nodePool.instanceGenerations'],
    ['NodePool', 'spec.template.spec.requirements[2]', 'nodePool.capacityTypes'],
    ['NodeClass', 'spec.subnetSelectorTerms[1].id', 'subnetSelectorTerms.1.id'],
    ['NodeClass', 'spec.tags', 'tags'],
    ['NodeClass', 'spec.ephemeralStorage.size', 'ephemeralStorage.size'],
    ['NodeClass', 'metadata.name', 'name'],
  ] as const)('%s %s → %s', (kind, field, path) => {
    expect(intentFieldOfCause(kind, field, pool)).toBe(path);
  });

  it('maps nothing the form does not have', () => {
    expect(intentFieldOfCause('NodePool', 'spec.template.spec.requirements[7]', pool)).toBeUndefined();
    expect(intentFieldOfCause('NodePool', 'status.conditions', pool)).toBeUndefined();
    expect(intentFieldOfCause('NodeClass', 'apiVersion', pool)).toBeUndefined();
  });
});
