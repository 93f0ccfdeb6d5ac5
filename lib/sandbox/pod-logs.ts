// `kubectl logs` for a cluster that runs no processes: each container's log is its lifecycle as
// the pod records it (start, readiness, a heartbeat each simulated minute, stop, exit), derived
// from the pod alone so the same pod and clock always give the same lines.
import { ApiError, badRequest } from './errors';
import type { KObject } from './store';

export interface PodLogOptions {
  container?: string;
  previous?: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  sinceTime?: Date;
  timestamps?: boolean;
}

export interface LogLine {
  time: Date;
  text: string;
}

/** One run of a container: the current one, or the one before the last restart. */
interface Run {
  name: string;
  image: string;
  startedAt: Date;
  finishedAt?: Date;
  exitCode?: number;
  reason?: string;
  restart: number;
}

const HEARTBEAT_MS = 60_000;

/**
 * The container a log request names, checked as the apiserver checks it: none named in a
 * pod of several is a 400 listing them; an unknown name is a 400 too.
 */
export function logContainer(pod: KObject, container: string | undefined): string {
  const names: string[] = (pod.spec?.containers ?? []).map((c: { name: string }) => c.name);
  const init: string[] = (pod.spec?.initContainers ?? []).map((c: { name: string }) => c.name);
  const ephemeral: string[] = (pod.spec?.ephemeralContainers ?? []).map((c: { name: string }) => c.name);
  const podName = pod.metadata.name;
  if (!container) {
    if (names.length === 1) return names[0];
    let message = `a container name must be specified for pod ${podName}, choose one of: [${names.join(' ')}]`;
    if (init.length) message += ` or one of the init containers: [${init.join(' ')}]`;
    if (ephemeral.length) message += ` or one of the ephemeral containers: [${ephemeral.join(' ')}]`;
    throw badRequest(message);
  }
  if (![...names, ...init, ...ephemeral].includes(container)) throw badRequest(`container ${container} is not valid for pod ${podName}`);
  return container;
}

/** The run the request asks for, or the kubelet's 400 when there is none yet (or no previous one). */
function runOf(pod: KObject, name: string, previous: boolean): Run {
  const podName = pod.metadata.name;
  if (!pod.spec?.nodeName) throw badRequest(`pod ${podName} does not have a host assigned`);
  const statuses = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])];
  const status = statuses.find((s: { name: string }) => s.name === name);
  const spec = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find((c: { name: string }) => c.name === name);
  const image = status?.image ?? spec?.image ?? '';
  const restart = status?.restartCount ?? 0;
  if (previous) {
    const last = status?.lastState?.terminated;
    if (!last?.startedAt) throw badRequest(`previous terminated container "${name}" in pod "${podName}" not found`);
    return { name, image, startedAt: new Date(last.startedAt), finishedAt: dateOr(last.finishedAt), exitCode: last.exitCode, reason: last.reason, restart: Math.max(0, restart - 1) };
  }
  const state = status?.state ?? {};
  const started = state.running?.startedAt ?? state.terminated?.startedAt;
  if (!started) {
    const waiting = state.waiting?.reason ?? 'ContainerCreating';
    throw badRequest(`container "${name}" in pod "${podName}" is waiting to start: ${waiting}`);
  }
  const t = state.terminated;
  return { name, image, startedAt: new Date(started), finishedAt: dateOr(t?.finishedAt), exitCode: t?.exitCode, reason: t?.reason, restart };
}

const dateOr = (v: unknown) => (typeof v === 'string' ? new Date(v) : undefined);

/** When the container stopped writing: it exited, or the pod is past its deletion deadline. */
export function runEnd(pod: KObject, options: PodLogOptions): Date | undefined {
  const run = runOf(pod, logContainer(pod, options.container), options.previous ?? false);
  return run.finishedAt;
}

