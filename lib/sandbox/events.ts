// Kubernetes Events for Auto Mode's decisions, so the dashboard and `kubectl get events` can
// explain them. Repeats of the same (object, reason, message) bump `count` instead of piling up,
// like client-go's event correlator.
import type { KObject, Store } from './store';

export type EventType = 'Normal' | 'Warning';
export type RecordEvent = (about: KObject, type: EventType, reason: string, message: string) => void;

/** Shared by every recorder, so two recorders naming an Event for one object in the same millisecond never collide. */
let seq = 0;

export function eventRecorder(store: Store, component: string): RecordEvent {
  return (about, type, reason, message) => {
    const namespace = about.metadata.namespace ?? 'default';
    // Node and other cluster-scoped objects are referenced by name as uid (KUBECTL.md §7.4).
    const uid = about.kind === 'Node' ? about.metadata.name : about.metadata.uid;
    const now = store.timestamp();
    // Searched in place: copying every Event of the namespace for each one recorded made a
    // consolidation pass over thousands of nodes cost seconds, and a 1,000-pod scale-up quadratic.
    let existing: Readonly<KObject> | undefined;
    for (const e of store.scan('events', { namespace })) {
      if (e.involvedObject?.uid === uid && e.reason === reason && e.message === message && e.source?.component === component) existing = e;
      if (existing) break;
    }
    if (existing) {
      store.update('events', { ...existing, count: (existing.count ?? 1) + 1, lastTimestamp: now });
      return;
    }
    const name = `${about.metadata.name}.${(Date.now() * 1000 + ++seq).toString(16)}`;
    store.create('events', {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: {
        kind: about.kind,
        apiVersion: about.apiVersion,
        name: about.metadata.name,
        ...(about.metadata.namespace ? { namespace: about.metadata.namespace } : {}),
        uid,
        resourceVersion: about.metadata.resourceVersion,
      },
      reason,
      message,
      type,
      source: { component },
      reportingComponent: component,
      reportingInstance: '',
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      eventTime: null,
    });
  };
}
