import { describe, expect, it } from 'vitest';
import { formatAge, formatCpu, formatHourlyCost, formatMemory, formatMonthlyCost, formatPercent } from './format';

describe('formatCpu', () => {
  it('writes millicores below a core and cores above', () => {
    expect(formatCpu(0)).toBe('0');
    expect(formatCpu(250)).toBe('250m');
    expect(formatCpu(999)).toBe('999m');
    expect(formatCpu(1000)).toBe('1');
    expect(formatCpu(1500)).toBe('1.5');
    expect(formatCpu(2250)).toBe('2.25');
    expect(formatCpu(3941)).toBe('3.94');
    expect(formatCpu(NaN)).toBe('0');
  });
});

describe('formatMemory', () => {
  it('uses binary units with at most one decimal', () => {
    expect(formatMemory(0)).toBe('0');
    expect(formatMemory(999)).toBe('999');
    expect(formatMemory(1024)).toBe('1Ki');
    expect(formatMemory(128 * 2 ** 20)).toBe('128Mi');
    expect(formatMemory(512 * 2 ** 20)).toBe('512Mi');
    expect(formatMemory(1.5 * 2 ** 30)).toBe('1.5Gi');
    expect(formatMemory(3.75 * 2 ** 30)).toBe('3.8Gi');
    expect(formatMemory(15_896_948_736)).toBe('14.8Gi');
    expect(formatMemory(2 ** 40)).toBe('1Ti');
  });

  it('rounds 1023.96Mi up to the next unit rather than printing 1024Mi', () => {
    expect(formatMemory(2 ** 30 - 40_000)).toBe('1Gi');
  });
});

describe('formatPercent', () => {
  it('rounds, shows overcommit and marks nearly idle as <1%', () => {
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(0.004)).toBe('<1%');
    expect(formatPercent(0.423)).toBe('42%');
    expect(formatPercent(1.25)).toBe('125%');
  });
});

describe('costs', () => {
  it('formats hourly and monthly estimates', () => {
    expect(formatHourlyCost(0.1728)).toBe('$0.173/h');
    expect(formatHourlyCost(0.0416)).toBe('$0.042/h');
    expect(formatHourlyCost(1.006)).toBe('$1.006/h');
    expect(formatHourlyCost(12.4)).toBe('$12/h');
    expect(formatMonthlyCost(0.1728)).toBe('$126/mo');
    expect(formatMonthlyCost(0.01)).toBe('$7.3/mo');
    expect(formatMonthlyCost(10)).toBe('$7,300/mo');
  });
});

describe('formatAge', () => {
  const now = Date.parse('2025-06-01T12:00:00Z');
  const ago = (seconds: number) => new Date(now - seconds * 1000).toISOString();

  it('matches kubectl AGE at each boundary', () => {
    expect(formatAge(ago(0), now)).toBe('0s');
    expect(formatAge(ago(45), now)).toBe('45s');
    expect(formatAge(ago(119), now)).toBe('119s');
    expect(formatAge(ago(120), now)).toBe('2m');
    expect(formatAge(ago(192), now)).toBe('3m12s');
    expect(formatAge(ago(25 * 60), now)).toBe('25m');
    expect(formatAge(ago(179 * 60), now)).toBe('179m');
    expect(formatAge(ago(3 * 3600), now)).toBe('3h');
    expect(formatAge(ago(5 * 3600 + 7 * 60), now)).toBe('5h7m');
    expect(formatAge(ago(30 * 3600), now)).toBe('30h');
    expect(formatAge(ago(76 * 3600), now)).toBe('3d4h');
    expect(formatAge(ago(120 * 86400), now)).toBe('120d');
    expect(formatAge(ago((2 * 365 + 30) * 86400), now)).toBe('2y30d');
    expect(formatAge(ago(9 * 365 * 86400), now)).toBe('9y');
  });

  it('reads future timestamps as 0s and garbage as <unknown>', () => {
    expect(formatAge(ago(-30), now)).toBe('0s');
    expect(formatAge('not a date', now)).toBe('<unknown>');
    expect(formatAge(new Date(now - 60_000), new Date(now))).toBe('60s');
  });
});
