import type { PodInfo } from '@/lib/domain/model';
import type { LiveState } from '@/lib/client/use-topology';
import type { ClusterAccess } from '@/lib/client/use-access';
import { LiveIndicator } from '../live-indicator';
import { PodChip } from '../pod-chip';
import { UserIdentity } from './user-identity';

/** A user who may list pods in some namespaces but not nodes: their pods by namespace, no lanes. */
export function PodsOnly({ access, pods, live, stale }: { access: ClusterAccess; pods: PodInfo[]; live: LiveState; stale: boolean }) {
  const byNamespace = new Map<string, typeof pods>();
  for (const pod of pods) {
    const list = byNamespace.get(pod.namespace) ?? [];
    list.push(pod);
    byNamespace.set(pod.namespace, list);
  }
  const namespaces = access.scope.namespaces === 'all' ? [...byNamespace.keys()].sort() : [...access.scope.namespaces].sort();
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-4 text-sm text-slate-600 dark:text-slate-300">
        <LiveIndicator live={live} stale={stale} />
        <span>
          <strong className="tabular-nums">{pods.length}</strong> pods in {namespaces.length} {namespaces.length === 1 ? 'namespace' : 'namespaces'}
        </span>
      </div>
      <p role="status" data-testid="nodes-hidden" className="rounded-lg border border-sky-200 bg-sky-50 p-3 text-sm text-sky-900 dark:border-sky-900 dark:bg-sky-950 dark:text-sky-100">
        Nodes and node pools are hidden: the cluster&apos;s RBAC does not let <UserIdentity access={access} /> list nodes. Showing the pods you may
        see.
      </p>
      {namespaces.map((ns) => (
        <NamespacePods key={ns} namespace={ns} pods={byNamespace.get(ns) ?? []} />
      ))}
    </div>
  );
}

function NamespacePods({ namespace: ns, pods }: { namespace: string; pods: PodInfo[] }) {
  const list = pods.sort((a, b) => a.name.localeCompare(b.name));
  return (
    <section data-testid="namespace" data-namespace={ns} aria-labelledby={`ns-${ns}`} className="rounded-xl border border-slate-200 p-4 dark:border-slate-800">
      <h2 id={`ns-${ns}`} className="mb-2 text-sm font-semibold">
        Namespace <span className="font-mono">{ns}</span> <span className="font-normal text-slate-500">({list.length} pods)</span>
      </h2>
      {list.length ? (
        <ul className="flex flex-wrap gap-1">
          {list.map((p) => (
            <PodChip key={`${p.namespace}/${p.name}`} pod={p} />
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-500">No pods.</p>
      )}
    </section>
  );
}
