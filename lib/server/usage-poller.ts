// Usage (metrics.k8s.io) read once per cluster however many pages show it. Every tab used to poll
// all NodeMetrics every 15 s itself (all PodMetrics too in tile mode), so the API server's load
// grew with the number of tabs open. Here one poller per cluster reads them on an interval while
// anyone wants them: streams that follow it (the topology stream pushes each sample as a `usage`
// event), or requests (GET topology/usage answers from the last sample). Pod metrics — one object
// per pod — are read only while some request asked for them lately. When nobody has wanted usage
// for two intervals the poller stops and forgets its sample.
import type { TimerClock } from './timer-clock';
import type { UsageSample } from '@/lib/domain/usage-scope';

export interface UsageReader {
  /** Node usage and the API server's clock; nodes undefined when the metrics API did not answer. */
  nodes(): Promise<Pick<UsageSample, 'at' | 'nodes'>>;
  /** Every pod's usage, keyed `namespace/name`; undefined when not served. */
  pods(): Promise<UsageSample['pods']>;
}

export type PollerClock = TimerClock;

export const USAGE_INTERVAL_MS = 15_000;

export class UsagePoller {
  private readonly listeners = new Set<(sample: UsageSample) => void>();
  private latest: UsageSample | undefined;
  /** Whether `latest` was read with pod metrics. */
  private latestHasPods = false;
  private latestAt = 0;
  private polling: Promise<UsageSample> | undefined;
  private pollingWithPods = false;
  private timer: unknown;
  private askedAt = -Infinity;
  private podsAskedAt = -Infinity;
  /** Reads made, for the benchmark and tests. */
  reads = 0;

  constructor(
    private readonly reader: UsageReader,
    private readonly clock: PollerClock,
    private readonly intervalMs = USAGE_INTERVAL_MS,
  ) {}

  /** Every sample from now until the returned function is called; the last one at once, if fresh. */
  follow(listener: (sample: UsageSample) => void): () => void {
    this.listeners.add(listener);
    if (this.latest && this.fresh()) listener(this.latest);
    else void this.poll().catch(() => undefined);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** The last sample if it is fresh (and holds pods when `pods`), else a new reading. */
  async read(pods: boolean): Promise<UsageSample> {
    const now = this.clock.now();
    this.askedAt = now;
    if (pods) this.podsAskedAt = now;
    if (this.latest && this.fresh() && (!pods || this.latestHasPods)) return this.latest;
    if (!this.polling) return this.poll();
    if (!pods || this.pollingWithPods) return this.polling;
    // A reading under way without pods does not answer a request for pods: the next one will.
    return this.polling.catch(() => undefined).then(() => this.read(true));
  }

  /** Whether anyone still wants usage; an idle poller holds no timer and no sample. */
  get active(): boolean {
    return this.listeners.size > 0 || this.clock.now() - this.askedAt < 2 * this.intervalMs;
  }

  stop(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.listeners.clear();
    this.latest = undefined;
  }

  private fresh(): boolean {
    return this.clock.now() - this.latestAt < this.intervalMs;
  }

  private podsWanted(): boolean {
    return this.clock.now() - this.podsAskedAt < 2 * this.intervalMs;
  }

  private poll(): Promise<UsageSample> {
    if (this.polling) return this.polling;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    const withPods = this.podsWanted();
    this.pollingWithPods = withPods;
    this.reads += 1;
    const reading = Promise.all([this.reader.nodes(), withPods ? this.reader.pods() : Promise.resolve(undefined)]).then(([nodes, pods]) => ({ ...nodes, pods }));
    this.polling = reading;
    reading.then(
      (sample) => {
        this.polling = undefined;
        this.latest = sample;
        this.latestHasPods = withPods;
        this.latestAt = this.clock.now();
        for (const listener of this.listeners) listener(sample);
        this.next();
      },
      () => {
        this.polling = undefined;
        this.next();
      },
    );
    return reading;
  }

  private next(): void {
    if (!this.active) {
      this.latest = undefined;
      return;
    }
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      void this.poll().catch(() => undefined);
    }, this.intervalMs);
  }
}
