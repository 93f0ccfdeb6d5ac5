// Keeping an action's story on the cluster: whenever a server is asked for an activity, it looks
// at the cluster, and writes what it saw into the record on every object that carries it (a new
// step when the counts per pool moved, `finished` once it settled), as the asking user. So the
// time taken and the charts are the record's, the same on every replica and after any reload.
// Nobody asking means nothing is written: the page asks every few seconds while it is open.

import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { activityProgress } from '@/lib/domain/activity';
import { activityMark, activityTimeline, cacheCaughtUp, nextRecord, type FollowedActivity } from '@/lib/domain/activity-timeline';
import type { TopologySnapshot } from '@/lib/domain/model';
import type { PriceTable } from '@/lib/domain/pricing';
import { actionRecordOf, LAST_ACTION, type ActionRecord } from '@/lib/domain/rollout';
import { log } from '../log';
import type { ActivityCarriers } from './activity';
import type { UserApis } from './impersonation';

const mergePatch = () => setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

type Apis = Pick<UserApis, 'apps' | 'custom' | 'core'>;
type Meta = { metadata?: { resourceVersion?: string; annotations?: Record<string, string> } };

/** One carrier of the record: how to read it and how to write a new record onto it. */
interface Carrier {
  what: string;
  read(): Promise<Meta>;
  write(body: unknown): Promise<unknown>;
}

function carriersOf(apis: Apis, found: ActivityCarriers): Carrier[] {
  const list: Carrier[] = found.activity.objects.map((o) => {
    const what = `${o.kind}/${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
    if (o.kind === 'Deployment') {
      const at = { namespace: o.namespace ?? '', name: o.name };
      return { what, read: () => apis.apps.readNamespacedDeployment(at), write: (body) => apis.apps.patchNamespacedDeployment({ ...at, body }, mergePatch()) };
    }
    if (o.kind === 'NodePool') {
      const at = { group: 'karpenter.sh', version: 'v1', plural: 'nodepools', name: o.name };
      return { what, read: () => apis.custom.getClusterCustomObject(at) as Promise<Meta>, write: (body) => apis.custom.patchClusterCustomObject({ ...at, body }, mergePatch()) };
    }
    return { what, read: () => apis.core.readNode({ name: o.name }), write: (body) => apis.core.patchNode({ name: o.name, body }, mergePatch()) };
  });
  const event = found.drainEvent;
  if (event) list.push({ what: `Event/${event.namespace}/${event.name}`, read: () => apis.core.readNamespacedEvent(event), write: (body) => apis.core.patchNamespacedEvent({ ...event, body }, mergePatch()) });
  return list;
}

/**
 * Writes the record onto each carrier that still holds this activity (a later action's record is
 * left alone), with its resourceVersion so a concurrent writer wins rather than being overwritten.
 * True when at least one carrier took it.
 */
async function writeRecord(apis: Apis, found: ActivityCarriers, record: ActionRecord): Promise<boolean> {
  let written = false;
  for (const carrier of carriersOf(apis, found)) {
    try {
      const current = await carrier.read();
      if (actionRecordOf(current.metadata?.annotations)?.id !== record.id) continue;
      await carrier.write({ metadata: { resourceVersion: current.metadata?.resourceVersion, annotations: { [LAST_ACTION]: JSON.stringify(record) } } });
      written = true;
    } catch (err) {
      // Gone (an emptied node Auto Mode removed), not ours to write (403), or changed meanwhile (409).
      const code = (err as { code?: unknown }).code;
      if (code !== 404 && code !== 403 && code !== 409) log('warn', 'could not keep the activity record', { target: carrier.what, error: err instanceof Error ? err.message.split('\n')[0] : String(err) });
    }
  }
  return written;
}

/** The activity with its timeline, after writing what the cluster shows now into its record. */
export async function followActivity(apis: Apis, found: ActivityCarriers, snapshot: TopologySnapshot, prices: PriceTable, now = new Date()): Promise<FollowedActivity> {
  const { objects, ...record } = found.activity;
  // A drain evicts pod by pod: the cluster can look quiet between two evictions.
  const settled = activityProgress(snapshot, found.activity, prices).settled && found.drain?.state !== 'running' && cacheCaughtUp(snapshot, found.activity);
  const next = nextRecord(record, settled, activityMark(snapshot, now, prices));
  if (!next) return { ...record, objects, timeline: activityTimeline(record) };
  if (await writeRecord(apis, found, next)) return { ...next, objects, timeline: activityTimeline(next) };
  const timeline = activityTimeline(record);
  if (next.finished) timeline.notes.push('The cluster has settled, but its finish could not be written into the record as you (no right to patch the objects that carry it): the time taken stays open until someone who may opens this page.');
  return { ...record, objects, timeline };
}
