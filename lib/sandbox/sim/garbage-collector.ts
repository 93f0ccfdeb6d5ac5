// The garbage collector, for what the sandbox's own controllers make: pods of a deleted Job or
// StatefulSet, Jobs of a deleted CronJob, EndpointSlices of a deleted Service go too (background
// propagation, kubectl delete's default).
import type { KObject, ResourceKey, Store } from '../store';
import { deletePod } from './owned-pods';

const OWNERS: Record<string, ResourceKey> = { Job: 'batch/jobs', StatefulSet: 'apps/statefulsets', CronJob: 'batch/cronjobs', Service: 'services' };
const DEPENDENTS: ResourceKey[] = ['pods', 'batch/jobs', 'discovery.k8s.io/endpointslices'];

export function collectGarbage(store: Store) {
  const alive = new Map<string, Set<string>>();
  const uids = (kind: string) => {
    let set = alive.get(kind);
    if (!set) {
      set = new Set([...store.peek(OWNERS[kind])].map((o) => o.metadata.uid!));
      alive.set(kind, set);
    }
    return set;
  };
  for (const key of DEPENDENTS) {
    for (const o of [...store.peek(key)]) {
      const ref = o.metadata.ownerReferences?.find((r) => r.controller && OWNERS[r.kind]);
      if (!ref || uids(ref.kind).has(ref.uid)) continue;
      if (key === 'pods') deletePod(store, o as KObject);
      else store.remove(key, o.metadata.namespace, o.metadata.name);
    }
  }
}
