// The first thing a production server process does, before it loads Next (scripts/serve-standalone.mjs
// runs this from its own bundle, built by scripts/build-prefetch.mjs): the default cluster's large
// collections start being read, page after page, while Next loads its server and handlers (about
// two seconds here). The informers' first lists then take those pages instead of asking again
// (k8s/prefetched-pages.ts). Nothing here may stop a start: any failure leaves the informers to
// list, and report, as they would anyway.
import { defaultClusterId, getCluster } from './clusters';
import { prefetchList } from './k8s/page-prefetch';
import { LIST_PAGE_SIZE } from './k8s/informers';
import { PREFETCHED_COLLECTIONS } from './k8s/kinds';

export function prefetchAtStart(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NODELANES_SYNC_AT_START === '0') return false;
  try {
    const id = defaultClusterId();
    const handle = id ? getCluster(id) : undefined;
    if (!handle) return false;
    for (const path of PREFETCHED_COLLECTIONS) prefetchList(handle.kubeConfig, path, LIST_PAGE_SIZE);
    return true;
  } catch {
    return false;
  }
}
