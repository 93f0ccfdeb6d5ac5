// Watch streams: headers flushed at once (kubectl's informers block until they arrive), one JSON
// event per line, replay from a resourceVersion, 410 Expired as an ERROR event, bookmarks, and
// filtered watches that turn "stopped matching" into DELETED and "started matching" into ADDED,
// as the real watch cache does.
import type http from 'node:http';
import { ApiError } from '../errors';
import type { KObject, Store, StoredEvent } from '../store';
import { apiVersionOf, type ResourceDef } from './registry';
import { present, selectorFilter } from './selection';
import { toTable, type IncludeObject } from './tables';

export interface WatchParams {
  def: ResourceDef;
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  allowBookmarks: boolean;
  timeoutSeconds?: number;
  table?: { include: IncludeObject };
}

const BOOKMARK_EVERY_MS = 30_000;

export function serveWatch(store: Store, req: http.IncomingMessage, res: http.ServerResponse, p: WatchParams) {
  // Validate selectors and the version before committing to a 200.
  const matches = selectorFilter(p.def, p.labelSelector, p.fieldSelector);
  const since = sinceOf(p.resourceVersion);

  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();
  // A negative timeoutSeconds has already run out: the apiserver ends the watch before any event.
  if (p.timeoutSeconds !== undefined && p.timeoutSeconds < 0) {
    res.end();
    return;
  }

  let closed = false;
  let corked = false;
  const write = (type: string, object: unknown) => {
    if (closed) return;
    // The events of one turn of the event loop (many writes' worth under load) leave in one
    // socket write at its end rather than one write each.
    if (!corked) {
      corked = true;
      res.cork();
      setImmediate(() => {
        corked = false;
        res.uncork();
      });
    }
    res.write(`${JSON.stringify({ type, object })}\n`);
  };
  const render = (o: KObject) => {
    const shown = present(p.def, o);
    return p.table ? toTable(p.def, [shown], { now: store.now(), include: p.table.include, withColumns: false }) : shown;
  };
  const tracker = selectionTracker(p, matches, (type, o) => write(type, render(o)));

  let unwatch: () => void = () => undefined;
  try {
    if (since === undefined) {
      for (const o of store.list(p.def.storage, p.def.namespaced ? p.namespace : undefined)) tracker.initial(o);
      unwatch = store.watch(p.def.storage, tracker.onEvent);
    } else {
      unwatch = store.watch(p.def.storage, tracker.onEvent, since);
    }
  } catch (err) {
    if (err instanceof ApiError && err.code === 410) {
      write('ERROR', err.toStatus());
      res.end();
      return;
    }
    throw err;
  }

  const timers: NodeJS.Timeout[] = [];
  if (p.allowBookmarks) {
    timers.push(
      setInterval(
        () => write('BOOKMARK', { kind: p.def.kind, apiVersion: apiVersionOf(p.def), metadata: { resourceVersion: store.resourceVersion } }),
        BOOKMARK_EVERY_MS,
      ),
    );
  }
  const finish = () => {
    if (closed) return;
    closed = true;
    unwatch();
    for (const t of timers) clearInterval(t);
    res.end();
  };
  if (p.timeoutSeconds && p.timeoutSeconds > 0) timers.push(setTimeout(finish, p.timeoutSeconds * 1000));
  req.on('close', finish);
  res.on('close', finish);
}

/** The version to replay from; undefined (and "0") means: start with the current state. */
function sinceOf(resourceVersion: string | undefined): number | undefined {
  if (!resourceVersion || resourceVersion === '0') return undefined;
  const since = Number(resourceVersion);
  if (!Number.isInteger(since) || since < 0) throw new ApiError(400, 'BadRequest', `invalid resource version: ${resourceVersion}`);
  return since;
}

/**
 * A filtered watch as the watch cache serves it: an object that stops matching the selectors is
 * sent as DELETED, one that starts matching as ADDED, and a deletion only to a client that was
 * told the object existed (or cannot tell).
 */
function selectionTracker(p: WatchParams, matches: (o: KObject) => boolean, emit: (type: 'ADDED' | 'MODIFIED' | 'DELETED', o: KObject) => void) {
  const inScope = (o: KObject) => !p.def.namespaced || !p.namespace || o.metadata.namespace === p.namespace;
  // What this client has been told exists (true), knows not to exist (false), or cannot tell.
  const known = new Map<string, boolean>();
  const key = (o: KObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
  return {
    initial(o: KObject) {
      const m = matches(o);
      known.set(key(o), m);
      if (m) emit('ADDED', o);
    },
    onEvent(e: StoredEvent) {
      if (!inScope(e.object)) return;
      const k = key(e.object);
      const before = known.get(k);
      if (e.type === 'DELETED') {
        known.delete(k);
        if (before !== false && (before === true || matches(e.object))) emit('DELETED', e.object);
        return;
      }
      if (matches(e.object)) {
        known.set(k, true);
        emit(e.type === 'ADDED' || before === false ? 'ADDED' : 'MODIFIED', e.object);
      } else {
        if (before === true) emit('DELETED', e.object);
        known.set(k, false);
      }
    },
  };
}
