import { describe, expect, it } from 'vitest';
import { allowedDisruptions, budgetNodes, isBudgetActive, parseDuration } from './disruption-budgets';
import { parseCron } from './cron';

const at = (iso: string) => new Date(iso);

describe('budgetNodes', () => {
  it('rounds percentages up and takes plain counts', () => {
    expect(budgetNodes('10%', 5)).toBe(1);
    expect(budgetNodes('10%', 0)).toBe(0);
    expect(budgetNodes('50%', 3)).toBe(2);
    expect(budgetNodes('0', 8)).toBe(0);
    expect(budgetNodes('3', 8)).toBe(3);
  });
});

describe('schedules', () => {
  // 2026-11-25 is a Wednesday.
  const business = { nodes: '0', schedule: '0 9 * * mon-fri', duration: '8h' };
  it('is active within duration after the schedule fires', () => {
    expect(isBudgetActive(business, at('2026-11-25T09:00:00Z'))).toBe(true);
    expect(isBudgetActive(business, at('2026-11-25T16:59:00Z'))).toBe(true);
    expect(isBudgetActive(business, at('2026-11-25T17:00:00Z'))).toBe(false);
    expect(isBudgetActive(business, at('2026-11-25T08:59:00Z'))).toBe(false);
    expect(isBudgetActive(business, at('2026-11-29T10:00:00Z'))).toBe(false); // Sunday
  });
  it('understands macros, steps and lists', () => {
    expect(isBudgetActive({ nodes: '0', schedule: '@daily', duration: '1h' }, at('2026-11-25T00:30:00Z'))).toBe(true);
    // The same parser as CronJobs (Karpenter and the CronJob controller both use robfig/cron's
    // standard five fields, day of week 0-6).
    expect(parseCron('*/15 * * * *').fields[0]).toEqual(new Set([0, 15, 30, 45]));
    expect(isBudgetActive({ nodes: '0', schedule: '0 9 * * mon-fri', duration: '8h' }, at('2026-11-30T10:00:00Z'))).toBe(true); // Monday
    expect(() => parseCron('0 0 * * 7')).toThrow(/above maximum/);
    expect(() => parseCron('61 * * * *')).toThrow(/above maximum/);
    expect(() => parseCron('* * *')).toThrow(/5 fields/);
  });
  it('parses Go durations', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(() => parseDuration('soon')).toThrow();
  });
});

describe('allowedDisruptions', () => {
  const now = at('2026-11-25T10:00:00Z');
  it('defaults to 10% of the pool', () => {
    expect(allowedDisruptions(undefined, { total: 12, disrupting: 0, reason: 'Empty', now }).allowed).toBe(2);
  });
  it('takes the most restrictive active budget for the reason, minus what is already disrupting', () => {
    const budgets = [{ nodes: '50%' }, { nodes: '0', schedule: '0 9 * * mon-fri', duration: '8h', reasons: ['Underutilized' as const] }];
    expect(allowedDisruptions(budgets, { total: 4, disrupting: 0, reason: 'Underutilized', now })).toEqual({ allowed: 0, limitedBy: budgets[1] });
    expect(allowedDisruptions(budgets, { total: 4, disrupting: 1, reason: 'Empty', now })).toEqual({ allowed: 1, limitedBy: budgets[0] });
    expect(allowedDisruptions(budgets, { total: 4, disrupting: 0, reason: 'Underutilized', now: at('2026-11-25T20:00:00Z') }).allowed).toBe(2);
  });
});
