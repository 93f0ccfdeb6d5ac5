// The audit trail on the cluster itself: every action nodelanes takes leaves a Kubernetes Event
// on the object, created as the acting user, so `kubectl describe` and `kubectl get events` show
// who did what through the dashboard, next to what the controllers did about it.

import type { UserApis } from '../impersonation';
import { LAST_ACTION, rfc3339, type ActionRecord } from '@/lib/domain/rollout';
import { log } from '../../log';

export interface EventTarget {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
}

/**
 * Best effort: the action already happened, so a refused Event (RBAC without `create events`)
 * is logged and the action still answers as done.
 */
export async function recordActionEvent(
  apis: Pick<UserApis, 'core'>,
  target: EventTarget,
  event: { reason: string; message: string; type?: 'Normal' | 'Warning' },
  requestId: string,
  /** The action's record, kept on the Event too: it outlives an object Auto Mode deletes (activity.ts). */
  record?: ActionRecord,
): Promise<void> {
  const now = new Date();
  // Events of cluster-scoped objects live in `default`, as the controllers put them.
  const namespace = target.namespace || 'default';
  try {
    await apis.core.createNamespacedEvent({
      namespace,
      body: {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { generateName: `${target.name}.nodelanes-`, namespace, annotations: { 'nodelanes.io/request-id': requestId, ...(record ? { [LAST_ACTION]: JSON.stringify(record) } : {}) } },
        involvedObject: {
          apiVersion: target.apiVersion,
          kind: target.kind,
          name: target.name,
          namespace: target.namespace,
          uid: target.uid,
          resourceVersion: target.resourceVersion,
        },
        reason: event.reason,
        message: event.message,
        type: event.type ?? 'Normal',
        source: { component: 'nodelanes' },
        reportingComponent: 'nodelanes',
        reportingInstance: 'nodelanes',
        firstTimestamp: new Date(rfc3339(now)),
        lastTimestamp: new Date(rfc3339(now)),
        count: 1,
      },
    });
  } catch (err) {
    log('warn', 'could not record the action as an Event', {
      requestId,
      target: `${target.kind}/${target.namespace ? `${target.namespace}/` : ''}${target.name}`,
      error: err instanceof Error ? err.message.split('\n')[0] : String(err),
    });
  }
}
