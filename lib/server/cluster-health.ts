// Health of every listed cluster for the picker: the API server probe is cached briefly per
// cluster (a page load per person per cluster must not become a probe each), and concurrent
// askers share one probe in flight. The informers' state is read fresh every time.

import { clusterHealth, type ClusterHealth, type ProbeOutcome } from '@/lib/domain/cluster-health';
import { getCluster, listClusters, type ClusterSummary } from './clusters';
import { probeVersion } from './k8s/version-probe';
import { topologyState } from './topology-hub';
import { processWide } from './process-wide';

const PROBE_TIMEOUT_MS = 2_000;
/** Failures are asked again sooner: a cluster coming back should show so quickly. */
const OK_TTL_MS = 15_000;
const FAILED_TTL_MS = 5_000;

interface ProbeEntry {
  server: string;
  at: number;
  result: Promise<ProbeOutcome>;
  /** Set once the probe has answered. */
  outcome?: ProbeOutcome;
}

const probes = processWide('cluster-probes', () => new Map<string, ProbeEntry>());

function probe(id: string, now: number): Promise<ProbeOutcome> | undefined {
  const handle = getCluster(id);
  if (!handle) return undefined;
  const cached = probes.get(id);
  if (cached && cached.server === handle.server) {
    const ttl = cached.outcome && !cached.outcome.ok ? FAILED_TTL_MS : OK_TTL_MS;
    if (!cached.outcome || now - cached.at < ttl) return cached.result;
  }
  const entry: ProbeEntry = {
    server: handle.server,
    at: now,
    result: probeVersion(handle.kubeConfig, PROBE_TIMEOUT_MS).then((outcome) => {
      entry.outcome = outcome;
      return outcome;
    }),
  };
  probes.set(id, entry);
  return entry.result;
}

export type ClusterWithHealth = ClusterSummary & { health: ClusterHealth };

export async function clustersWithHealth(now = Date.now()): Promise<ClusterWithHealth[]> {
  const clusters = listClusters();
  return Promise.all(
    clusters.map(async (c) => {
      const outcome = c.problem === undefined ? await probe(c.id, now) : undefined;
      const problem = c.problem ?? (getCluster(c.id) ? undefined : 'no usable kubeconfig yet');
      return { ...c, health: clusterHealth(problem, outcome, topologyState(c.id)) };
    }),
  );
}
