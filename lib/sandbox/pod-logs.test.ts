import { describe, expect, it } from 'vitest';
import { formatLogLine, podLog, podLogAfter, podLogOptions } from './pod-logs';
import { ApiError } from './errors';
import type { KObject } from './store';

const T0 = new Date('2026-01-01T10:00:00Z');
const at = (s: number) => new Date(T0.getTime() + s * 1000);
const iso = (s: number) => at(s).toISOString().replace('.000Z', 'Z');

function pod(extra: { containers?: string[]; status?: Record<string, unknown>[]; metadata?: Record<string, unknown>; nodeName?: string | null } = {}): KObject {
  const names = extra.containers ?? ['web'];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-1', namespace: 'apps', ...(extra.metadata ?? {}) },
    spec: { nodeName: extra.nodeName === null ? undefined : (extra.nodeName ?? 'i-0abc'), containers: names.map((name) => ({ name, image: `${name}:1.0` })) },
    status: {
      conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: iso(3) }],
      containerStatuses: extra.status ?? names.map((name) => ({ name, image: `${name}:1.0`, restartCount: 0, state: { running: { startedAt: iso(0) } } })),
    },
  } as KObject;
}

const texts = (lines: { text: string }[]) => lines.map((l) => l.text);
const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError);
    return { code: (err as ApiError).code, message: (err as ApiError).message };
  }
  throw new Error('expected a refusal');
};

describe('podLog: a simulated container log from the pod', () => {
  it('starts with the container, its image and node, then readiness and a heartbeat a minute', () => {
    const lines = podLog(pod(), {}, at(150));
    expect(texts(lines)).toEqual([
      '[sandbox] container web started (image web:1.0) on node i-0abc in pod apps/web-1',
      "[sandbox] this cluster is simulated and runs no processes: these lines are the container's lifecycle",
      '[sandbox] container is ready',
      '[sandbox] running for 1m0s',
      '[sandbox] running for 2m0s',
    ]);
    expect(lines.map((l) => l.time)).toEqual([at(0), at(0), at(3), at(60), at(120)]);
  });

  it('tailLines keeps the last lines, 0 none; sinceSeconds and sinceTime drop older ones', () => {
    expect(texts(podLog(pod(), { tailLines: 2 }, at(150)))).toEqual(['[sandbox] running for 1m0s', '[sandbox] running for 2m0s']);
    expect(podLog(pod(), { tailLines: 0 }, at(150))).toEqual([]);
    expect(texts(podLog(pod(), { sinceSeconds: 100 }, at(150)))).toEqual(['[sandbox] running for 1m0s', '[sandbox] running for 2m0s']);
    expect(texts(podLog(pod(), { sinceTime: at(100) }, at(150)))).toEqual(['[sandbox] running for 2m0s']);
  });

  it('previous: the run before the restart, ending with its exit; the 400 when there was none', () => {
    const restarted = pod({
      status: [{ name: 'web', image: 'web:1.0', restartCount: 1, state: { running: { startedAt: iso(300) } }, lastState: { terminated: { startedAt: iso(0), finishedAt: iso(130), exitCode: 137, reason: 'OOMKilled' } } }],
    });
    const previous = podLog(restarted, { previous: true }, at(400));
    expect(texts(previous).at(-1)).toBe('[sandbox] container exited with code 137 (OOMKilled)');
    expect(previous.at(-1)!.time).toEqual(at(130));
    expect(texts(previous)).not.toContain('[sandbox] running for 3m0s');
    expect(texts(podLog(restarted, {}, at(400)))[0]).toBe('[sandbox] container web started (image web:1.0) on node i-0abc in pod apps/web-1, restart 1');
    expect(refusal(() => podLog(pod(), { previous: true }, at(10)))).toEqual({ code: 400, message: 'previous terminated container "web" in pod "web-1" not found' });
  });

  it('a pod of several containers needs one named, as the apiserver says', () => {
    const two = pod({ containers: ['app', 'sidecar'] });
    expect(refusal(() => podLog(two, {}, at(10)))).toEqual({ code: 400, message: 'a container name must be specified for pod web-1, choose one of: [app sidecar]' });
    expect(refusal(() => podLog(two, { container: 'nope' }, at(10)))).toEqual({ code: 400, message: 'container nope is not valid for pod web-1' });
    expect(texts(podLog(two, { container: 'sidecar' }, at(10)))[0]).toContain('container sidecar started (image sidecar:1.0)');
  });

  it('a pod not yet scheduled or started has no log yet', () => {
    expect(refusal(() => podLog(pod({ nodeName: null }), {}, at(10))).message).toBe('pod web-1 does not have a host assigned');
    const waiting = pod({ status: [{ name: 'web', state: { waiting: { reason: 'ContainerCreating' } } }] });
    expect(refusal(() => podLog(waiting, {}, at(10))).message).toBe('container "web" in pod "web-1" is waiting to start: ContainerCreating');
  });

  it('a pod being deleted says so at the start of its grace period', () => {
    const going = pod({ metadata: { deletionTimestamp: iso(100), deletionGracePeriodSeconds: 30 } });
    const lines = podLog(going, {}, at(90));
    expect(lines.at(-1)).toEqual({ time: at(70), text: '[sandbox] received SIGTERM: the pod is being deleted (grace period 30s)' });
  });

  it('a follower gets only what came after the last line it was sent', () => {
    const first = podLog(pod(), {}, at(61));
    expect(texts(podLogAfter(pod(), {}, first.at(-1), at(61)))).toEqual([]);
    expect(texts(podLogAfter(pod(), {}, first.at(-1), at(125)))).toEqual(['[sandbox] running for 2m0s']);
  });
});

describe('formatLogLine and podLogOptions', () => {
  it('timestamps are RFC 3339 with nine fraction digits, as the kubelet writes them', () => {
    expect(formatLogLine({ time: at(3), text: 'hi' }, true)).toBe('2026-01-01T10:00:03.000000000Z hi\n');
    expect(formatLogLine({ time: at(3), text: 'hi' }, false)).toBe('hi\n');
  });

  it('reads and validates the query', () => {
    expect(podLogOptions(new URLSearchParams('container=a&follow=true&previous=true&tailLines=5&timestamps=true'))).toEqual({
      container: 'a',
      previous: true,
      timestamps: true,
      tailLines: 5,
      sinceSeconds: undefined,
      sinceTime: undefined,
    });
    expect(refusal(() => podLogOptions(new URLSearchParams('tailLines=x'))).code).toBe(400);
    expect(refusal(() => podLogOptions(new URLSearchParams('tailLines=-1')))).toEqual({ code: 422, message: 'PodLogOptions "" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0' });
    expect(refusal(() => podLogOptions(new URLSearchParams('sinceSeconds=5&sinceTime=2026-01-01T00:00:00Z'))).message).toContain('at most one of `sinceTime` or `sinceSeconds` may be specified');
  });
});
