// An informer that survives: paginated list, then watch from the list's resourceVersion with
// bookmarks; 410 Gone/Expired → relist; any other error or a stream that ends → reconnect with
// capped, jittered exponential backoff, resuming from the last resourceVersion seen. It reports
// `stale` while it cannot watch, so the UI can say so and disable actions.
//
// client-node's own makeInformer relists on 410 but stops for good on any other error, so this is
// written on top of its Watch (raw JSON lines) and plain JSON list pages instead.
//
// Objects are transformed into the compact model as they arrive, a page (≤ `pageSize` objects) at
// a time; no raw Kubernetes object outlives the callback that received it.

import type { RelistReason } from '@/lib/domain/model';
import type { KubeApis, ListPageOptions } from './client';
import { statusOf } from './status';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
import { FailureStreak } from './failure-streak';
import { failureReason } from './failure-reason';

export type { RelistReason };

export interface ListPage {
  items: unknown[];
  resourceVersion: string;
  continueToken?: string;
}

/** How to list, watch and reshape one kind. */
export interface KindSpec<T> {
  /** Plural resource name, for logs: `pods`. */
  resource: string;
  /** Collection path across namespaces: `/api/v1/pods`, `/apis/apps/v1/deployments`. */
  path: string;
  /**
   * How to read one page; by default `path` as plain JSON (KubeApis.listPage), each page going
   * straight into `transform` with no typed objects in between.
   */
  listPage?(apis: Pick<KubeApis, 'listPage'>, options: ListPageOptions): Promise<ListPage>;
  /** Undefined drops the object (e.g. a kind of object the views never show). */
  transform(raw: unknown): T | undefined;
  /**
   * Served only by some clusters (a CRD such as Karpenter's, an API version a server predates).
   * A 404 then means "none here": the informer holds nothing, counts as synced and not stale, and
   * looks again every `absentRetryMs`, so installing the CRD later is picked up.
   */
  optional?: boolean;
  /**
   * Cuts a list down to what is kept, after every page, so a kind kept only in part (the newest
   * events) never sits in memory whole while a large list is read.
   */
  trim?(items: Map<string, T>): Map<string, T>;
  /**
   * The first list may have been read ahead in a worker thread at process start (list-ahead.ts),
   * with this very transform: only kinds whose reshaping needs nothing the server holds.
   */
  listedAhead?: boolean;
}

export const RELIST_REASONS = ['initial', 'expired', 'kind-removed'] as const satisfies readonly RelistReason[];

/** Where an informer's objects go. Keys are `namespace/name` (`/name` for cluster-scoped kinds). */
export interface InformerSink<T> {
  /**
   * The complete, fresh contents after a (re)list; the sink works out what changed. On a relist,
   * anything it held that is not in `items` was deleted while no watch told us so.
   */
  replace(items: Map<string, T>, reason: RelistReason): void;
  upsert(key: string, item: T): void;
  remove(key: string): void;
  /** Called only on changes of the informer's stale flag. */
  stale?(stale: boolean, reason?: string): void;
  resourceVersion?(rv: string): void;
  /** While a list is read: how many objects it has kept so far (a large first sync takes a while). */
  listed?(count: number): void;
}

export interface InformerOptions {
  pageSize?: number;
  backoff?: BackoffOptions;
  /** Asks the server to end each watch after about this long; reconnecting then is routine. */
  watchTimeoutSeconds?: number;
  /** A watch that delivers nothing (not even a bookmark) for this long is presumed dead. */
  idleTimeoutMs?: number;
  /** How often an optional kind the server does not serve is looked for again. */
  absentRetryMs?: number;
  log?: (message: string) => void;
}

/** Objects per list page, as kubectl asks for them. */
export const LIST_PAGE_SIZE = 500;

const DEFAULTS = { pageSize: LIST_PAGE_SIZE, watchTimeoutSeconds: 300, absentRetryMs: 60_000 };

export function keyOf(raw: unknown): string | undefined {
  const meta = (raw as { metadata?: { name?: unknown; namespace?: unknown } } | null)?.metadata;
  if (!meta || typeof meta.name !== 'string') return undefined;
  return `${typeof meta.namespace === 'string' ? meta.namespace : ''}/${meta.name}`;
}

function resourceVersionOf(raw: unknown): string | undefined {
  const rv = (raw as { metadata?: { resourceVersion?: unknown } } | null)?.metadata?.resourceVersion;
  return typeof rv === 'string' && rv !== '' ? rv : undefined;
}

