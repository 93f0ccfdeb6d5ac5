// One topology stream per cluster per tab, whatever the pages do. Each page that showed a cluster
// (the lanes, an action form, the review) used to open its own EventSource and receive its own full
// snapshot, so going from the lanes to an action page and back cost two snapshots and a gap. The
// streams here are counted by their users and closed only a while after the last one left: a page
// change unmounts one page and mounts the next, and the next takes over the open stream.
import type { UsageAnswer } from '@/lib/domain/usage-scope';
import type { TopologySnapshot } from '@/lib/domain/model';
import type { TopologyDelta } from '@/lib/domain/deltas';
import type { SyncProgress } from '@/lib/domain/sync-progress';
import type { ApiRequestError } from './query-client';
import type { StreamListener } from './topology-stream';

export type LiveState = 'connecting' | 'live' | 'reconnecting';

/** What the pages show about the stream itself; the data goes to the sink. */
export interface StreamState {
  live: LiveState;
  progress?: SyncProgress;
  error?: ApiRequestError;
}

/** Where a cluster's data goes (react-query's cache, shared by every view). */
export interface StreamSink {
  snapshot(cluster: string, snapshot: TopologySnapshot): void;
  deltas(cluster: string, batch: TopologyDelta[]): void;
  usage(cluster: string, usage: UsageAnswer): void;
}

export type OpenStream = (cluster: string, listener: StreamListener) => { start(): void; stop(): void };

interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** How long a stream nobody uses stays open: long enough for a page change, short enough to free the server. */
export const LINGER_MS = 30_000;

export class SharedStream {
  private state: StreamState = { live: 'connecting' };
  private readonly watchers = new Set<() => void>();
  private stream: { start(): void; stop(): void } | undefined;
  users = 0;
  closeTimer: unknown;

  constructor(
    private readonly cluster: string,
    private readonly open: OpenStream,
    private readonly sink: StreamSink,
  ) {}

  /** For useSyncExternalStore: the same object until something changed. */
  readonly getState = () => this.state;

  readonly subscribe = (watcher: () => void) => {
    this.watchers.add(watcher);
    return () => void this.watchers.delete(watcher);
  };

  get running(): boolean {
    return this.stream !== undefined;
  }

  start(): void {
    if (this.stream) return;
    const { cluster, sink } = this;
    this.stream = this.open(cluster, {
      snapshot: (snapshot) => {
        sink.snapshot(cluster, snapshot);
        this.set({ live: 'live' });
      },
      deltas: (batch) => sink.deltas(cluster, batch),
      usage: (usage) => sink.usage(cluster, usage),
      progress: (progress) => this.set({ ...this.state, progress }),
      error: (error) => this.set({ ...this.state, error }),
      reconnecting: () => this.set({ ...this.state, live: 'reconnecting' }),
    });
    this.stream.start();
  }

  /** A new connection (the page's "try again"): a fresh snapshot. */
  restart(): void {
    this.stop();
    this.set({ live: 'connecting' });
    this.start();
  }

  stop(): void {
    this.stream?.stop();
    this.stream = undefined;
  }

  /** Stopped with nobody using it: whatever it held is no longer being kept up to date. */
  close(): void {
    this.stop();
    this.set({ live: 'connecting' });
  }

  private set(state: StreamState): void {
    this.state = state;
    for (const watcher of this.watchers) watcher();
  }
}

/** A tab's streams, one per cluster. */
export class SharedStreams {
  private readonly streams = new Map<string, SharedStream>();

  constructor(
    private readonly open: OpenStream,
    private readonly sink: StreamSink,
    private readonly lingerMs = LINGER_MS,
    private readonly timers: Timers = { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) },
  ) {}

  /** The cluster's stream, not necessarily started (see `use`). */
  get(cluster: string): SharedStream {
    let shared = this.streams.get(cluster);
    if (!shared) {
      shared = new SharedStream(cluster, this.open, this.sink);
      this.streams.set(cluster, shared);
    }
    return shared;
  }

  /** Uses the cluster's stream (opening it if needed) until the returned function is called. */
  use(cluster: string): () => void {
    const shared = this.get(cluster);
    shared.users += 1;
    if (shared.closeTimer !== undefined) this.timers.clearTimeout(shared.closeTimer);
    shared.closeTimer = undefined;
    shared.start();
    let using = true;
    return () => {
      if (!using) return;
      using = false;
      shared.users -= 1;
      if (shared.users > 0) return;
      shared.closeTimer = this.timers.setTimeout(() => {
        shared.closeTimer = undefined;
        if (shared.users > 0) return;
        // Kept in the map (a page rendering now may hold it); the next user opens it again.
        shared.close();
      }, this.lingerMs);
    };
  }
}
