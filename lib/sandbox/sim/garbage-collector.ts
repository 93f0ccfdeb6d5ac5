// The garbage collector, for what the sandbox's own controllers make: pods of a deleted Job or
// StatefulSet, Jobs of a deleted CronJob, EndpointSlices of a deleted Service go too (background
// propagation, kubectl delete's default). Dependents are only looked through when an owner has
// gone since the last pass, so a large cluster's pods are not scanned every tick.
import type { KObject, ResourceKey, Store } from '../store';
import { deletePod } from './owned-pods';

const OWNERS: Record<string, ResourceKey> = { Job: 'batch/jobs', StatefulSet: 'apps/statefulsets', CronJob: 'batch/cronjobs', Service: 'services' };
const DEPENDENTS: ResourceKey[] = ['pods', 'batch/jobs', 'discovery.k8s.io/endpointslices'];

export class GarbageCollector {
  private seen: Set<string> | undefined;

  constructor(private readonly store: Store) {}

  collect() {
    const alive = new Set<string>();
    for (const key of Object.values(OWNERS)) for (const o of this.store.peek(key)) alive.add(o.metadata.uid!);
    const ownerGone = !this.seen || [...this.seen].some((uid) => !alive.has(uid));
    this.seen = alive;
    if (!ownerGone) return;
    let deleted = false;
    for (const key of DEPENDENTS) {
      for (const o of [...this.store.peek(key)]) {
        const ref = o.metadata.ownerReferences?.find((r) => r.controller && OWNERS[r.kind]);
        if (!ref || alive.has(ref.uid)) continue;
        if (key === 'pods') deletePod(this.store, o as KObject);
        else this.store.remove(key, o.metadata.namespace, o.metadata.name);
        deleted = true;
      }
    }
    // What was deleted may own more (a CronJob's Jobs' pods): look again next pass.
    if (deleted) this.seen = undefined;
  }
}
