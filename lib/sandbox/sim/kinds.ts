// The controllers behind Services, ServiceAccounts, StatefulSets, DaemonSets, Jobs, CronJobs,
// HorizontalPodAutoscalers and namespace deletion, run once per tick of the sandbox's controller loop, each safe from the
// others' errors.
import type { Store } from '../store';
import type { RecordEvent } from '../events';
import { reconcileNamespaceDefaults } from './service-accounts';
import { ensureKubernetesService } from './kubernetes-service';
import { reconcileEndpoints } from './endpoints';
import { finishJobPods, reconcileJobs } from './jobs';
import { reconcileStatefulSets } from './statefulsets';
import { bindClaims } from './persistent-volume-claims';
import { reconcileDaemonSets } from './daemonsets';
import { reconcileCronJobs } from './cronjobs';
import { isTerminating, reconcileNamespaces } from './namespaces';
import { GarbageCollector } from './garbage-collector';
import { HpaController } from './hpa';

export class KindControllers {
  private readonly garbage: GarbageCollector;
  private readonly hpas: HpaController;

  constructor(
    private readonly store: Store,
    private readonly record: (component: string) => RecordEvent,
    private readonly random: () => number,
    /** The cluster CA that kube-root-ca.crt publishes. */
    private readonly caPem?: string,
  ) {
    this.garbage = new GarbageCollector(store);
    this.hpas = new HpaController(store, record('horizontal-pod-autoscaler'));
  }

  reconcile() {
    const store = this.store;
    const terminating = (ns: string) => isTerminating(store.get('namespaces', undefined, ns));
    this.safely(() => reconcileNamespaces(store));
    this.safely(() => ensureKubernetesService(store));
    this.safely(() => reconcileNamespaceDefaults(store, this.caPem));
    this.safely(() => this.garbage.collect());
    this.safely(() => finishJobPods(store));
    this.safely(() => reconcileJobs(store, this.record('job-controller'), this.random));
    this.safely(() => reconcileCronJobs(store, this.record('cronjob-controller')));
    this.safely(() => reconcileStatefulSets(store, this.record('statefulset-controller')));
    this.safely(() => bindClaims(store));
    this.safely(() => this.hpas.reconcile());
    this.safely(() => reconcileDaemonSets(store, this.record('daemonset-controller'), this.random));
    this.safely(() => reconcileEndpoints(store, this.random, terminating));
  }

  private safely(fn: () => void) {
    try {
      fn();
    } catch (err) {
      // A conflict means someone wrote first; the next tick sees their version.
      if ((err as { code?: number }).code !== 409) console.error('[sandbox] controller', err);
    }
  }
}
