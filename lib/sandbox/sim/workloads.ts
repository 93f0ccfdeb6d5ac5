// Deployment → ReplicaSet → Pod controllers. A Deployment owns one ReplicaSet per pod template
// (named by a hash of the template, labelled pod-template-hash); template changes roll out within
// maxSurge / maxUnavailable, unless the Deployment is paused; the ReplicaSet of the current
// template carries the next revision (so `rollout undo` makes one) and the Deployment's
// change-cause; old ReplicaSets past revisionHistoryLimit are deleted; ReplicaSets keep their pod
// count; statuses carry what `kubectl rollout status`, `rollout history` and `kubectl wait` read.
// PodDisruptionBudgets get the disruption controller's status.
import { createHash } from 'node:crypto';
import { equal, type KObject, type Store } from '../store';
import { fromLabelSelectorObject, matchesLabelSelector } from '@/lib/domain/label-selector';
import { desiredHealthy, disruptionsAllowed } from '@/lib/domain/pdb';
import type { RecordEvent } from '../events';
import { defaultObject } from '../kube-api/defaults';
import { podAdmissionRefusal } from '../kube-api/priority-admission';
import { hasTrueCondition } from '../conditions';
import { rollingStep, surgeAndUnavailable } from './rolling';
import {
  DESIRED_REPLICAS,
  MAX_REPLICAS,
  POD_TEMPLATE_HASH,
  REVISION,
  newReplicaSetAnnotations,
  nextRevision,
  replicaSetsToPrune,
  revisionOf,
  templateIgnoringHash,
} from '@/lib/domain/deployment-history';

const DEPLOYMENTS = 'apps/deployments';
const PDBS = 'policy/poddisruptionbudgets';
const REPLICASETS = 'apps/replicasets';
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function templateHash(template: unknown): string {
  const digest = createHash('sha256').update(JSON.stringify(template ?? {})).digest();
  let out = '';
  for (let i = 0; i < 10; i++) out += ALPHABET[digest[i] % ALPHABET.length];
  return out;
}

const ownedBy = (o: KObject, owner: KObject) => (o.metadata.ownerReferences ?? []).some((r) => r.controller && r.uid === owner.metadata.uid);
const isReady = (p: KObject) => hasTrueCondition(p, 'Ready');
const isActive = (p: KObject) => !p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed';

export class WorkloadControllers {
  private seq = 0;

  constructor(
    private readonly store: Store,
    private readonly record: (component: string) => RecordEvent,
    private readonly random: () => number = Math.random,
  ) {}

  reconcile() {
    const pods = [...this.store.peek('pods')];
    const replicaSets = this.store.list(REPLICASETS);
    for (const d of this.store.list(DEPLOYMENTS)) this.safely(() => this.deployment(d, replicaSets.filter((rs) => ownedBy(rs, d))));
    for (const rs of this.store.list(REPLICASETS)) this.safely(() => this.replicaSet(rs, pods.filter((p) => ownedBy(p as KObject, rs)) as KObject[]));
    for (const pdb of this.store.list(PDBS)) this.safely(() => this.disruptionBudget(pdb, pods as KObject[]));
  }

  /**
   * The disruption controller's status: pods the budget covers, how many are healthy (Ready, not
   * deleting), how many must stay so, and how many may go now. Expected pods are counted from the
   * matching pods rather than from their controllers' scale, which is the same for the
   * Deployments the sandbox runs.
   */
  private disruptionBudget(pdb: KObject, pods: KObject[]) {
    let selector;
    try {
      selector = fromLabelSelectorObject(pdb.spec?.selector);
    } catch {
      selector = undefined;
    }
    const covered = selector
      ? pods.filter((p) => p.metadata.namespace === pdb.metadata.namespace && isActive(p) && matchesLabelSelector(selector, p.metadata.labels))
      : [];
    const expected = covered.length;
    const healthy = covered.filter(isReady).length;
    const status = {
      ...pdb.status,
      observedGeneration: pdb.metadata.generation,
      expectedPods: expected,
      currentHealthy: healthy,
      desiredHealthy: desiredHealthy(pdb.spec, expected),
      disruptionsAllowed: disruptionsAllowed(pdb.spec, expected, healthy),
    };
    if (equal(status, pdb.status)) return;
    this.store.update(PDBS, { ...pdb, status });
  }

