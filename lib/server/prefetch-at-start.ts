// The first thing a production server process does, before it loads Next (scripts/serve-standalone.mjs
// runs this from its own bundle, built by scripts/build-prefetch.mjs): the default cluster's large
// collections start being read while Next loads its server and handlers (about two seconds here).
// Pods, nodes and ReplicaSets are listed, parsed and reshaped in a worker thread
// (k8s/list-ahead.ts, its bundle beside this one); Deployments and events are read ahead as pages
// on this thread (k8s/page-prefetch.ts). The informers' first lists take what is ready instead of
// asking again. Nothing here may stop a start: any failure leaves the informers to list, and
// report, as they would anyway.
import path from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { defaultClusterId, getCluster } from './clusters';
import { LISTED_AHEAD_PATHS, PREFETCHED_COLLECTIONS } from './k8s/kinds';
import { LIST_PAGE_SIZE } from './k8s/informers';
import { startListAhead } from './k8s/list-ahead';
import { prefetchList } from './k8s/page-prefetch';

/** The worker's bundle, written beside this one. */
export const LIST_AHEAD_WORKER_FILE = 'nodelanes-list-ahead.cjs';

/**
 * `dir` holds the worker's bundle; without one, every collection is read ahead as pages. Resolves
 * once the reading has begun (the worker has its requests), to whether anything is read ahead:
 * a preload that can wait for that (nodelanes-preload.mjs) lets the worker start before Next's
 * synchronous load holds this thread. Never rejects.
 */
export async function prefetchAtStart(env: NodeJS.ProcessEnv = process.env, dir: string | undefined = typeof __dirname === 'string' ? __dirname : undefined): Promise<boolean> {
  // Never from a worker thread: a worker that inherited the process's preload would otherwise start workers of its own.
  if (env.NODELANES_SYNC_AT_START === '0' || !isMainThread) return false;
  try {
    const id = defaultClusterId();
    const handle = id ? getCluster(id) : undefined;
    if (!handle) return false;
    const kc = handle.kubeConfig;
    const pages = (paths: string[]) => paths.forEach((p) => prefetchList(kc, p, LIST_PAGE_SIZE));
    pages(PREFETCHED_COLLECTIONS);
    const started = dir ? await startListAhead(kc, path.join(dir, LIST_AHEAD_WORKER_FILE)).catch(() => false) : false;
    if (!started) pages(LISTED_AHEAD_PATHS);
    return true;
  } catch {
    return false;
  }
}
