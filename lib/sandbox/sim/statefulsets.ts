// The StatefulSet controller (apps/v1): pods `<name>-0` … `<name>-N-1`, each with a stable
// hostname. With OrderedReady (the default) a pod is made only when every lower ordinal is
// Running and Ready, scale-down and rolling updates go from the highest ordinal down, one at a
// time; Parallel makes and removes them all at once. The status carries the revisions and counts
// `kubectl rollout status statefulset` waits on.
import { equal, type KObject, type Store } from '../store';
import type { RecordEvent } from '../events';
import { templateHash } from './workloads';
import { deletePod, isReadyPod, podFromTemplate, podsOf } from './owned-pods';
import { ensureClaims, releaseScaledClaims, withClaimVolumes } from './persistent-volume-claims';
import { podAdmissionRefusal } from '../kube-api/priority-admission';

export const STATEFULSETS = 'apps/statefulsets';
const REVISION_LABEL = 'controller-revision-hash';
const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';

const ordinalOf = (sts: KObject, p: Readonly<KObject>) => {
  const m = new RegExp(`^${sts.metadata.name.replace(/[.]/g, '\\.')}-(\\d+)$`).exec(p.metadata.name);
  return m ? Number(m[1]) : -1;
};
const runningAndReady = (p: Readonly<KObject>) => p.status?.phase === 'Running' && isReadyPod(p) && !p.metadata.deletionTimestamp;

export function reconcileStatefulSets(store: Store, record: RecordEvent) {
  for (const sts of store.list(STATEFULSETS)) {
    // Being deleted: its pods are the garbage collector's now.
    if (sts.metadata.deletionTimestamp) continue;
    const replicas: number = sts.spec?.replicas ?? 1;
    const updateRevision = `${sts.metadata.name}-${templateHash(sts.spec?.template)}`;
    const parallel = sts.spec?.podManagementPolicy === 'Parallel';
    const rolling = sts.spec?.updateStrategy?.type !== 'OnDelete';
    const partition: number = sts.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
    const pods = podsOf(store, sts).filter((p) => ordinalOf(sts, p) >= 0);
    const byOrdinal = new Map(pods.map((p) => [ordinalOf(sts, p), p]));
    // Pods the controller neither waits on nor counts are those that are on their way out.
    const settled = () => [...byOrdinal.values()].every(runningAndReady);

    // Create missing ordinals (in order, each after the previous is ready, unless Parallel).
    for (let i = 0; i < replicas; i++) {
      if (byOrdinal.has(i)) {
        if (!parallel && !runningAndReady(byOrdinal.get(i)!)) break;
        continue;
      }
      const name = `${sts.metadata.name}-${i}`;
      ensureClaims(store, sts, i, record);
      // A missing pod is made from the current template (older revisions are not kept, so a pod
      // below the partition that is deleted comes back at the new revision).
      const fresh = podFromTemplate(sts, sts.spec.template, name, {
        labels: { [REVISION_LABEL]: updateRevision, [POD_NAME_LABEL]: name },
        spec: {
          hostname: name,
          ...(sts.spec?.serviceName ? { subdomain: sts.spec.serviceName } : {}),
          ...(sts.spec?.volumeClaimTemplates?.length ? { volumes: withClaimVolumes(sts, i, sts.spec.template.spec?.volumes) } : {}),
        },
      });
      // Its create passes the Priority admission plugin like any other: an unknown class is
      // refused, reported as kube-controller-manager's statefulset controller words it, and
      // tried again on a later pass (no higher ordinal is made meanwhile).
      const refused = podAdmissionRefusal(store, fresh, sts.spec.template?.spec, 'name');
      if (refused) {
        record(sts, 'Warning', 'FailedCreate', `create Pod ${name} in StatefulSet ${sts.metadata.name} failed error: ${refused}`);
        break;
      }
      const pod = store.create('pods', fresh);
      byOrdinal.set(i, pod);
      record(sts, 'Normal', 'SuccessfulCreate', `create Pod ${name} in StatefulSet ${sts.metadata.name} successful`);
      if (!parallel) break;
    }

    // Scale down from the highest ordinal.
    const extra = [...byOrdinal.keys()].filter((i) => i >= replicas).sort((a, b) => b - a);
    for (const i of extra) {
      if (!parallel && !settled()) break;
      const p = byOrdinal.get(i)!;
      if (p.metadata.deletionTimestamp) break;
      deletePod(store, p);
      releaseScaledClaims(store, sts, i);
      record(sts, 'Normal', 'SuccessfulDelete', `delete Pod ${p.metadata.name} in StatefulSet ${sts.metadata.name} successful`);
      if (!parallel) break;
    }

    // Rolling update: replace the highest outdated pod at or above the partition once all are ready.
    if (rolling && extra.length === 0 && settled()) {
      const outdated = [...byOrdinal.entries()]
        .filter(([i, p]) => i < replicas && i >= partition && p.metadata.labels?.[REVISION_LABEL] !== updateRevision)
        .sort((a, b) => b[0] - a[0]);
      if (outdated.length) {
        const p = outdated[0][1];
        deletePod(store, p);
        record(sts, 'Normal', 'SuccessfulDelete', `delete Pod ${p.metadata.name} in StatefulSet ${sts.metadata.name} successful`);
      }
    }
    writeStatus(store, sts, updateRevision);
  }
}

function writeStatus(store: Store, sts: KObject, updateRevision: string) {
  const live = podsOf(store, sts).filter((p) => ordinalOf(sts, p) >= 0 && !p.metadata.deletionTimestamp);
  const replicas: number = sts.spec?.replicas ?? 1;
  const previous = sts.status?.currentRevision ?? updateRevision;
  const updated = live.filter((p) => p.metadata.labels?.[REVISION_LABEL] === updateRevision).length;
  const ready = live.filter(runningAndReady).length;
  // The update is done when every wanted pod runs the new revision and is ready.
  const currentRevision = updated === replicas && ready >= replicas && live.length === replicas ? updateRevision : previous;
  const current = live.filter((p) => p.metadata.labels?.[REVISION_LABEL] === currentRevision).length;
  const status: Record<string, unknown> = {
    observedGeneration: sts.metadata.generation,
    replicas: live.length,
    ...(ready ? { readyReplicas: ready } : {}),
    ...(current ? { currentReplicas: current } : {}),
    ...(updated ? { updatedReplicas: updated } : {}),
    currentRevision,
    updateRevision,
    collisionCount: 0,
  };
  const fresh = store.get(STATEFULSETS, sts.metadata.namespace, sts.metadata.name);
  if (!fresh || equal(status, fresh.status)) return;
  store.update(STATEFULSETS, { ...fresh, status });
}
