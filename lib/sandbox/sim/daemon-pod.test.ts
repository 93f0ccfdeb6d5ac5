import { describe, expect, it } from 'vitest';
import { pinToNode, targetNode } from './daemon-pod';
import type { KObject } from '../store';

const pin = (node: string) => ({ nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] }] });

describe('pinToNode', () => {
  it('adds a required node affinity naming the node', () => {
    expect(pinToNode(undefined, 'n1')).toEqual({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: pin('n1') } });
  });

  it("replaces the template's required terms (the controller has checked them) and keeps the rest", () => {
    const preferred = [{ weight: 1, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] } }];
    const podAntiAffinity = { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: {} }] };
    const template = {
      podAntiAffinity,
      nodeAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: preferred,
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: 'gpu', operator: 'Exists' }] }, { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['other'] }] }],
        },
      },
    };
    const before = structuredClone(template);
    expect(pinToNode(template, 'n1')).toEqual({
      podAntiAffinity,
      nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: preferred, requiredDuringSchedulingIgnoredDuringExecution: pin('n1') },
    });
    expect(template).toEqual(before);
  });
});

describe('targetNode', () => {
  const pod = (spec: Record<string, unknown>) => ({ metadata: { name: 'p' }, spec }) as unknown as KObject;
  it('is the bound node, or the pinned one while pending', () => {
    expect(targetNode(pod({ nodeName: 'n2', affinity: pinToNode(undefined, 'n1') }))).toBe('n2');
    expect(targetNode(pod({ affinity: pinToNode(undefined, 'n1') }))).toBe('n1');
    expect(targetNode(pod({}))).toBeUndefined();
  });
});
