// What a NodePool may select instances by besides their type (Auto Mode's well-known labels
// eks.amazonaws.com/instance-category, -family, -size, -generation), offered from the catalogue the
// dashboard prices, and which of the catalogue's types a selection still allows.
import type { InstanceSpec } from './instance-types';

export interface InstanceChoices {
  categories: string[];
  families: string[];
  sizes: string[];
  generations: string[];
}

export interface InstanceSelection {
  instanceTypes?: readonly string[];
  instanceCategories?: readonly string[];
  instanceFamilies?: readonly string[];
  instanceSizes?: readonly string[];
  instanceGenerations?: readonly string[];
}

/** Sizes in EC2's own order: nano … xlarge, then 2xlarge, 4xlarge …, metal last. */
function sizeRank(size: string): number {
  const named = ['nano', 'micro', 'small', 'medium', 'large', 'xlarge'].indexOf(size);
  if (named >= 0) return named;
  const multiple = /^(\d+)xlarge$/.exec(size);
  return multiple ? 5 + Number(multiple[1]) : 10_000;
}

const distinct = (values: string[]) => [...new Set(values)];

export function instanceChoices(catalogue: readonly InstanceSpec[]): InstanceChoices {
  return {
    categories: distinct(catalogue.map((s) => s.category)).sort(),
    families: distinct(catalogue.map((s) => s.family)).sort(),
    sizes: distinct(catalogue.map((s) => s.size)).sort((a, b) => sizeRank(a) - sizeRank(b) || a.localeCompare(b)),
    generations: distinct(catalogue.map((s) => String(s.generation))).sort((a, b) => Number(a) - Number(b)),
  };
}

/** The catalogue's types every non-empty list of the selection allows (the requirements are ANDed). */
export function allowedTypes(catalogue: readonly InstanceSpec[], sel: InstanceSelection): string[] {
  const allows = (list: readonly string[] | undefined, value: string) => !list?.length || list.includes(value);
  return catalogue
    .filter(
      (s) =>
        allows(sel.instanceTypes, s.type) &&
        allows(sel.instanceCategories, s.category) &&
        allows(sel.instanceFamilies, s.family) &&
        allows(sel.instanceSizes, s.size) &&
        allows(sel.instanceGenerations, String(s.generation)),
    )
    .map((s) => s.type);
}
