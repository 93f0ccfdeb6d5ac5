import { describe, expect, it } from 'vitest';
import { cellOf, compileJsonPath } from './crd-columns';

const claim = {
  metadata: { labels: { 'node.kubernetes.io/instance-type': 'm6a.xlarge', 'karpenter.sh/nodepool': 'ai-ml' }, creationTimestamp: '2026-12-06T13:00:00Z' },
  status: { nodes: 3, conditions: [{ type: 'Launched', status: 'True' }, { type: 'Ready', status: 'False' }] },
};

describe('CRD printer column paths', () => {
  it('reads plain paths, names with escaped dots, and an equality filter', () => {
    expect(compileJsonPath('.metadata.labels.node\\.kubernetes\\.io/instance-type')(claim)).toBe('m6a.xlarge');
    expect(compileJsonPath('.metadata.labels.karpenter\\.sh/nodepool')(claim)).toBe('ai-ml');
    expect(compileJsonPath('.status.conditions[?(@.type=="Ready")].status')(claim)).toBe('False');
    expect(compileJsonPath('.status.nodes')(claim)).toBe(3);
  });

  it('finds nothing where the object has nothing', () => {
    expect(compileJsonPath('.status.conditions[?(@.type=="Drifted")].status')(claim)).toBeUndefined();
    expect(compileJsonPath('.spec.weight')(claim)).toBeUndefined();
  });

  it('refuses paths it cannot read, when the CRD is loaded rather than when a row is printed', () => {
    expect(() => compileJsonPath('.items[*].name')).toThrow('JSONPath not supported');
    expect(() => compileJsonPath('status')).toThrow('JSONPath not supported');
  });

  it('formats cells by column type: missing is null, a date an age, a number in a string column its text', () => {
    const age = (ts: string) => `age of ${ts}`;
    expect(cellOf('string', undefined, age)).toBeNull();
    expect(cellOf('string', 3, age)).toBe('3');
    expect(cellOf('integer', 10, age)).toBe(10);
    expect(cellOf('date', '2026-12-06T13:00:00Z', age)).toBe('age of 2026-12-06T13:00:00Z');
    expect(cellOf('date', 'yesterday', age)).toBe('<invalid>');
  });
});
