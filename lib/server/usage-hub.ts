// One usage poller (usage-poller.ts) per cluster for the whole server process, reading
// metrics.k8s.io with the app's own credentials; what each user is given of a sample is cut down
// to their visibility scope (lib/domain/usage-scope.ts). On globalThis for the reason the topology
// hub is: Next's dev server re-evaluates modules, and a second poller would double the reads.
import { realTimerClock } from './timer-clock';
import type { UsageSample } from '@/lib/domain/usage-scope';
import { readNodeMetrics, readPodMetrics } from './k8s/metrics';
import { userApis } from './user-apis';
import { USAGE_INTERVAL_MS, UsagePoller, type PollerClock } from './usage-poller';

const globalKey = Symbol.for('nodelanes.usage-hub');
type GlobalWithUsage = typeof globalThis & { [globalKey]?: Map<string, UsagePoller> };

/** How often a cluster's metrics are read while wanted; tests shorten it (configureUsageHub). */
let intervalMs = USAGE_INTERVAL_MS;

const realClock = realTimerClock;

function pollers(): Map<string, UsagePoller> {
  const g = globalThis as GlobalWithUsage;
  g[globalKey] ??= new Map();
  return g[globalKey];
}

function pollerFor(clusterId: string): UsagePoller {
  // Throws for an unknown or unreachable cluster before any poller is made.
  userApis(clusterId, null);
  let poller = pollers().get(clusterId);
  if (!poller) {
    poller = new UsagePoller(
      {
        // The cluster's handle is looked up on every read: a sandbox restarted on a new port is read there.
        nodes: async () => {
          const { usage, now } = await readNodeMetrics(userApis(clusterId, null));
          return { at: now, nodes: usage };
        },
        pods: () => readPodMetrics(userApis(clusterId, null)),
      },
      realClock,
      intervalMs,
    );
    pollers().set(clusterId, poller);
  }
  return poller;
}

/** The cluster's usage, each sample as it is read, until the returned function is called. */
export function followUsage(clusterId: string, listener: (sample: UsageSample) => void): () => void {
  return pollerFor(clusterId).follow(listener);
}

/** The cluster's latest usage sample (read now if none is fresh); with every pod's when `pods`. */
export function readUsage(clusterId: string, pods: boolean): Promise<UsageSample> {
  return pollerFor(clusterId).read(pods);
}

/** Stops one cluster's poller (or all), e.g. when its informers stop for idleness. */
export function stopUsage(clusterId?: string): void {
  for (const [id, poller] of pollers()) {
    if (clusterId !== undefined && id !== clusterId) continue;
    poller.stop();
    pollers().delete(id);
  }
}

/** How many times the cluster's metrics were read by this process, for the benchmark. */
export function usageReads(clusterId: string): number {
  return pollers().get(clusterId)?.reads ?? 0;
}

/** For tests: the interval of pollers made from now on. */
export function configureUsageHub(options: { intervalMs: number }): void {
  intervalMs = options.intervalMs;
}