/** A watch's ERROR event: the resourceVersion it resumed from is gone (relist), or a failure to retry. */
function watchErrorOf(raw: unknown): 'expired' | Error {
  const status = raw as { code?: number; reason?: string; message?: string };
  if (status?.code === 410 || status?.reason === 'Expired' || status?.reason === 'Gone') return 'expired';
  return Object.assign(new Error(status?.message ?? 'watch error'), { statusCode: status?.code });
}

/** A page asked for; the next page's token once its first bytes named it; the next page, once asked for. */
interface PageRequest {
  page: Promise<ListPage>;
  hint?: string;
  /** The page the list is waiting for or reading now: only its next page is asked for ahead. */
  current: boolean;
  ahead?: { token: string; request: PageRequest };
}

/**
 * Lists every page, transforming as it goes. The next page is asked for as soon as the current
 * one's continue token arrives, so the server prepares it while this page is parsed and
 * transformed: at most two pages are in flight. Restarts from the first page if a continue token
 * expires.
 */
export async function listAll<T>(
  apis: Pick<KubeApis, 'listPage' | 'listedAhead'>,
  spec: KindSpec<T>,
  pageSize: number,
  /** After each page: how many objects are kept, and whether the list started over (an expired continue token) with this page. */
  onPage?: (listed: number, startedOver: boolean) => void,
): Promise<{ items: Map<string, T>; resourceVersion: string }> {
  const ahead = spec.listedAhead && apis.listedAhead ? await apis.listedAhead(spec.path, pageSize) : undefined;
  if (ahead) {
    const items = new Map(ahead.entries as [string, T][]);
    onPage?.(items.size, false);
    return { items, resourceVersion: ahead.resourceVersion };
  }
  const read = (options: ListPageOptions) => (spec.listPage ? spec.listPage(apis, options) : apis.listPage(spec.path, options));
  const askAhead = (request: PageRequest) => {
    if (request.ahead || !request.hint || !request.current) return;
    const ahead = ask(request.hint);
    // Awaited only if the current page confirms the token; a failure is reported there.
    ahead.page.catch(() => undefined);
    request.ahead = { token: request.hint, request: ahead };
  };
  const ask = (continueToken: string | undefined): PageRequest => {
    const request: PageRequest = { page: Promise.resolve({ items: [], resourceVersion: '' }), current: false };
    request.page = read({
      limit: pageSize,
      continueToken,
      onContinue: (next) => {
        request.hint = next;
        askAhead(request);
      },
    });
    return request;
  };
  for (let restarts = 0; ; restarts++) {
    let items = new Map<string, T>();
    let continueToken: string | undefined;
    let resourceVersion = '';
    try {
      let request = ask(undefined);
      for (;;) {
        request.current = true;
        askAhead(request);
        const page = await request.page;
        // Every page of a paginated list is served from the first page's snapshot.
        if (!resourceVersion) resourceVersion = page.resourceVersion;
        for (const raw of page.items) {
          const key = keyOf(raw);
          const item = key ? spec.transform(raw) : undefined;
          if (key && item !== undefined) items.set(key, item);
        }
        if (spec.trim) items = spec.trim(items);
        onPage?.(items.size, restarts > 0 && !continueToken);
        continueToken = page.continueToken || undefined;
        if (!continueToken) break;
        request = request.ahead?.token === continueToken ? request.ahead.request : ask(continueToken);
      }
      return { items, resourceVersion };
    } catch (err) {
      // A continue token outlives the server's compaction window only for so long; start over.
      if (statusOf(err) === 410 && continueToken && restarts < 3) continue;
      throw err;
    }
  }
}

export class ResilientInformer<T> {
  private readonly options: Required<Omit<InformerOptions, 'log'>> & Pick<InformerOptions, 'log'>;
  private rv: string | undefined;
  /** Why the next list happens (set whenever `rv` is dropped). */
  private relistReason: RelistReason = 'initial';
  private stopped = false;
  private staleFlag = false;
  /** Failures in a row, for logging a streak once rather than every retry. */
  private readonly failures = new FailureStreak();
  private abortWatch: (() => void) | undefined;
  /** The current (or last) watch delivered something: it was working. */
  private watchWorked = false;
  /** When the current watch's headers arrived (a quiet kind's working watch delivers nothing). */
  private watchOpenedAt: number | undefined;
  private wake: (() => void) | undefined;
  private syncedOnce = false;
  private firstSync: { promise: Promise<void>; resolve: () => void; reject: (err: unknown) => void };
  /** How many full lists this informer has done; 1 after the initial sync. For tests and metrics. */
  lists = 0;
  /** An optional kind the server answered 404 for, last time it was asked. */
  absent = false;
  /** Watch connections opened (each routine timeout reconnects too). For metrics. */
  watches = 0;
  /** Lists and watches that failed or ended early, and were retried. For metrics. */
  errors = 0;
  /** When the last list, event or bookmark arrived (ms since epoch): how far behind this kind may be. */
  lastEventAt: number | undefined;

