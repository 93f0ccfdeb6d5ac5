import { describe, expect, it } from 'vitest';
import type { DrainState } from '@/lib/domain/drain-state';
import { checkDrainActor, signDrainActor } from './drain-signature';

const SECRET = 's'.repeat(32);
const drain: DrainState = { id: 'a1', state: 'running', mode: 'restart', by: 'ada@example.test', at: '2026-12-06T17:00:00Z', options: { timeoutSeconds: 600, gracePeriodSeconds: 5 }, restart: ['apps/solo'] };
const ada = { user: 'ada@example.test', groups: ['operators'] };

describe('drain signatures', () => {
  const as = signDrainActor(SECRET, 'node-1', drain, ada)!;
  const signed = { ...drain, as };

  it("accepts the server's own signature, also after the runner and beat changed", () => {
    expect(as).toMatchObject(ada);
    expect(checkDrainActor(SECRET, 'node-1', signed)).toBe('valid');
    expect(checkDrainActor(SECRET, 'node-1', { ...signed, runner: 'replica-b', beat: '2026-12-06T17:05:00.000Z' })).toBe('valid');
  });

  it('refuses a forged identity: another user, another group, or a signature made with another key', () => {
    expect(checkDrainActor(SECRET, 'node-1', { ...drain, as: { ...as, user: 'admin' } })).toBe('invalid');
    expect(checkDrainActor(SECRET, 'node-1', { ...drain, as: { ...as, groups: ['system:masters'] } })).toBe('invalid');
    const forged = signDrainActor('f'.repeat(32), 'node-1', drain, { user: 'admin', groups: ['system:masters'] })!;
    expect(checkDrainActor(SECRET, 'node-1', { ...drain, as: forged })).toBe('invalid');
    expect(checkDrainActor(SECRET, 'node-1', { ...drain, as: { ...as, sig: 'not-a-signature' } })).toBe('invalid');
  });

  it('refuses a signed identity moved to another drain, node or set of options', () => {
    expect(checkDrainActor(SECRET, 'node-2', signed)).toBe('invalid');
    expect(checkDrainActor(SECRET, 'node-1', { ...signed, id: 'a2' })).toBe('invalid');
    expect(checkDrainActor(SECRET, 'node-1', { ...signed, at: '2026-12-06T18:00:00Z' })).toBe('invalid');
    expect(checkDrainActor(SECRET, 'node-1', { ...signed, options: { timeoutSeconds: 3600 } })).toBe('invalid');
    expect(checkDrainActor(SECRET, 'node-1', { ...signed, restart: ['apps/solo', 'kube-system/coredns'] })).toBe('invalid');
    expect(checkDrainActor(SECRET, 'node-1', { ...signed, mode: 'evict' })).toBe('invalid');
  });

  it('says absent for no identity, and invalid for one when the server has no key', () => {
    expect(checkDrainActor(SECRET, 'node-1', drain)).toBe('absent');
    expect(checkDrainActor(undefined, 'node-1', signed)).toBe('invalid');
    expect(signDrainActor(undefined, 'node-1', drain, ada)).toBeUndefined();
  });
});
