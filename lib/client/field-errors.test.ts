import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldErrors } from './field-errors';

describe('fieldErrors', () => {
  it('flattens a zod error tree into dotted paths', () => {
    const schema = z.strictObject({ name: z.string().regex(/^[a-z]+$/, 'lowercase only'), nodePool: z.strictObject({ taints: z.array(z.strictObject({ effect: z.enum(['NoSchedule']) })) }) });
    const parsed = schema.safeParse({ name: 'X', nodePool: { taints: [{ effect: 'Sometimes' }] }, extra: 1 });
    const errors = fieldErrors(z.treeifyError(parsed.error!));
    expect(errors.name).toEqual(['lowercase only']);
    expect(errors['nodePool.taints.0.effect']?.[0]).toContain('NoSchedule');
    expect(errors['']?.[0]).toContain('extra');
  });

  it('takes the preflight findings that are errors, by field', () => {
    expect(
      fieldErrors({
        findings: [
          { level: 'error', field: 'nodePool.instanceTypes', message: 'Unknown instance type: z9.huge.' },
          { level: 'warning', field: 'role', message: 'custom role' },
        ],
      }),
    ).toEqual({ 'nodePool.instanceTypes': ['Unknown instance type: z9.huge.'] });
  });
});
