import { describe, expect, it } from 'vitest';
import { samplesFromLines, sinceRange, windowRange } from './review-history';

describe('windowRange', () => {
  it('ends on the last whole step, so two pages asking seconds apart get the same points', () => {
    const a = windowRange('1h', Date.parse('2026-12-06T12:00:31Z'));
    const b = windowRange('1h', Date.parse('2026-12-06T12:00:44.9Z'));
    expect(a).toEqual(b);
    expect(a.end).toBe(Date.parse('2026-12-06T12:00:30Z') / 1000);
  });

  it('ends now and spans the window in about 240 steps, never finer than 15 s', () => {
    const now = Date.parse('2026-12-06T12:00:00Z');
    expect(windowRange('6h', now)).toEqual({ start: now / 1000 - 6 * 3600, end: now / 1000, step: 90 });
    expect(windowRange('1h', now).step).toBe(15);
    expect(windowRange('24h', now).step).toBe(360);
    expect(windowRange('7d', now).step).toBe(2520);
  });
});

describe('samplesFromLines', () => {
  it('joins nodes and cost per pool by timestamp, oldest first, leaving out pools absent at a time', () => {
    const samples = samplesFromLines(
      [
        { pool: 'general-purpose', values: [[100, '2'], [160, '3']] },
        { pool: 'ai-ml', values: [[160, '1']] },
      ],
      [
        { pool: 'general-purpose', values: [[100, '0.17'], [160, '0.255']] },
        { pool: 'ai-ml', values: [[160, '0.096']] },
      ],
    );
    expect(samples).toEqual([
      { t: 100_000, pools: { 'general-purpose': { nodes: 2, hourly: 0.17 } } },
      { t: 160_000, pools: { 'general-purpose': { nodes: 3, hourly: 0.255 }, 'ai-ml': { nodes: 1, hourly: 0.096 } } },
    ]);
  });
});

describe('sinceRange', () => {
  it('starts on the whole step before the action and ends on the last whole step before now', () => {
    const at = Date.parse('2026-12-06T12:00:07Z');
    const r = sinceRange(at, at + 10 * 60_000);
    expect(r.step).toBe(15);
    expect(r.start).toBe(Date.parse('2026-12-06T12:00:00Z') / 1000);
    expect(r.end).toBe(Date.parse('2026-12-06T12:10:00Z') / 1000);
  });

  it('keeps about as many points as a window over a long action, and no more than its last 7 d', () => {
    const now = Date.parse('2026-12-06T12:00:00Z');
    const day = sinceRange(now - 24 * 3_600_000, now);
    expect(day.step).toBe(360);
    expect((day.end - day.start) / day.step).toBe(240);
    const month = sinceRange(now - 30 * 24 * 3_600_000, now);
    expect(month.end - month.start).toBe(7 * 24 * 3600);
  });

  it('an action that has only just started has one point, at the current step', () => {
    const now = Date.parse('2026-12-06T12:00:20Z');
    expect(sinceRange(now - 2_000, now)).toEqual({ start: now / 1000 - 5, end: now / 1000 - 5, step: 15 });
  });
});
