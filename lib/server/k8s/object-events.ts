// Events about one object, read on demand as the signed-in user: the API server's field selector
// on involvedObject finds them whatever their age, where the topology's window keeps only the
// cluster's newest events and so misses most objects on a busy cluster.
import type { EventInfo } from '@/lib/domain/model';
import { transformEvent } from '@/lib/domain/transform';
import type { UserApis } from './impersonation';

export interface ObjectRef {
  kind: string;
  name: string;
  /** The object's namespace; absent for cluster-scoped kinds (Node), whose events any namespace may hold. */
  namespace?: string;
}

/** One object rarely has more: the API server folds repeats of an event into its count. */
const MAX_EVENTS = 500;

export interface ObjectEvents {
  events: EventInfo[];
  /** More matched than MAX_EVENTS; the newest of those read are shown. */
  truncated: boolean;
}

/** The involvedObject field selector `kubectl get events --field-selector` would take for `ref`. */
export function involvedObjectSelector(ref: ObjectRef): string {
  const parts = [`involvedObject.kind=${ref.kind}`, `involvedObject.name=${ref.name}`];
  if (ref.namespace) parts.push(`involvedObject.namespace=${ref.namespace}`);
  return parts.join(',');
}

/**
 * Events about `ref`, newest first. A namespaced object's events live in its namespace (a user
 * with rights there only can read them); a cluster-scoped object's are looked for everywhere,
 * as `kubectl describe node` does.
 */
export async function readObjectEvents(apis: Pick<UserApis, 'core'>, ref: ObjectRef): Promise<ObjectEvents> {
  const fieldSelector = involvedObjectSelector(ref);
  const list = ref.namespace
    ? await apis.core.listNamespacedEvent({ namespace: ref.namespace, fieldSelector, limit: MAX_EVENTS })
    : await apis.core.listEventForAllNamespaces({ fieldSelector, limit: MAX_EVENTS });
  const events = (list.items ?? []).map(transformEvent).sort(newestFirst);
  return { events, truncated: Boolean(list.metadata?._continue) };
}

function newestFirst(a: EventInfo, b: EventInfo): number {
  if (a.lastTimestamp !== b.lastTimestamp) return a.lastTimestamp < b.lastTimestamp ? 1 : -1;
  return `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`);
}
