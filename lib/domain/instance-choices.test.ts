import { describe, expect, it } from 'vitest';
import { allowedTypes, instanceChoices } from './instance-choices';
import { INSTANCE_TYPES, type InstanceSpec } from './instance-types';

const spec = (type: string, category: string, generation: number): InstanceSpec => {
  const [family, size] = type.split('.');
  return { type, vcpu: 2, memoryGiB: 4, maxPods: 29, arch: 'amd64', category, family, generation, size, price: 0.1 };
};
const catalogue = [spec('m6a.2xlarge', 'm', 6), spec('c5.large', 'c', 5), spec('m6a.large', 'm', 6), spec('t3.medium', 't', 3), spec('m5.xlarge', 'm', 5)];

describe('instanceChoices', () => {
  it('offers each category, family, size and generation once, sizes in EC2 order and generations by number', () => {
    expect(instanceChoices(catalogue)).toEqual({
      categories: ['c', 'm', 't'],
      families: ['c5', 'm5', 'm6a', 't3'],
      sizes: ['medium', 'large', 'xlarge', '2xlarge'],
      generations: ['3', '5', '6'],
    });
  });

  it('covers the dashboard catalogue, GPU family included', () => {
    const choices = instanceChoices(INSTANCE_TYPES);
    expect(choices.categories).toContain('g');
    expect(choices.families).toEqual(expect.arrayContaining(['m6a', 'c6a', 'g5']));
  });
});

describe('allowedTypes', () => {
  it('allows every type when nothing is chosen', () => {
    expect(allowedTypes(catalogue, {})).toHaveLength(catalogue.length);
  });

  it('ANDs the lists, as a NodePool ANDs its requirements', () => {
    expect(allowedTypes(catalogue, { instanceCategories: ['m'], instanceGenerations: ['6'] })).toEqual(['m6a.2xlarge', 'm6a.large']);
    expect(allowedTypes(catalogue, { instanceCategories: ['m'], instanceSizes: ['large', 'medium'] })).toEqual(['m6a.large']);
    expect(allowedTypes(catalogue, { instanceFamilies: ['c5'], instanceTypes: ['m5.xlarge'] })).toEqual([]);
  });
});
