// The Priority admission plugin's decisions and PriorityClass validation, over plain data.
import { describe, expect, it } from 'vitest';
import { admitPodPriority, priorityClassProblems, secondDefaultRefusal, SYSTEM_PRIORITY_CLASSES, type PriorityClassLike } from './priority';

const high: PriorityClassLike = { name: 'high', value: 1000, preemptionPolicy: 'PreemptLowerPriority' };
const polite: PriorityClassLike = { name: 'polite', value: 500, preemptionPolicy: 'Never' };
const classes = [...SYSTEM_PRIORITY_CLASSES, high, polite];

describe('admitPodPriority', () => {
  it('resolves a class name to its value and preemption policy', () => {
    expect(admitPodPriority({ priorityClassName: 'polite' }, classes)).toEqual({ ok: true, priorityClassName: 'polite', priority: 500, preemptionPolicy: 'Never' });
    expect(admitPodPriority({ priorityClassName: 'system-node-critical' }, classes)).toMatchObject({ ok: true, priority: 2000001000 });
  });
  it('refuses an unknown class with the apiserver words', () => {
    expect(admitPodPriority({ priorityClassName: 'foo' }, classes)).toEqual({ ok: false, forbidden: 'no PriorityClass with name foo was found' });
  });
  it('gives a pod without a class 0, or the global default class', () => {
    expect(admitPodPriority({}, classes)).toMatchObject({ ok: true, priority: 0, priorityClassName: undefined });
    const withDefault = [...classes, { name: 'base', value: 7, globalDefault: true, preemptionPolicy: 'PreemptLowerPriority' as const }];
    expect(admitPodPriority({}, withDefault)).toMatchObject({ ok: true, priority: 7, priorityClassName: 'base' });
  });
  it('refuses a priority the pod sets itself unless it equals the computed one', () => {
    expect(admitPodPriority({ priority: 5 }, classes)).toEqual({
      ok: false,
      forbidden: 'the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 0 from the given PriorityClass name',
    });
    expect(admitPodPriority({ priorityClassName: 'high', priority: 1000 }, classes)).toMatchObject({ ok: true, priority: 1000 });
  });
  it('refuses a preemption policy other than the class one', () => {
    expect(admitPodPriority({ priorityClassName: 'polite', preemptionPolicy: 'PreemptLowerPriority' }, classes)).toMatchObject({ ok: false });
  });
});

describe('priorityClassProblems', () => {
  it('reserves values above one billion and the system- prefix', () => {
    expect(priorityClassProblems({ name: 'big', value: 1_000_000_001 })).toEqual([{ field: 'value', detail: 'maximum allowed value of a user defined priority is 1000000000' }]);
    expect(priorityClassProblems({ name: 'big', value: 1_000_000_000 })).toEqual([]);
    expect(priorityClassProblems({ name: 'system-mine', value: 1 })[0].detail).toBe(
      "priority class names with 'system-' prefix are reserved for system use only. error: system-mine is not a known system priority class",
    );
    expect(priorityClassProblems(SYSTEM_PRIORITY_CLASSES[0])).toEqual([]);
  });
  it('allows one global default only', () => {
    const first = { name: 'first', value: 1, globalDefault: true };
    expect(secondDefaultRefusal({ name: 'second', value: 2, globalDefault: true }, [first])).toBe('PriorityClass first is already marked as default. Only one default can exist');
    expect(secondDefaultRefusal(first, [first])).toBeUndefined();
  });
});
