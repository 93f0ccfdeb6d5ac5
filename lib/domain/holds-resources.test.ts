import { describe, expect, it } from 'vitest';
import { holdsResources, rawPodHoldsResources } from './holds-resources';

describe('holdsResources', () => {
  it.each([
    ['a running pod on a node', { nodeName: 'i-a', phase: 'Running' }, true],
    ['a pending pod already bound', { nodeName: 'i-a', phase: 'Pending' }, true],
    ['a bound pod whose phase is not reported yet', { nodeName: 'i-a' }, true],
    ['a pod in Unknown phase (node lost)', { nodeName: 'i-a', phase: 'Unknown' }, true],
    ['a completed pod', { nodeName: 'i-a', phase: 'Succeeded' }, false],
    ['a failed or evicted pod', { nodeName: 'i-a', phase: 'Failed' }, false],
    ['a pod not bound yet', { phase: 'Pending' }, false],
    ['a pod with an empty nodeName', { nodeName: '', phase: 'Pending' }, false],
  ])('%s → %s', (_, pod, expected) => {
    expect(holdsResources(pod)).toBe(expected);
  });

  it('reads a raw pod from spec.nodeName and status.phase; terminating does not release it', () => {
    const terminating = { metadata: { deletionTimestamp: '2026-01-01T00:00:00Z' }, spec: { nodeName: 'i-a' }, status: { phase: 'Running' } };
    expect(rawPodHoldsResources(terminating)).toBe(true);
    expect(rawPodHoldsResources({ spec: { nodeName: 'i-a' }, status: { phase: 'Succeeded' } })).toBe(false);
    expect(rawPodHoldsResources({ spec: {}, status: { phase: 'Running' } })).toBe(false);
    expect(rawPodHoldsResources({})).toBe(false);
  });
});
