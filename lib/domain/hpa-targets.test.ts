import { describe, expect, it } from 'vitest';
import { hpaTargets } from './hpa-targets';

const cpu = (averageUtilization: number) => ({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization } } });

describe('hpaTargets', () => {
  it('prints a CPU utilization target with the current reading, or <unknown> before one', () => {
    expect(hpaTargets([cpu(60)], [{ type: 'Resource', resource: { current: { averageUtilization: 45 } } }])).toBe('cpu: 45%/60%');
    expect(hpaTargets([cpu(60)], undefined)).toBe('cpu: <unknown>/60%');
  });

  it('prints average values, and cuts after two metrics', () => {
    const memory = { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '500Mi' } } };
    const pods = { type: 'Pods', pods: { metric: { name: 'rps' }, target: { averageValue: '10' } } };
    expect(hpaTargets([memory], [{ type: 'Resource', resource: { current: { averageValue: '300Mi' } } }])).toBe('memory: 300Mi/500Mi');
    expect(hpaTargets([cpu(60), memory, pods], [])).toBe('cpu: <unknown>/60%, memory: <unknown>/500Mi + 1 more...');
    expect(hpaTargets([], [])).toBe('<none>');
  });
});
