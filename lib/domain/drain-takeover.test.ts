import { describe, expect, it } from 'vitest';
import type { DrainState } from './drain-state';
import { drainDeadline, drainTakeover, heldBy, resumeDecision, resumerStep } from './drain-takeover';

const at = '2026-12-06T17:00:00Z';
const t0 = Date.parse(at);
const running: DrainState = {
  id: 'a1',
  state: 'running',
  mode: 'evict',
  by: 'ada@example.test',
  at,
  runner: 'replica-a',
  beat: new Date(t0 + 60_000).toISOString(),
  options: { timeoutSeconds: 600 },
  as: { user: 'ada@example.test', groups: ['operators'], sig: 'x' },
};
const beat = Date.parse(running.beat!);

describe('drainTakeover', () => {
  it('takes a running drain over only once its runner missed three beats of 10 s', () => {
    expect(drainTakeover(running, beat + 30_000, 'replica-b')).toEqual({ take: false, why: 'alive' });
    expect(drainTakeover(running, beat + 30_001, 'replica-b')).toEqual({ take: true });
  });

  it('never takes its own drain, nor one that is not running', () => {
    expect(drainTakeover(running, beat + 300_000, 'replica-a')).toEqual({ take: false, why: 'own' });
    for (const state of ['done', 'failed', 'cancelled', 'paused'] as const) {
      expect(drainTakeover({ ...running, state }, beat + 300_000, 'replica-b')).toEqual({ take: false, why: 'not-running' });
    }
    expect(drainTakeover(undefined, beat, 'replica-b')).toEqual({ take: false, why: 'not-running' });
  });

  it('counts from the start when no beat was ever written (a drain from before heartbeats), and from nothing when the time is unreadable', () => {
    const { beat: _b, runner: _r, ...old } = running;
    expect(drainTakeover(old, t0 + 30_000, 'replica-b').take).toBe(false);
    expect(drainTakeover(old, t0 + 31_000, 'replica-b').take).toBe(true);
    expect(drainTakeover({ ...running, beat: 'soon' }, t0, 'replica-b').take).toBe(true);
  });

  it('holds the drain with its own name and a fresh beat, keeping everything else', () => {
    const now = new Date(beat + 40_000);
    expect(heldBy(running, 'replica-b', now)).toEqual({ ...running, runner: 'replica-b', beat: now.toISOString() });
  });
});

describe('drainDeadline', () => {
  it('counts the timeout from the original start, ten minutes when none was given', () => {
    expect(drainDeadline({ at, options: { timeoutSeconds: 90 } })).toBe(t0 + 90_000);
    expect(drainDeadline({ at })).toBe(t0 + 600_000);
  });
});

describe('resumeDecision', () => {
  it('resumes as the signed user when the server impersonates', () => {
    expect(resumeDecision(running, 'impersonate', 'valid')).toEqual({ kind: 'resume', as: { user: 'ada@example.test', groups: ['operators'] } });
  });

  it('refuses a forged or tampered identity whatever the mode, saying nothing was done', () => {
    for (const mode of ['impersonate', 'token', 'off'] as const) {
      const d = resumeDecision(running, mode, 'invalid');
      expect(d.kind).toBe('fail');
      expect(d.kind === 'fail' && d.reason).toContain("does not carry this server's signature");
    }
  });

  it('pauses for the user in token mode: the server holds no credential of theirs', () => {
    expect(resumeDecision(running, 'token', 'valid')).toEqual({ kind: 'pause', reason: 'waiting for ada@example.test to resume it (this server holds no credential of theirs)' });
  });

  it("acts as the server's own identity only when sign-in is off and the drain was started so", () => {
    const { as: _as, ...unsigned } = running;
    expect(resumeDecision(unsigned, 'off', 'absent')).toEqual({ kind: 'resume', as: null });
    expect(resumeDecision(unsigned, 'impersonate', 'absent').kind).toBe('fail');
    expect(resumeDecision(unsigned, 'token', 'absent').kind).toBe('fail');
  });
});

describe('resumerStep', () => {
  const stale = beat + 31_000;
  it('leaves a live drain and a paused one still in time', () => {
    expect(resumerStep(running, beat + 1_000, 'replica-b', 'impersonate', 'valid')).toEqual({ kind: 'leave' });
    expect(resumerStep({ ...running, state: 'paused' }, stale, 'replica-b', 'token', 'valid')).toEqual({ kind: 'leave' });
    expect(resumerStep(undefined, stale, 'replica-b', 'token', 'valid')).toEqual({ kind: 'leave' });
  });

  it('takes a silent one over and decides as resumeDecision', () => {
    expect(resumerStep(running, stale, 'replica-b', 'impersonate', 'valid').kind).toBe('resume');
    expect(resumerStep(running, stale, 'replica-b', 'impersonate', 'invalid').kind).toBe('fail');
    expect(resumerStep(running, stale, 'replica-b', 'token', 'valid').kind).toBe('pause');
  });

  it('ends a drain past its deadline as failed, running without a runner or paused, never resuming it', () => {
    const late = t0 + 600_001;
    expect(resumerStep(running, late, 'replica-b', 'impersonate', 'valid')).toEqual({
      kind: 'fail',
      reason: 'timed out (600 s from its start) while no replica ran it; the node is left cordoned',
    });
    expect(resumerStep({ ...running, state: 'paused' }, late, 'replica-b', 'token', 'valid')).toEqual({
      kind: 'fail',
      reason: 'timed out (600 s from its start) while paused; the node is left cordoned',
    });
  });
});
