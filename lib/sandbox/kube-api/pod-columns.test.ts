import { describe, expect, it } from 'vitest';
import type { KObject } from '../store';
import { podReady, podRestarts, podStatus } from './tables';

const now = new Date('2026-01-01T00:01:00Z');
const pod = (status: object, metadata: object = {}): KObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', ...metadata }, spec: { containers: [{ name: 'a' }, { name: 'b' }] }, status });
const running = { ready: true, state: { running: {} } };
const crashLooping = {
  ready: false,
  restartCount: 3,
  state: { waiting: { reason: 'CrashLoopBackOff' } },
  lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: '2026-01-01T00:00:40Z' } },
};

describe('kubectl get pods columns', () => {
  it('shows a waiting reason as STATUS, counts ready running containers, and says when the last restart was', () => {
    const p = pod({ phase: 'Running', containerStatuses: [running, crashLooping] });
    expect(podStatus(p)).toBe('CrashLoopBackOff');
    expect(podReady(p)).toBe('1/2');
    expect(podRestarts(p, now)).toBe('3 (20s ago)');
    expect(podRestarts(pod({ phase: 'Running', containerStatuses: [running, running] }), now)).toBe('0');
  });

  it('does not count a ready container that is not running', () => {
    expect(podReady(pod({ phase: 'Running', containerStatuses: [running, { ready: true, state: { waiting: { reason: 'x' } } }] }))).toBe('1/2');
  });

  it('says Terminating for a deleted pod unless it has finished, and NotReady for a completed container beside a running one', () => {
    expect(podStatus(pod({ phase: 'Running', containerStatuses: [running, running] }, { deletionTimestamp: '2026-01-01T00:00:00Z' }))).toBe('Terminating');
    const done = { state: { terminated: { exitCode: 0, reason: 'Completed' } } };
    expect(podStatus(pod({ phase: 'Succeeded', containerStatuses: [done, done] }, { deletionTimestamp: '2026-01-01T00:00:00Z' }))).toBe('Completed');
    expect(podStatus(pod({ phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }], containerStatuses: [running, done] }))).toBe('NotReady');
    expect(podStatus(pod({ phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [running, done] }))).toBe('Running');
  });
});
