// Simulated resource usage: what the sandbox's metrics API (metrics.k8s.io, as metrics-server
// serves it) reports for a running container, pod and node. Deterministic, so tests can predict
// it: each container uses a stable share of its requests, picked by hashing the pod's uid and the
// container's name, varied slowly with (simulated) time, and constant within one sampling window
// like a metrics-server scrape. A node uses what its pods use plus a system overhead.

import type { Resources } from './model';
import { cpuToMillis, memoryToBytes } from './quantities';
import { formatCpu, formatMemory, formatPercent } from './format';

/** How long one sample stands for (metrics-server's `window`). */
export const USAGE_WINDOW_SECONDS = 30;
/** One slow swing of CPU usage, in simulated seconds. */
const CPU_PERIOD_SECONDS = 20 * 60;
const MEMORY_PERIOD_SECONDS = 60 * 60;
const KI = 1024;
const MI = 1024 * 1024;

export interface Usage {
  cpuNanos: number;
  memoryBytes: number;
}

export interface ContainerUsage extends Usage {
  name: string;
}

type ResourceList = Record<string, unknown> | undefined | null;

/**
 * What the load model (load.ts) says of a pod's workload: a knob multiplying its usage, and under
 * a load curve the share of its CPU request each pod uses (instead of its own steady share).
 */
export interface PodLoad {
  multiplier: number;
  share?: number;
}

export interface UsageContainer {
  name: string;
  resources?: { requests?: ResourceList; limits?: ResourceList } | null;
}

/** A number in [0, 1) from a string, the same on every run and machine. */
export function stableFraction(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // FNV-1a alone spreads keys that differ in their last character poorly; a final mix fixes that.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return (h >>> 0) / 2 ** 32;
}

/** The start of the sampling window that `at` falls in. */
export function usageWindowStart(at: Date): Date {
  const ms = USAGE_WINDOW_SECONDS * 1000;
  return new Date(Math.floor(at.getTime() / ms) * ms);
}

const wave = (seconds: number, period: number, phase: number) => Math.sin(2 * Math.PI * (seconds / period + phase));

/**
 * One container's usage at `at`: 25–85 % of its CPU request and 45–90 % of its memory request
 * (a few millicores and MiB when it requests nothing), ±15 % / ±4 % over time, never above a limit.
 * Under a load curve the CPU is the curve's share of the request ±5 % per pod; the knob
 * multiplies either.
 */
export function containerUsage(podUid: string, container: UsageContainer, at: Date, load?: PodLoad): ContainerUsage {
  const key = `${podUid}/${container.name}`;
  const t = usageWindowStart(at).getTime() / 1000;
  const requests = container.resources?.requests;
  const limits = container.resources?.limits;
  const cpuRequest = cpuToMillis(requests?.cpu) || 5;
  const memoryRequest = memoryToBytes(requests?.memory) || 32 * MI;
  let cpuMillis =
    load?.share !== undefined
      ? cpuRequest * load.share * (0.95 + 0.1 * stableFraction(`${key}#cpu`))
      : cpuRequest * (0.25 + 0.6 * stableFraction(`${key}#cpu`)) * (1 + 0.15 * wave(t, CPU_PERIOD_SECONDS, stableFraction(`${key}#cpu-phase`))) * (load?.multiplier ?? 1);
  let memory = memoryRequest * (0.45 + 0.45 * stableFraction(`${key}#memory`)) * (1 + 0.04 * wave(t, MEMORY_PERIOD_SECONDS, stableFraction(`${key}#memory-phase`)));
  const cpuLimit = cpuToMillis(limits?.cpu);
  const memoryLimit = memoryToBytes(limits?.memory);
  if (cpuLimit) cpuMillis = Math.min(cpuMillis, cpuLimit * 0.98);
  if (memoryLimit) memory = Math.min(memory, memoryLimit * 0.98);
  // Whole nanocores and KiB, the units metrics-server reports in.
  return { name: container.name, cpuNanos: Math.round(cpuMillis * 1e6), memoryBytes: Math.round(memory / KI) * KI };
}

/** Every regular container of a running pod (init containers have finished). */
export function podUsage(podUid: string, containers: readonly UsageContainer[], at: Date, load?: PodLoad): ContainerUsage[] {
  return containers.map((c) => containerUsage(podUid, c, at, load));
}

export const sumUsage = (list: readonly Usage[]): Usage =>
  list.reduce((a, u) => ({ cpuNanos: a.cpuNanos + u.cpuNanos, memoryBytes: a.memoryBytes + u.memoryBytes }), { cpuNanos: 0, memoryBytes: 0 });

/**
 * A node's usage: its pods' plus the system's (kubelet, container runtime, OS), which is about
 * 40–60 millicores + 1.5 % of the CPU and 300–400 MiB + 3 % of the memory it can allocate.
 */
export function nodeUsage(nodeName: string, allocatable: Resources, pods: readonly Usage[]): Usage {
  const f = stableFraction(`${nodeName}#system`);
  const systemCpuMillis = 40 + 20 * f + 0.015 * allocatable.cpuMillis;
  const systemMemory = (300 + 100 * f) * MI + 0.03 * allocatable.memoryBytes;
  const total = sumUsage(pods);
  return {
    cpuNanos: total.cpuNanos + Math.round(systemCpuMillis * 1e6),
    memoryBytes: total.memoryBytes + Math.round(systemMemory / KI) * KI,
  };
}

// ---------------------------------------------------------------------------------------------
// Reading usage back, on the dashboard's side (any metrics-server, not only the sandbox's).

/** CPU in millicores and memory in bytes, as the lanes show usage. */
export interface UsedResources {
  cpuMillis: number;
  memoryBytes: number;
}

/** A PodMetrics item's usage: the sum of its containers', which is all metrics-server reports. */
export function podMetricsUsage(item: { containers?: Array<{ usage?: Record<string, unknown> | null }> | null }): UsedResources {
  let cpuMillis = 0;
  let memoryBytes = 0;
  for (const c of item.containers ?? []) {
    cpuMillis += cpuToMillis(c.usage?.cpu);
    memoryBytes += memoryToBytes(c.usage?.memory);
  }
  return { cpuMillis, memoryBytes };
}

/** Usage as a share of what is requested, per resource; undefined where nothing is requested. */
export function shareOfRequests(used: UsedResources, requested: UsedResources): { cpu?: number; memory?: number } {
  return {
    cpu: requested.cpuMillis > 0 ? used.cpuMillis / requested.cpuMillis : undefined,
    memory: requested.memoryBytes > 0 ? used.memoryBytes / requested.memoryBytes : undefined,
  };
}

/** A pod's usage in words, beside its requests: `45m CPU (56% of request) · 90Mi memory (70% of request)`. */
export function usageWords(used: UsedResources, requested: UsedResources): string {
  const share = shareOfRequests(used, requested);
  const of = (ratio: number | undefined) => (ratio === undefined ? ' (nothing requested)' : ` (${formatPercent(ratio)} of request)`);
  return `${formatCpu(used.cpuMillis)} CPU${of(share.cpu)} · ${formatMemory(used.memoryBytes)} memory${of(share.memory)}`;
}
