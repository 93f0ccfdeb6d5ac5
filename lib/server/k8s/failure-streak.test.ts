import { describe, expect, it } from 'vitest';
import { FailureStreak } from './failure-streak';

describe('FailureStreak', () => {
  it('says when failures start, once a minute while they last, and when they end', () => {
    const streak = new FailureStreak();
    const said: Array<string | undefined> = [];
    for (let t = 0; t <= 130_000; t += 10_000) said.push(streak.failed(`connect ECONNREFUSED (try at ${t})`, t));
    expect(said.filter(Boolean)).toEqual([
      'error: connect ECONNREFUSED (try at 0); retrying',
      'still failing: 7 attempts in 60 s, the latest: connect ECONNREFUSED (try at 60000); retrying',
      'still failing: 13 attempts in 120 s, the latest: connect ECONNREFUSED (try at 120000); retrying',
    ]);
    expect(streak.succeeded(135_000)).toBe('recovered after 14 failed attempts in 135 s');
    // Nothing to say while all is well; the next failure starts a new streak.
    expect(streak.succeeded(140_000)).toBeUndefined();
    expect(streak.failed('timeout', 150_000)).toBe('error: timeout; retrying');
    expect(streak.succeeded(151_000)).toBe('recovered after 1 failed attempt in 1 s');
  });
});