  private safely(fn: () => void) {
    try {
      fn();
    } catch (err) {
      // A conflict means someone wrote first; the next tick sees their version.
      if ((err as { code?: number }).code !== 409) console.error('[sandbox] workload controller', err);
    }
  }

  private deployment(d: KObject, owned: KObject[]) {
    // Being deleted (its ReplicaSets first, in the foreground): nothing new is made for it.
    if (d.metadata.deletionTimestamp) return;
    const desired = d.spec?.replicas ?? 1;
    const paused = d.spec?.paused === true;
    // By hash first (cheap); then by content: `rollout undo` writes an old template back in
    // kubectl's own field order, and the old ReplicaSet must be found again rather than a twin made.
    const hash = templateHash(d.spec?.template);
    let next: KObject | undefined = owned.find((rs) => rs.metadata.labels?.[POD_TEMPLATE_HASH] === hash);
    if (!next && owned.length > 0) {
      const wanted = templateIgnoringHash(d.spec?.template);
      next = owned.find((rs) => equal(templateIgnoringHash(rs.spec?.template), wanted));
    }
    const events = this.record('deployment-controller');
    let progressingReason: string | undefined;
    if (next) {
      next = this.syncNewAnnotations(d, next, nextRevision(owned.filter((rs) => rs !== next).map((rs) => rs.metadata.annotations)));
    } else if (!paused) {
      // A paused Deployment makes no new ReplicaSet: its template changes wait for resume.
      next = this.createReplicaSet(d, desired, nextRevision(owned.map((rs) => rs.metadata.annotations)));
      progressingReason = 'NewReplicaSetCreated';
      owned = [...owned, next];
    }
    const old = owned.filter((rs) => rs !== next && rs.metadata.name !== next?.metadata.name);
    const targets = paused ? pausedTargets(desired, next, old) : this.rolloutTargets(d, desired, next!, old);
    for (const rs of owned) {
      const want = targets.get(rs.metadata.name);
      if (want === undefined || want === (rs.spec?.replicas ?? 0)) continue;
      const fresh = this.store.get(REPLICASETS, rs.metadata.namespace, rs.metadata.name);
      if (!fresh) continue;
      const from = fresh.spec?.replicas ?? 0;
      this.store.update(REPLICASETS, {
        ...fresh,
        metadata: {
          ...fresh.metadata,
          generation: (fresh.metadata.generation ?? 1) + 1,
          annotations: { ...fresh.metadata.annotations, [DESIRED_REPLICAS]: String(desired) },
        },
        spec: { ...fresh.spec, replicas: want },
      });
      events(d, 'Normal', 'ScalingReplicaSet', `Scaled ${want > from ? 'up' : 'down'} replica set ${rs.metadata.name} from ${from} to ${want}`);
    }
    if (next) this.markRevision(d, next);
    const complete = this.deploymentStatus(d, next, old, paused, progressingReason);
    // History is trimmed once a rollout has finished, or while paused, as the controller does.
    if (complete || paused) this.pruneHistory(d, old);
  }

