// Container statuses as the kubelet reports them, and the pod readiness that follows from them.
import type { KObject } from '../store';

export type ContainerStatus = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Condition = { type: string; status: string; [k: string]: unknown };

/** A stable hex id from a seed (container and image ids). */
export function hash(seed: string): string {
  let h = 2166136261;
  let out = '';
  for (let i = 0; i < 8; i++) {
    for (const ch of `${seed}${i}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out;
}

/** A container just started; each restart is a new container with a new id. */
export function runningStatus(p: Readonly<KObject>, c: { name: string; image: string }, t: string, restartCount = 0, lastState: object = {}): ContainerStatus {
  return {
    name: c.name,
    image: c.image,
    imageID: `${c.image.split(':')[0]}@sha256:${'0'.repeat(64)}`,
    containerID: `containerd://${hash(`${p.metadata.uid}/${c.name}${restartCount ? `/${restartCount}` : ''}`)}`,
    ready: true,
    restartCount,
    started: true,
    state: { running: { startedAt: t } },
    lastState,
  };
}

const isUp = (s: ContainerStatus) => Boolean(s.ready && s.state?.running);

/**
 * Ready and ContainersReady from the containers: True when every container runs and is ready,
 * otherwise False naming the others (ContainersNotReady). Conditions already right are kept as
 * they are, so their lastTransitionTime stays.
 */
export function withContainerReadiness(conditions: readonly Condition[] | undefined, statuses: readonly ContainerStatus[], t: string): Condition[] {
  const unready = statuses.filter((s) => !isUp(s)).map((s) => s.name);
  const wanted = unready.length ? 'False' : 'True';
  const message = `containers with unready status: [${unready.join(' ')}]`;
  const make = (type: string): Condition => ({
    type,
    status: wanted,
    lastProbeTime: null,
    lastTransitionTime: t,
    ...(unready.length ? { reason: 'ContainersNotReady', message } : {}),
  });
  const out = [...(conditions ?? [])];
  for (const type of ['Ready', 'ContainersReady']) {
    const i = out.findIndex((c) => c.type === type);
    const current = out[i];
    if (current && current.status === wanted && (!unready.length || current.message === message)) continue;
    if (i >= 0) out[i] = make(type);
    else out.push(make(type));
  }
  return out;
}