/** Every line of the run up to `now`, before since/tail narrow them. */
function linesOf(pod: KObject, run: Run, now: Date): LogLine[] {
  const end = run.finishedAt && run.finishedAt < now ? run.finishedAt : now;
  const ns = pod.metadata.namespace;
  const lines: LogLine[] = [
    { time: run.startedAt, text: `[sandbox] container ${run.name} started (image ${run.image}) on node ${pod.spec?.nodeName} in pod ${ns}/${pod.metadata.name}${run.restart ? `, restart ${run.restart}` : ''}` },
    { time: run.startedAt, text: '[sandbox] this cluster is simulated and runs no processes: these lines are the container\'s lifecycle' },
  ];
  const ready = (pod.status?.conditions ?? []).find((c: { type: string }) => c.type === 'Ready');
  const readyAt = ready?.status === 'True' && ready.lastTransitionTime ? new Date(ready.lastTransitionTime) : undefined;
  if (!run.finishedAt && readyAt && readyAt >= run.startedAt && readyAt <= end) lines.push({ time: readyAt, text: '[sandbox] container is ready' });
  for (let t = run.startedAt.getTime() + HEARTBEAT_MS; t <= end.getTime(); t += HEARTBEAT_MS) {
    lines.push({ time: new Date(t), text: `[sandbox] running for ${duration(t - run.startedAt.getTime())}` });
  }
  const deletion = pod.metadata.deletionTimestamp;
  if (deletion && !run.finishedAt) {
    const grace = (pod.metadata.deletionGracePeriodSeconds ?? 0) * 1000;
    const asked = new Date(new Date(deletion).getTime() - grace);
    if (asked <= end) lines.push({ time: asked < run.startedAt ? run.startedAt : asked, text: `[sandbox] received SIGTERM: the pod is being deleted (grace period ${grace / 1000}s)` });
  }
  if (run.finishedAt && run.finishedAt <= now) {
    lines.push({ time: run.finishedAt, text: `[sandbox] container exited with code ${run.exitCode ?? 0}${run.reason ? ` (${run.reason})` : ''}` });
  }
  return lines.sort((a, b) => a.time.getTime() - b.time.getTime());
}

function duration(ms: number): string {
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${s % 60}s`;
}

/** The lines a log request gets at `now`: since and tail applied, in time order. */
export function podLog(pod: KObject, options: PodLogOptions, now: Date): LogLine[] {
  const run = runOf(pod, logContainer(pod, options.container), options.previous ?? false);
  let lines = linesOf(pod, run, now);
  const since = options.sinceTime ?? (options.sinceSeconds !== undefined ? new Date(now.getTime() - options.sinceSeconds * 1000) : undefined);
  if (since) lines = lines.filter((l) => l.time >= since);
  if (options.tailLines !== undefined) lines = options.tailLines === 0 ? [] : lines.slice(-options.tailLines);
  return lines;
}

/** The lines after `after` (exclusive) up to `now`: what a follower is sent next. */
export function podLogAfter(pod: KObject, options: PodLogOptions, after: LogLine | undefined, now: Date): LogLine[] {
  const run = runOf(pod, logContainer(pod, options.container), options.previous ?? false);
  const lines = linesOf(pod, run, now);
  if (!after) return lines;
  const i = lines.findIndex((l) => l.time.getTime() === after.time.getTime() && l.text === after.text);
  return i >= 0 ? lines.slice(i + 1) : lines.filter((l) => l.time > after.time);
}

/** A line as the kubelet writes it: with `timestamps`, RFC 3339 with nine fraction digits first. */
export function formatLogLine(line: LogLine, timestamps: boolean): string {
  if (!timestamps) return `${line.text}\n`;
  return `${line.time.toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z')} ${line.text}\n`;
}

/** PodLogOptions from the query, validated as the apiserver validates them. */
export function podLogOptions(q: URLSearchParams): PodLogOptions {
  const int = (key: string): number | undefined => {
    const v = q.get(key);
    if (v === null || v === '') return undefined;
    if (!/^-?\d+$/.test(v)) throw badRequest(`strconv.ParseInt: parsing ${JSON.stringify(v)}: invalid syntax`);
    return Number(v);
  };
  const bool = (key: string) => {
    const v = q.get(key);
    return v !== null && v !== '' && v.toLowerCase() !== 'false' && v !== '0';
  };
  const tailLines = int('tailLines');
  const sinceSeconds = int('sinceSeconds');
  const sinceRaw = q.get('sinceTime');
  const sinceTime = sinceRaw ? new Date(sinceRaw) : undefined;
  if (sinceTime && Number.isNaN(sinceTime.getTime())) throw badRequest(`parsing time ${JSON.stringify(sinceRaw)} as "2006-01-02T15:04:05Z07:00": cannot parse`);
  const causes: string[] = [];
  if (tailLines !== undefined && tailLines < 0) causes.push(`tailLines: Invalid value: ${tailLines}: must be greater than or equal to 0`);
  if (sinceSeconds !== undefined && sinceSeconds < 1) causes.push(`sinceSeconds: Invalid value: ${sinceSeconds}: must be greater than 0`);
  if (sinceSeconds !== undefined && sinceTime) causes.push('sinceSeconds: Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified');
  if (causes.length) throw new ApiError(422, 'Invalid', `PodLogOptions "" is invalid: ${causes.length > 1 ? `[${causes.join(', ')}]` : causes[0]}`);
  return {
    container: q.get('container') || undefined,
    previous: bool('previous'),
    timestamps: bool('timestamps'),
    tailLines,
    sinceSeconds,
    sinceTime,
  };
}