  constructor(
    private readonly apis: KubeApis,
    private readonly spec: KindSpec<T>,
    private readonly sink: InformerSink<T>,
    options: InformerOptions = {},
  ) {
    this.options = {
      pageSize: options.pageSize ?? DEFAULTS.pageSize,
      backoff: options.backoff ?? DEFAULT_BACKOFF,
      watchTimeoutSeconds: options.watchTimeoutSeconds ?? DEFAULTS.watchTimeoutSeconds,
      // Past the longest (jittered) timeout we ask the server for: it should have ended the watch.
      idleTimeoutMs: options.idleTimeoutMs ?? (2 * (options.watchTimeoutSeconds ?? DEFAULTS.watchTimeoutSeconds) + 60) * 1000,
      absentRetryMs: options.absentRetryMs ?? DEFAULTS.absentRetryMs,
      log: options.log,
    };
    let resolve!: () => void;
    let reject!: (err: unknown) => void;
    const promise = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // Nobody may be waiting yet when the first attempt fails.
    promise.catch(() => undefined);
    this.firstSync = { promise, resolve, reject };
  }

  get stale(): boolean {
    return this.staleFlag;
  }

  get resource(): string {
    return this.spec.resource;
  }

  /**
   * Starts the list/watch loop. The promise settles with the first list: resolved once the sink
   * holds everything, rejected with the first error (the loop keeps retrying until `stop()`).
   */
  start(): Promise<void> {
    void this.run();
    return this.firstSync.promise;
  }

  stop(): void {
    this.stopped = true;
    this.abortWatch?.();
    this.wake?.();
  }

  private log(message: string | undefined) {
    if (message) this.options.log?.(`[informer ${this.spec.resource}] ${message}`);
  }

  private setStale(stale: boolean, reason?: string) {
    if (this.staleFlag === stale) return;
    this.staleFlag = stale;
    this.sink.stale?.(stale, reason);
  }

  private async run() {
    let attempt = 0;
    while (!this.stopped) {
      try {
        if (this.rv === undefined && !(await this.relist())) {
          if (this.stopped) break;
          await this.sleep(this.options.absentRetryMs);
          continue;
        }
        const outcome = await this.watchOnce();
        if (this.stopped) break;
        // This watch is judged below as a whole (healthy or not); the next failure starts afresh.
        this.watchWorked = false;
        this.watchOpenedAt = undefined;
        if (outcome.expired) {
          this.log(`resourceVersion ${this.rv} expired; relisting`);
          this.forget('expired');
          continue;
        }
        // A watch that ran its course is routine; one that ends at once (a proxy cutting it, a
        // server shutting down) counts as a failure, or the loop would spin.
        if (outcome.healthy) {
          attempt = 0;
          continue;
        }
        this.errors++;
        this.setStale(true, 'watch ended early');
        await this.sleep(backoffDelay(attempt++, this.options.backoff));
      } catch (err) {
        if (this.stopped) break;
        // A watch that had been working before it broke (an API server restart, a cut connection)
        // starts the backoff over: the failures before it are history. Without this, every
        // restart of a long-running cluster waited longer, up to the cap (30 s) at once, while
        // the page showed what the cluster no longer held.
        if (this.watchWorked || (this.watchOpenedAt !== undefined && Date.now() - this.watchOpenedAt >= 5_000)) attempt = 0;
        this.watchWorked = false;
        this.watchOpenedAt = undefined;
        if (this.spec.optional && statusOf(err) === 404) {
          // The CRD went away under a watch: relist, which finds it absent (or back).
          this.forget('kind-removed');
          await this.sleep(backoffDelay(attempt++, this.options.backoff));
          continue;
        }
        if (!this.syncedOnce) this.firstSync.reject(err);
        if (statusOf(err) === 410) {
          this.forget('expired');
          if (attempt === 0) {
            attempt++;
            continue;
          }
        }
        this.errors++;
        const reason = err instanceof Error ? err.message : String(err);
        this.log(this.failures.failed(reason, Date.now()));
        // The page is told the kind of failure, not the message (it names the server's address).
        this.setStale(true, failureReason(err));
        await this.sleep(backoffDelay(attempt++, this.options.backoff));
      }
    }
  }

  /** Drops the resourceVersion: the next round lists everything again, for this reason. */
  private forget(reason: RelistReason) {
    this.rv = undefined;
    this.relistReason = reason;
  }

