// The informers' figures as Prometheus metrics, read from the topology hub when Prometheus
// scrapes, so they cost nothing between scrapes. Counters are rebuilt from the informers' own
// tallies, so a cluster whose informers were restarted (its API server moved) starts again from 0,
// which Prometheus' rate() reads as a counter reset.

import { Counter, Gauge, type Registry } from 'prom-client';
import { topologyInformerStats } from '../topology-hub';
import type { InformerStats } from '../k8s/topology-cache';
import { RELIST_REASONS } from '../k8s/informers';



/** One series per cluster and kind, its value read from each informer at scrape time. */
function perInformer(registers: Registry[], kind: 'counter' | 'gauge', name: string, help: string, value: (i: InformerStats, now: number) => number | undefined) {
  const Metric = kind === 'counter' ? Counter : Gauge;
  new Metric({
    name,
    help,
    labelNames: ['cluster', 'resource'] as const,
    registers,
    collect(this: Counter | Gauge) {
      this.reset();
      const now = Date.now();
      for (const c of topologyInformerStats()) {
        for (const i of c.informers) {
          const v = value(i, now);
          if (v === undefined) continue;
          if (this instanceof Counter) this.inc({ cluster: c.cluster, resource: i.resource }, v);
          else this.set({ cluster: c.cluster, resource: i.resource }, v);
        }
      }
    },
  });
}

export function registerInformerMetrics(registers: Registry[]): void {
  perInformer(registers, 'counter', 'nodelanes_informer_watch_restarts_total', 'Watch connections opened after the first, per cluster and kind (routine timeouts included).', (i) => Math.max(0, i.watches - 1));
  perInformer(registers, 'counter', 'nodelanes_informer_errors_total', 'Lists and watches that failed or ended early and were retried, per cluster and kind.', (i) => i.errors);
  new Counter({
    name: 'nodelanes_informer_relists_total',
    help: 'Full lists after the initial one, per cluster, kind and reason: expired (the server no longer had the history to resume the watch: compaction, a restarted API server), kind-removed (a CRD went away under the watch, its objects with it), initial (an optional kind first found).',
    labelNames: ['cluster', 'resource', 'reason'] as const,
    registers,
    collect() {
      this.reset();
      for (const c of topologyInformerStats()) {
        // Every reason has a series from the start (at 0), so rate() and alerts see the first relist.
        for (const i of c.informers) for (const reason of RELIST_REASONS) this.inc({ cluster: c.cluster, resource: i.resource, reason }, i.relists[reason] ?? 0);
      }
    },
  });
  perInformer(
    registers,
    'counter',
    'nodelanes_informer_relist_vanished_objects_total',
    'Objects a relist found gone although no watch event had deleted them: each was shown after it ceased to exist. Should stay 0; a rising count means watches lose events.',
    (i) => i.vanished,
  );
  perInformer(
    registers,
    'gauge',
    'nodelanes_informer_last_event_age_seconds',
    'Seconds since the last list, event or bookmark of a kind: how far behind its data may be (bookmarks arrive about once a minute on a quiet watch).',
    (i, now) => (i.lastEventAt === undefined ? undefined : (now - i.lastEventAt) / 1000),
  );
  perInformer(registers, 'gauge', 'nodelanes_informer_stale', '1 while a kind cannot watch (its data may be out of date; actions are disabled), else 0.', (i) => (i.stale ? 1 : 0));
  new Gauge({
    name: 'nodelanes_cluster_synced',
    help: '1 once every informer of a cluster has finished its initial list, else 0.',
    labelNames: ['cluster'] as const,
    registers,
    collect() {
      this.reset();
      for (const c of topologyInformerStats()) this.set({ cluster: c.cluster }, c.synced ? 1 : 0);
    },
  });
}