  private createReplicaSet(d: KObject, desired: number, revision: number): KObject {
    const hash = templateHash(d.spec?.template);
    const template = structuredClone(d.spec.template);
    template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, [POD_TEMPLATE_HASH]: hash } };
    const selector = structuredClone(d.spec.selector ?? {});
    selector.matchLabels = { ...selector.matchLabels, [POD_TEMPLATE_HASH]: hash };
    return this.store.create(
      REPLICASETS,
      defaultObject(REPLICASETS, {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name: `${d.metadata.name}-${hash}`,
          namespace: d.metadata.namespace,
          labels: { ...template.metadata.labels },
          annotations: {
            ...newReplicaSetAnnotations(undefined, d.metadata.annotations, revision),
            [DESIRED_REPLICAS]: String(desired),
            [MAX_REPLICAS]: String(desired + surgeAndUnavailable(desired, d.spec?.strategy?.rollingUpdate).maxSurge),
          },
          ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata.name, uid: d.metadata.uid!, controller: true, blockOwnerDeletion: true }],
        },
        spec: { replicas: 0, selector, template },
      }),
      { generation: true },
    );
  }

  /** The current template's ReplicaSet takes the Deployment's annotations and, if brought back, the next revision. */
  private syncNewAnnotations(d: KObject, rs: KObject, revision: number): KObject {
    const annotations = newReplicaSetAnnotations(rs.metadata.annotations, d.metadata.annotations, revision);
    if (equal(annotations, rs.metadata.annotations ?? {})) return rs;
    const fresh = this.store.get(REPLICASETS, rs.metadata.namespace, rs.metadata.name);
    if (!fresh) return rs;
    return this.store.update(REPLICASETS, { ...fresh, metadata: { ...fresh.metadata, annotations } });
  }

  private rolloutTargets(d: KObject, desired: number, next: KObject, old: KObject[]): Map<string, number> {
    const state = (rs: KObject) => ({ name: rs.metadata.name, replicas: rs.spec?.replicas ?? 0, available: rs.status?.availableReplicas ?? 0 });
    if (d.spec?.strategy?.type === 'Recreate') {
      const oldLeft = old.reduce((n, rs) => n + (rs.status?.replicas ?? 0), 0);
      return new Map([[next.metadata.name, oldLeft > 0 ? 0 : desired], ...old.map((rs) => [rs.metadata.name, 0] as [string, number])]);
    }
    if (old.every((rs) => (rs.spec?.replicas ?? 0) === 0)) return new Map([[next.metadata.name, desired]]);
    return rollingStep(desired, d.spec?.strategy?.rollingUpdate, state(next), old.map(state));
  }

  /** Old ReplicaSets past revisionHistoryLimit that have no pods left, oldest first. */
  private pruneHistory(d: KObject, old: KObject[]) {
    const fresh = old.map((rs) => this.store.get(REPLICASETS, rs.metadata.namespace, rs.metadata.name)).filter((rs): rs is KObject => !!rs);
    const names = replicaSetsToPrune(
      fresh.map((rs) => ({
        name: rs.metadata.name,
        revision: revisionOf(rs.metadata.annotations),
        specReplicas: rs.spec?.replicas ?? 0,
        statusReplicas: rs.status?.replicas ?? 0,
        pending: (rs.metadata.generation ?? 1) > (rs.status?.observedGeneration ?? 0),
        deleting: !!rs.metadata.deletionTimestamp,
      })),
      d.spec?.revisionHistoryLimit,
    );
    for (const name of names) this.store.remove(REPLICASETS, d.metadata.namespace, name);
  }

  /** The deployment carries its current revision, as `kubectl rollout history` reads it. */
  private markRevision(d: KObject, next: KObject) {
    const revision = next.metadata.annotations?.[REVISION];
    if (!revision || d.metadata.annotations?.[REVISION] === revision) return;
    const current = this.store.get(DEPLOYMENTS, d.metadata.namespace, d.metadata.name);
    if (!current) return;
    this.store.update(DEPLOYMENTS, { ...current, metadata: { ...current.metadata, annotations: { ...current.metadata.annotations, [REVISION]: revision } } });
  }

  /** Writes the Deployment's status; says whether its rollout is complete. */
  private deploymentStatus(d: KObject, next: KObject | undefined, old: KObject[], paused: boolean, progressingReason?: string): boolean {
    const current = this.store.get(DEPLOYMENTS, d.metadata.namespace, d.metadata.name);
    if (!current) return false;
    const desired = current.spec?.replicas ?? 1;
    const fresh = (rs: KObject) => this.store.get(REPLICASETS, rs.metadata.namespace, rs.metadata.name) ?? rs;
    const freshNext = next && fresh(next);
    const all = [...(freshNext ? [freshNext] : []), ...old.map(fresh)];
    const sum = (f: (rs: KObject) => number) => all.reduce((n, rs) => n + f(rs), 0);
    const replicas = sum((rs) => rs.status?.replicas ?? 0);
    const ready = sum((rs) => rs.status?.readyReplicas ?? 0);
    const available = sum((rs) => rs.status?.availableReplicas ?? 0);
    // With its template changed while paused there is no ReplicaSet for it: nothing is up to date.
    const updated = freshNext?.status?.replicas ?? 0;
    const { maxUnavailable } = surgeAndUnavailable(desired, current.spec?.strategy?.rollingUpdate);
    const now = this.store.timestamp();
    const complete = !!freshNext && updated === desired && replicas === desired && available === desired && old.every((rs) => (rs.status?.replicas ?? 0) === 0);
    const previous = (type: string) => (current.status?.conditions ?? []).find((c: { type: string }) => c.type === type);
    const condition = (type: string, status: string, reason: string, message: string) => {
      const before = previous(type);
      const same = before && before.status === status && before.reason === reason && before.message === message;
      return {
        type,
        status,
        lastUpdateTime: same ? before.lastUpdateTime : now,
        lastTransitionTime: before && before.status === status ? before.lastTransitionTime : now,
        reason,
        message,
      };
    };
    const availableOk = available >= desired - maxUnavailable;
    const rsName = freshNext?.metadata.name;
    // Paused, the controller says so in Progressing (status Unknown) and leaves it until resumed.
    const progressing = paused
      ? condition('Progressing', 'Unknown', 'DeploymentPaused', 'Deployment is paused')
      : complete
      ? condition('Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${rsName}" has successfully progressed.`)
      : progressingReason
        ? condition('Progressing', 'True', progressingReason, `Created new replica set "${rsName}"`)
        : condition('Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "${rsName}" is progressing.`);
    const status = {
      observedGeneration: current.metadata.generation,
      replicas,
      updatedReplicas: updated,
      readyReplicas: ready,
      availableReplicas: available,
      ...(replicas - available > 0 || desired - available > 0 ? { unavailableReplicas: Math.max(0, Math.max(replicas, desired) - available) } : {}),
      conditions: [
        availableOk
          ? condition('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.')
          : condition('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.'),
        progressing,
      ],
    };
    // Zero counts are left out, as the Go types' omitempty does.
    for (const k of ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas'] as const) if (status[k] === 0) delete (status as Record<string, unknown>)[k];
    if (JSON.stringify(status) !== JSON.stringify(current.status)) this.store.update(DEPLOYMENTS, { ...current, status });
    return complete;
  }

  private replicaSet(rs: KObject, pods: KObject[]) {
    const desired = rs.spec?.replicas ?? 0;
    const active = pods.filter(isActive);
    const events = this.record('replicaset-controller');
    if (rs.metadata.deletionTimestamp) {
      // Being deleted: its pods are the garbage collector's now.
    } else if (active.length < desired) {
      for (let i = active.length; i < desired; i++) {
        const fresh = this.podFor(rs);
        const refused = podAdmissionRefusal(this.store, fresh, rs.spec.template?.spec);
        if (refused) {
          // The controller's create goes through admission like any other (an unknown
          // priorityClassName in the template): it reports the refusal and tries again later.
          events(rs, 'Warning', 'FailedCreate', `Error creating: ${refused}`);
          break;
        }
        const pod = this.store.create('pods', fresh);
        events(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`);
      }
    } else if (active.length > desired) {
      // Least valuable first: unscheduled, then not ready, then the newest.
      const victims = [...active]
        .sort((a, b) => rank(a) - rank(b) || (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? ''))
        .slice(0, active.length - desired);
      for (const p of victims) {
        this.terminate(p);
        events(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`);
      }
    }
    const current = this.store.get(REPLICASETS, rs.metadata.namespace, rs.metadata.name);
    if (!current) return;
    // The stored pods, not a sorted clone of the namespace: this runs for every ReplicaSet on every
    // tick, and cloning a 1,000-pod namespace per ReplicaSet took most of the sandbox's CPU.
    const live: KObject[] = [];
    for (const p of this.store.peek('pods')) if (p.metadata.namespace === rs.metadata.namespace && ownedBy(p as KObject, rs) && isActive(p as KObject)) live.push(p as KObject);
    const ready = live.filter(isReady).length;
    const status: Record<string, number> = {
      replicas: live.length,
      fullyLabeledReplicas: live.length,
      readyReplicas: ready,
      availableReplicas: ready,
      observedGeneration: current.metadata.generation ?? 1,
    };
    for (const k of ['fullyLabeledReplicas', 'readyReplicas', 'availableReplicas']) if (status[k] === 0) delete status[k];
    if (JSON.stringify(status) === JSON.stringify(current.status)) return;
    this.store.update(REPLICASETS, { ...current, status });
  }

  private podFor(rs: KObject): KObject {
    const tpl = rs.spec.template;
    let suffix = '';
    for (let i = 0; i < 5; i++) suffix += ALPHABET[Math.floor(this.random() * ALPHABET.length)];
    this.seq++;
    return defaultObject('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${rs.metadata.name}-${suffix}`,
        generateName: `${rs.metadata.name}-`,
        namespace: rs.metadata.namespace,
        labels: { ...tpl.metadata?.labels },
        ...(tpl.metadata?.annotations ? { annotations: { ...tpl.metadata.annotations } } : {}),
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata.name, uid: rs.metadata.uid!, controller: true, blockOwnerDeletion: true }],
      },
      spec: structuredClone(tpl.spec),
    });
  }

  /** Graceful delete, as the apiserver does for a DELETE without options. */
  private terminate(p: KObject) {
    const grace = p.spec?.terminationGracePeriodSeconds ?? 30;
    if (!p.spec?.nodeName || grace === 0) {
      this.store.remove('pods', p.metadata.namespace, p.metadata.name);
      return;
    }
    const deadline = new Date(this.store.now().getTime() + grace * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const fresh = this.store.get('pods', p.metadata.namespace, p.metadata.name);
    if (!fresh || fresh.metadata.deletionTimestamp) return;
    this.store.update('pods', { ...fresh, metadata: { ...fresh.metadata, deletionTimestamp: deadline, deletionGracePeriodSeconds: grace } });
  }
}

/**
 * A paused Deployment's ReplicaSets follow only its replica count: the one active ReplicaSet
 * (or, none active, the current or newest) is scaled; a rollout paused half-way stays as it is.
 */
function pausedTargets(desired: number, next: KObject | undefined, old: KObject[]): Map<string, number> {
  const all = [...(next ? [next] : []), ...old];
  const active = all.filter((rs) => (rs.spec?.replicas ?? 0) > 0);
  const newest = () => next ?? [...old].sort((a, b) => (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? ''))[0];
  const only = active.length === 1 ? active[0] : active.length === 0 ? newest() : undefined;
  return only ? new Map([[only.metadata.name, desired]]) : new Map();
}

function rank(p: KObject): number {
  if (!p.spec?.nodeName) return 0;
  if (p.status?.phase === 'Pending') return 1;
  if (!isReady(p)) return 2;
  return 3;
}