  /** Lists into the sink; false when an optional kind is not served (the sink is then emptied). */
  private async relist(): Promise<boolean> {
    let listed: Awaited<ReturnType<typeof listAll<T>>>;
    try {
      listed = await listAll(this.apis, this.spec, this.options.pageSize, (n) => this.sink.listed?.(n));
    } catch (err) {
      if (!this.spec.optional || statusOf(err) !== 404) throw err;
      if (this.stopped) return false;
      if (!this.absent) {
        this.log('not served by this cluster (404); empty until it is');
        // Emptied once when found absent; looking again and finding it still absent lists nothing.
        this.sink.replace(new Map(), this.relistReason);
      }
      this.absent = true;
      // Found absent when it is looked for again: its objects come with the kind's first list.
      this.relistReason = 'initial';
      this.setStale(false);
      this.synced();
      // An answer, even a 404, means the API server is reachable again.
      this.log(this.failures.succeeded(Date.now()));
      return false;
    }
    if (this.stopped) return false;
    const { items, resourceVersion } = listed;
    this.absent = false;
    this.lists++;
    this.lastEventAt = Date.now();
    this.rv = resourceVersion;
    this.sink.replace(items, this.relistReason);
    this.sink.resourceVersion?.(resourceVersion);
    this.synced();
    this.log(this.failures.succeeded(Date.now()));
    return true;
  }

  private synced() {
    if (this.syncedOnce) return;
    this.syncedOnce = true;
    this.firstSync.resolve();
  }

  /** One watch connection, until it ends. Throws for errors; 410 comes back as `expired`. */
  private watchOnce(): Promise<{ expired: boolean; healthy: boolean }> {
    const startedAt = Date.now();
    this.watches++;
    let events = 0;
    let expired = false;
    let failure: Error | undefined;
    let finished = false;
    let controller: AbortController | undefined;
    let idle: ReturnType<typeof setTimeout> | undefined;

    return new Promise((resolve, reject) => {
      const abort = () => controller?.abort();
      const armIdle = () => {
        if (idle) clearTimeout(idle);
        idle = setTimeout(() => {
          failure = new Error(`no data for ${this.options.idleTimeoutMs} ms`);
          abort();
        }, this.options.idleTimeoutMs);
      };
      this.abortWatch = abort;

      const onEvent = (phase: string, raw: unknown) => {
        if (finished || this.stopped) return;
        armIdle();
        events++;
        this.watchWorked = true;
        this.lastEventAt = Date.now();
        if (phase === 'ERROR') {
          const error = watchErrorOf(raw);
          if (error === 'expired') expired = true;
          else failure = error;
          abort();
          return;
        }
        this.applyWatchEvent(phase, raw);
      };

      const onDone = (err: unknown) => {
        if (finished) return;
        finished = true;
        if (idle) clearTimeout(idle);
        this.abortWatch = undefined;
        if (this.stopped) return resolve({ expired: false, healthy: true });
        if (expired || statusOf(err) === 410) return resolve({ expired: true, healthy: true });
        if (failure) return reject(failure);
        // Our own abort surfaces as an AbortError; anything else is the connection failing.
        if (err) return reject(err instanceof Error ? err : new Error(String(err)));
        const lived = Date.now() - startedAt;
        resolve({ expired: false, healthy: events > 0 || lived >= 5_000 });
      };

      this.apis.watch
        .watch(
          this.spec.path,
          { resourceVersion: this.rv, allowWatchBookmarks: true, timeoutSeconds: this.jitteredTimeout() },
          onEvent,
          onDone,
        )
        .then((c) => {
          controller = c;
          if (finished) return;
          if (this.stopped) return abort();
          armIdle();
          this.watchOpened();
        })
        .catch(onDone);
    });
  }

  /** One event that is not an ERROR: the resourceVersion it carries, then the object it adds, changes or deletes. */
  private applyWatchEvent(phase: string, raw: unknown) {
    const rv = resourceVersionOf(raw);
    if (rv) {
      this.rv = rv;
      this.sink.resourceVersion?.(rv);
    }
    if (phase === 'BOOKMARK') return;
    const key = keyOf(raw);
    if (!key) return;
    if (phase === 'DELETED') {
      this.sink.remove(key);
      return;
    }
    const item = this.spec.transform(raw);
    if (item === undefined) this.sink.remove(key);
    else this.sink.upsert(key, item);
  }

  /** Headers arrived with 200: we are watching again from a known resourceVersion. */
  private watchOpened() {
    this.watchOpenedAt = Date.now();
    this.setStale(false);
    this.log(this.failures.succeeded(Date.now()));
  }

  /** Spread the routine reconnects of many informers over time, as client-go does. */
  private jitteredTimeout(): number {
    const t = this.options.watchTimeoutSeconds;
    return Math.round(t + Math.random() * t);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    }).then(() => {
      this.wake = undefined;
    });
  }
}
