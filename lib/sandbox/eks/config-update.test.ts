import { describe, expect, it } from 'vitest';
import { MAX_TAINTS, planConfigUpdate, type NodegroupConfig } from './config-update';
import { EksError } from './errors';

const current: NodegroupConfig = {
  scalingConfig: { minSize: 1, maxSize: 3, desiredSize: 2 },
  labels: { team: 'a', tier: 'web' },
  taints: [{ key: 'dedicated', value: 'web', effect: 'NO_SCHEDULE' }],
  updateConfig: { maxUnavailable: 1 },
};
const refused = (input: unknown) => {
  try {
    planConfigUpdate(current, input);
  } catch (err) {
    expect(err).toBeInstanceOf(EksError);
    expect((err as EksError).type).toBe('InvalidParameterException');
    return (err as EksError).message;
  }
  throw new Error('expected a refusal');
};

describe('planConfigUpdate', () => {
  it('merges a partial scaling config and names only what was given', () => {
    const next = planConfigUpdate(current, { scalingConfig: { maxSize: 5, desiredSize: 4 } });
    expect(next.scalingConfig).toEqual({ minSize: 1, maxSize: 5, desiredSize: 4 });
    expect(next.params).toEqual([
      { type: 'MaxSize', value: '5' },
      { type: 'DesiredSize', value: '4' },
    ]);
  });

  it('a taint is one per key and effect: adding an existing one replaces its value', () => {
    const next = planConfigUpdate(current, { taints: { addOrUpdateTaints: [{ key: 'dedicated', value: 'batch', effect: 'NO_SCHEDULE' }, { key: 'dedicated', effect: 'NO_EXECUTE' }] } });
    expect(next.taints).toEqual([
      { key: 'dedicated', value: 'batch', effect: 'NO_SCHEDULE' },
      { key: 'dedicated', effect: 'NO_EXECUTE' },
    ]);
    expect(next.params.map((p) => p.type)).toEqual(['TaintsToAdd']);
  });

  it('takes removed labels off the nodes only when the group had them, and leaves the input untouched', () => {
    const next = planConfigUpdate(current, { labels: { removeLabels: ['team', 'never-there'] } });
    expect(next.labels).toEqual({ tier: 'web' });
    expect(next.removedLabels).toEqual(['team']);
    expect(next.params).toEqual([{ type: 'LabelsToRemove', value: '["team","never-there"]' }]);
    expect(current.labels).toEqual({ team: 'a', tier: 'web' });
  });

  it('switches maxUnavailable to a percentage', () => {
    expect(planConfigUpdate(current, { updateConfig: { maxUnavailablePercentage: 33 } }).updateConfig).toEqual({ maxUnavailablePercentage: 33 });
  });

  it('refuses malformed input with InvalidParameterException instead of failing', () => {
    expect(refused(null)).toMatch(/JSON object/);
    expect(refused({ labels: 'team=a' })).toMatch(/labels must be an object/);
    expect(refused({ labels: { removeLabels: 'team' } })).toMatch(/removeLabels must be a list/);
    expect(refused({ labels: { addOrUpdateLabels: { a: 1 } } })).toMatch(/not a valid Kubernetes label/);
    expect(refused({ taints: { addOrUpdateTaints: {} } })).toMatch(/must be a list/);
    expect(refused({ taints: { removeTaints: [{ effect: 'NO_SCHEDULE' }] } })).toMatch(/Taint key is required/);
    expect(refused({ scalingConfig: [] })).toMatch(/scalingConfig must be an object/);
    expect(refused({ scalingConfig: { desiredSize: '2' } })).toMatch(/non-negative integers/);
    expect(refused({ updateConfig: { maxUnavailablePercentage: 101 } })).toMatch(/from 1 to 100/);
  });

  it(`refuses more than ${MAX_TAINTS} taints`, () => {
    const many = Array.from({ length: MAX_TAINTS }, (_, i) => ({ key: `k${i}`, effect: 'NO_SCHEDULE' }));
    expect(refused({ taints: { addOrUpdateTaints: many } })).toMatch(`at most ${MAX_TAINTS} taints`);
  });
});
