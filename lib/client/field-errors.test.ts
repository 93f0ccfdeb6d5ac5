import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { failureOf, fieldErrors } from './field-errors';
import { ApiRequestError } from './query-client';

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

describe('failureOf', () => {
  it('an API refusal gives its words, its fields and its status; anything else only its words', () => {
    const refused = new ApiRequestError(422, 'preflight_failed', 'Unknown instance type: z9.huge.', { findings: [{ level: 'error', field: 'nodePool.instanceTypes', message: 'Unknown instance type: z9.huge.' }] });
    expect(failureOf(refused)).toEqual({ message: 'Unknown instance type: z9.huge.', fields: { 'nodePool.instanceTypes': ['Unknown instance type: z9.huge.'] }, status: 422 });
    expect(failureOf(new TypeError('Failed to fetch'))).toEqual({ message: 'TypeError: Failed to fetch', fields: {} });
  });
});
