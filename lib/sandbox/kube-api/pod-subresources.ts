// The pod subresources a user tries first on a new cluster: `log` is served from the pod's own
// lifecycle (lib/sandbox/pod-logs.ts); `exec`, `attach`, `portforward` and writes to
// `ephemeralcontainers` (`kubectl debug`) are refused with a Status that says why, since no
// process runs anywhere in this cluster.
import type http from 'node:http';
import { ApiError } from '../errors';
import type { Store } from '../store';
import { formatLogLine, podLog, podLogAfter, podLogOptions, runEnd, type LogLine } from '../pod-logs';
import { queryBool } from './query-params';
import type { ResourceRequest } from './request';
import { get } from './verbs';

const PROCESS_VERBS: Record<string, string> = {
  exec: 'to exec into',
  attach: 'to attach to',
  portforward: 'to forward ports to',
};

/** How often a follower looks for new lines, in real milliseconds. */
const FOLLOW_POLL_MS = 500;

export function isPodProcessRequest(r: ResourceRequest, method: string): boolean {
  if (r.def.group !== '' || r.def.resource !== 'pods' || !r.subresource) return false;
  if (r.subresource === 'log' || r.subresource in PROCESS_VERBS) return true;
  return r.subresource === 'ephemeralcontainers' && method !== 'GET';
}

/** Answers a request isPodProcessRequest accepted. */
export function servePodProcessRequest(store: Store, req: http.IncomingMessage, res: http.ServerResponse, r: ResourceRequest, q: URLSearchParams) {
  // The pod must exist first: a missing one is the usual 404.
  const pod = get(store, { ...r, subresource: undefined });
  if (r.subresource === 'log') {
    if (req.method !== 'GET') throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
    return serveLog(store, req, res, r, q);
  }
  const what = PROCESS_VERBS[r.subresource!];
  const podName = pod.metadata.name;
  throw new ApiError(
    400,
    'BadRequest',
    what
      ? `this sandbox simulates the cluster and runs no containers: there is no process in pod "${podName}" ${what}`
      : `this sandbox simulates the cluster and runs no containers: an ephemeral container cannot be added to pod "${podName}" (kubectl debug needs a real cluster)`,
  );
}

function serveLog(store: Store, req: http.IncomingMessage, res: http.ServerResponse, r: ResourceRequest, q: URLSearchParams) {
  const options = podLogOptions(q);
  const readPod = () => store.get('pods', r.namespace, r.name!);
  const lines = podLog(readPod()!, options, store.now());
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  const write = (ls: LogLine[]) => {
    for (const l of ls) res.write(formatLogLine(l, options.timestamps ?? false));
  };
  write(lines);
  const end = runEnd(readPod()!, options);
  if (!queryBool(q.getAll('follow')) || (end && end <= store.now())) return void res.end();

  // Follow: the last line sent marks where the next poll resumes. The stream ends with the
  // container (its exit line written) or with the pod, as the kubelet's does.
  let last: LogLine = lines.at(-1) ?? { time: store.now(), text: '' };
  const timer = setInterval(() => {
    const pod = readPod();
    if (!pod) return stop();
    try {
      const next = podLogAfter(pod, { ...options, tailLines: undefined, sinceSeconds: undefined, sinceTime: undefined }, last, store.now());
      write(next);
      last = next.at(-1) ?? last;
      const end = runEnd(pod, options);
      if (end && last.time >= end) stop();
    } catch {
      stop();
    }
  }, FOLLOW_POLL_MS);
  const stop = () => {
    clearInterval(timer);
    if (!res.writableEnded) res.end();
  };
  req.on('close', stop);
  res.on('close', stop);
}
