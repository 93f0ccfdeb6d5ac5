// A list, whole or in pages. As kube-apiserver reads etcd, every page of a paged list is read at
// the revision of the first: the continue token carries that resourceVersion and the key to go on
// after, and the store keeps the first page's snapshot under it (list-snapshots.ts), so a page
// resumes with a binary search instead of a rescan and objects created, changed or deleted after
// the first page do not show. Once the snapshot has been compacted the token is refused as etcd's
// is: 410 Expired, with a token that goes on at the current state instead.
import { ApiError, badRequest } from '../errors';
import { clone, type KObject, type Store } from '../store';
import type { ListSnapshot } from '../list-snapshots';
import { namespaceRange, upperBound } from '../ordered-keys';
import { continueTokenProblem } from './continue-token';
import { present, selectorFilter } from './selection';
import type { ResourceRequest } from './request';

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continueToken?: string;
}

export interface ListResult {
  items: KObject[];
  resourceVersion: string;
  continueToken?: string;
  remainingItemCount?: number;
}

interface ContinueToken {
  /** The snapshot's resourceVersion; "-1" goes on at the current state (after an expired token). */
  rv: string;
  /** The last key served. */
  start: string;
}

const LATEST = '-1';

function encodeContinue(t: ContinueToken): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', ...t })).toString('base64url');
}

function decodeContinue(token: string): ContinueToken {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof t.rv === 'string' && typeof t.start === 'string') return t;
  } catch {
    // fall through
  }
  const problem = continueTokenProblem(token);
  throw badRequest(`invalid continue token: continue key is not valid${problem ? `: ${problem}` : ''}`);
}

/** etcd's answer once the revision a token reads at has been compacted, in the apiserver's words. */
function continueExpired(start: string): ApiError {
  return new ApiError(
    410,
    'Expired',
    'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, ' +
      'or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an ' +
      'inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
    undefined,
    { continue: encodeContinue({ rv: LATEST, start }) },
  );
}

export function list(store: Store, r: ResourceRequest, opts: ListOptions): ListResult {
  const matches = selectorFilter(r.def, opts.labelSelector, opts.fieldSelector);
  const namespace = r.def.namespaced ? r.namespace : undefined;
  const limit = opts.limit && opts.limit > 0 ? opts.limit : Infinity;
  if (!opts.continueToken && limit === Infinity) {
    const items: KObject[] = [];
    for (const o of store.scan(r.def.storage, { namespace })) if (matches(o as KObject)) items.push(present(r.def, clone(o as KObject)));
    return { items, resourceVersion: store.resourceVersion };
  }
  const { snapshot, after } = opts.continueToken ? resume(store, r.def.storage, opts.continueToken) : { snapshot: store.snapshot(r.def.storage), after: undefined };
  const { keys, objects } = snapshot;
  const [start, end] = namespaceRange(keys, namespace);
  let i = after === undefined ? start : Math.max(start, upperBound(keys, after));
  const items: KObject[] = [];
  // Not copied: the store never changes a stored object in place (a write stores a new one), and
  // a page is only serialized. Copying every item made a page's garbage grow with the heap.
  for (; i < end && items.length < limit; i++) if (matches(objects[i] as KObject)) items.push(present(r.def, objects[i] as KObject));
  // The apiserver reads storage in key order and stops once the page is full: any object after
  // it, matching the selectors or not, means a continue token (the next page may come back
  // empty). It counts what is left only for unfiltered lists, and so does this.
  if (i >= end) return { items, resourceVersion: snapshot.rv };
  store.listSnapshots.keep(r.def.storage, snapshot);
  const selecting = Boolean(opts.labelSelector || opts.fieldSelector);
  return {
    items,
    resourceVersion: snapshot.rv,
    continueToken: encodeContinue({ rv: snapshot.rv, start: keys[i - 1] }),
    ...(selecting ? {} : { remainingItemCount: end - i }),
  };
}

/** The snapshot a continue token reads and the key it goes on after. */
function resume(store: Store, resource: string, token: string): { snapshot: ListSnapshot<KObject>; after: string } {
  const t = decodeContinue(token);
  if (t.rv === LATEST) return { snapshot: store.snapshot(resource), after: t.start };
  const snapshot = store.listSnapshots.find(resource, t.rv);
  if (!snapshot) throw continueExpired(t.start);
  return { snapshot, after: t.start };
}
