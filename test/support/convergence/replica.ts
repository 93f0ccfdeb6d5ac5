// A second replica of the dashboard's server, in the same process: its own informer set and held
// snapshot for the same cluster, opened as the topology stream opens on the hub (held snapshot, the
// deltas since, then live ones). A page that fails over to it starts again from its snapshot, as a
// browser does when its stream lands on another server process.
import type { TopologyEvent } from '@/lib/domain/model';
import { HELD_SNAPSHOT_DEFAULTS, HeldSnapshot, RENEW_DEFAULTS, type Held } from '@/lib/server/held-snapshot';
import { kubeConfigFromFile } from '@/lib/server/k8s/client';
import { TopologyCache } from '@/lib/server/k8s/topology-cache';

export class Replica {
  private constructor(
    readonly cache: TopologyCache,
    private readonly held: HeldSnapshot,
  ) {}

  static async start(clusterId: string, kubeconfigFile: string, log: (line: string) => void): Promise<Replica> {
    const cache = new TopologyCache(clusterId, kubeConfigFromFile(kubeconfigFile), { log });
    const held = new HeldSnapshot(() => cache.snapshot(), HELD_SNAPSHOT_DEFAULTS, { ...RENEW_DEFAULTS, onRenewed: () => undefined });
    cache.subscribe((event, rv) => held.record(event, rv));
    await cache.start();
    return new Replica(cache, held);
  }

  /** What a stream opening on this replica sends first, and the subscription to what follows. */
  open(listener: (event: TopologyEvent, rv: string) => void): Held & { unsubscribe: () => void } {
    const { snapshot, since } = this.held.current();
    return { snapshot, since, unsubscribe: this.cache.subscribe(listener) };
  }

  stop(): void {
    this.held.clear();
    this.cache.stop();
  }
}
