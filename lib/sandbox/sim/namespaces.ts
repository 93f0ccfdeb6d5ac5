// The namespace controller: a namespace being deleted is Terminating; everything in it is deleted
// (pods gracefully, through the kubelet stand-in), and once nothing is left the namespace itself
// goes, as the `kubernetes` finalizer is released.
import type { KObject, Store } from '../store';
import { deletePod } from './owned-pods';

export const isTerminating = (ns: Readonly<KObject> | undefined) => Boolean(ns && (ns.metadata.deletionTimestamp || ns.status?.phase === 'Terminating'));

export function reconcileNamespaces(store: Store) {
  const terminating = [...store.peek('namespaces')].filter(isTerminating).map((ns) => ns.metadata.name);
  for (const name of terminating) {
    let left = 0;
    for (const key of store.resources()) {
      if (key === 'namespaces' || key === 'nodes') continue;
      for (const o of [...store.scan(key, { namespace: name })]) {
        left++;
        if (key === 'pods') deletePod(store, o);
        else store.remove(key, name, o.metadata.name);
      }
    }
    if (left === 0) store.remove('namespaces', undefined, name);
  }
}
