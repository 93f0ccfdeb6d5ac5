import { describe, expect, it } from 'vitest';
import { goSeconds, inBackoff, inBackoffSinceUpdate, nextBackoff, type BackoffEntry } from './kubelet-backoff';

const s = (n: number) => n * 1000;

describe('kubelet back-off', () => {
  it('retries the first failure at once, then waits 10 s, 20 s, 40 s … up to 5 minutes', () => {
    let entry: BackoffEntry | undefined;
    let t = 0;
    expect(inBackoff(entry, t, t)).toBe(false);
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      entry = nextBackoff(entry, t, t);
      delays.push(entry.seconds);
      t += s(1);
      // The next failure, a second later, is inside the delay.
      expect(inBackoff(entry, t, t)).toBe(true);
      expect(inBackoff(entry, t, t + s(entry.seconds))).toBe(false);
    }
    expect(delays).toEqual([10, 20, 40, 80, 160, 300, 300, 300]);
  });

  it('forgets the delay once more than 10 minutes pass between failures', () => {
    const entry: BackoffEntry = { seconds: 160, lastUpdate: 0 };
    expect(inBackoff(entry, s(601), s(601))).toBe(false);
    expect(nextBackoff(entry, s(601), s(601))).toEqual({ seconds: 10, lastUpdate: s(601) });
    expect(nextBackoff(entry, s(599), s(599)).seconds).toBe(300);
  });

  it('the image puller waits from the last update', () => {
    const entry: BackoffEntry = { seconds: 20, lastUpdate: s(100) };
    expect(inBackoffSinceUpdate(entry, s(119))).toBe(true);
    expect(inBackoffSinceUpdate(entry, s(120))).toBe(false);
    expect(inBackoffSinceUpdate(undefined, s(120))).toBe(false);
  });

  it('prints delays as Go durations', () => {
    expect([10, 40, 80, 160, 300].map(goSeconds)).toEqual(['10s', '40s', '1m20s', '2m40s', '5m0s']);
  });
});
