// Listing the largest collections in a worker thread at process start (lib/server/prefetch-at-start.ts).
// On the main thread Next loads its server and handlers for about two seconds; a worker reads,
// parses and reshapes the lists on the other core meanwhile, and hands over only the compact
// objects (listed-ahead.ts). The parse's garbage, several times the compact model, never enters
// the server's heap and is freed with the worker when it ends.
//
// The worker loads neither client-node nor the server's configuration: this thread works out
// each first page request (URL, headers, TLS material) and hands it over as plain data, and
// keeps the worker's list under that very request's asker key.
import { Worker } from 'node:worker_threads';
import type { KubeConfig } from '@kubernetes/client-node';
import { keyOf, LIST_PAGE_SIZE, listAll, type KindSpec } from './informers';
import { LISTED_AHEAD_PATHS, nodeKind, podKind, replicaSetKind } from './kinds';
import type { PodOwner } from '@/lib/domain/model';
import { pageRequest, plainPageReader, plainPageRequest, type PlainPageRequest } from './list-page';
import { putListedAhead, type ListedAhead } from './listed-ahead';

/** What the worker is given: the first page request of each collection it lists. */
export type ListAheadRequests = Record<string, PlainPageRequest>;

/**
 * What the worker posts for each collection, in order: the objects of each page as it is read
 * (so this thread takes them in while the worker reads on), `startedOver` when the list began
 * again (an expired continue token) and what came before is void, then the list's
 * resourceVersion once it is complete; or why it could not be read.
 */
export interface ListedAheadMessage {
  path: string;
  entries?: [string, unknown][];
  startedOver?: boolean;
  resourceVersion?: string;
  error?: string;
}

/**
 * The worker's job: ReplicaSets, nodes and pods at once. A pod's owning Deployment is resolved
 * through the ReplicaSets, as the informers do, so each pod page waits for them before it is
 * reshaped; its request has gone out meanwhile (the ReplicaSets are a few pages, the pods hundreds).
 */
export async function listAheadHere(requests: ListAheadRequests, post: (message: ListedAheadMessage) => void): Promise<void> {
  const list = async <T>(spec: KindSpec<T>, wait?: Promise<unknown>): Promise<Map<string, T> | undefined> => {
    try {
      const first = requests[spec.path];
      if (!first) throw new Error('no request for this collection');
      const read = plainPageReader(first);
      let page: [string, unknown][] = [];
      const keeping: KindSpec<T> = {
        ...spec,
        listPage: async (_, options) => {
          const listed = await read(spec.path, options);
          await wait;
          return listed;
        },
        transform: (raw) => {
          const item = spec.transform(raw);
          const key = item === undefined ? undefined : keyOf(raw);
          if (key) page.push([key, item]);
          return item;
        },
      };
      const { resourceVersion, items } = await listAll({ listPage: read }, keeping, LIST_PAGE_SIZE, (_, startedOver) => {
        post({ path: spec.path, entries: page, ...(startedOver ? { startedOver } : {}) });
        page = [];
      });
      post({ path: spec.path, resourceVersion });
      return items;
    } catch (err) {
      post({ path: spec.path, error: err instanceof Error ? err.message : String(err) });
      return undefined;
    }
  };
  const owners = list(replicaSetKind);
  let ownerOf: Map<string, PodOwner | null> | undefined;
  const ownersKnown = owners.then((listed) => {
    // Without the owners the pods' Deployments would be guessed: the server's own list does better.
    if (!listed) throw new Error('replicasets were not listed');
    ownerOf = listed;
  });
  ownersKnown.catch(() => undefined);
  await Promise.all([owners, list(nodeKind), list(podKind((namespace, name) => ownerOf?.get(`${namespace}/${name}`)), ownersKnown)]);
}

/**
 * Starts the worker (`file`, which runs listAheadHere on its workerData) and keeps a place in
 * listed-ahead.ts for each of its lists. False, with no worker started, when a request cannot be
 * handed over (a proxy); never throws: the informers list by themselves whatever the worker does
 * not deliver.
 */
export async function startListAhead(kc: KubeConfig, file: string): Promise<boolean> {
  const requests: ListAheadRequests = {};
  const askers: Record<string, string> = {};
  for (const path of LISTED_AHEAD_PATHS) {
    const request = await pageRequest(kc, path, { limit: LIST_PAGE_SIZE });
    const plain = plainPageRequest(request);
    if (!plain) return false;
    requests[path] = plain;
    askers[path] = request.asker;
  }
  // Each list still awaited: how to hand it over, and the objects posted for it so far.
  const waiting = new Map<string, { resolve: (list: ListedAhead | undefined) => void; entries: [string, unknown][] }>();
  for (const path of LISTED_AHEAD_PATHS) putListedAhead(askers[path], new Promise((resolve) => waiting.set(path, { resolve, entries: [] })));
  const settle = (path: string, list: ListedAhead | undefined) => {
    waiting.get(path)?.resolve(list);
    waiting.delete(path);
  };
  const giveUp = () => {
    for (const path of [...waiting.keys()]) settle(path, undefined);
  };
  const take = (message: ListedAheadMessage) => {
    const list = waiting.get(message.path);
    if (!list) return;
    if (message.error !== undefined) return settle(message.path, undefined);
    if (message.startedOver) list.entries = [];
    for (const entry of message.entries ?? []) list.entries.push(entry);
    if (message.resourceVersion !== undefined) settle(message.path, { entries: list.entries, resourceVersion: message.resourceVersion });
  };
  try {
    // Not the process's own flags: `--require` of the preload would start the preload again in the
    // worker. V8's flags reach the worker anyway, so its young generation is set here: the server
    // runs with a small one (--max-semi-space-size=8), while parsing a large list wants V8's
    // default size or more (0.4 s slower at 30,000 pods without this).
    const worker = new Worker(file, { workerData: requests, execArgv: [], resourceLimits: { maxYoungGenerationSizeMb: 64 } });
    worker.unref();
    worker.on('message', (message: ListedAheadMessage) => {
      take(message);
      if (waiting.size === 0) void worker.terminate();
    });
    worker.on('error', giveUp);
    worker.on('exit', giveUp);
  } catch {
    giveUp();
  }
  return true;
}
