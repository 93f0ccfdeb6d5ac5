// What a pod reserves on a node, computed as kube-scheduler does (resourcehelper.PodRequests in
// k8s.io/component-helpers): this one function serves the dashboard's transform, the sandbox's
// scheduler, its provisioner and its consolidation, so a pod "fits" the same everywhere.
//
//   1. regular containers are summed;
//   2. restartable init containers (sidecars: `restartPolicy: Always`) keep running beside
//      everything started after them, so they are added to that sum;
//   3. every other init container runs alone, but beside the sidecars declared before it: its
//      request plus those sidecars is a candidate, and the effective value is the max of the
//      running sum and every candidate;
//   4. pod-level `spec.resources.requests` (PodLevelResources, beta and on by default since
//      Kubernetes 1.34) replaces the container aggregate for cpu and memory when set;
//   5. `spec.overhead` (from the RuntimeClass) is added on top.
// A pod counts as 1 against the node's max pods.

import type { Resources } from './model';
import { cpuToMillis, memoryToBytes } from './quantities';

type ResourceList = Record<string, unknown> | undefined;

export interface ContainerLike {
  name?: string;
  restartPolicy?: string;
  resources?: { requests?: ResourceList } | null;
}

/** The parts of a pod spec (or pod template spec) that decide its requests. */
export interface PodSpecLike {
  containers?: readonly ContainerLike[] | null;
  initContainers?: readonly ContainerLike[] | null;
  overhead?: ResourceList | null;
  resources?: { requests?: ResourceList } | null;
}

interface CpuMemory {
  cpuMillis: number;
  memoryBytes: number;
}

function requestsOf(c: ContainerLike | undefined | null): CpuMemory {
  const r = c?.resources?.requests;
  return { cpuMillis: cpuToMillis(r?.cpu), memoryBytes: memoryToBytes(r?.memory) };
}

export function podRequests(spec: PodSpecLike | undefined | null): Resources {
  let cpu = 0;
  let memory = 0;
  for (const c of spec?.containers ?? []) {
    const r = requestsOf(c);
    cpu += r.cpuMillis;
    memory += r.memoryBytes;
  }

  let sidecarCpu = 0;
  let sidecarMemory = 0;
  let initCpu = 0;
  let initMemory = 0;
  for (const c of spec?.initContainers ?? []) {
    const r = requestsOf(c);
    if (c?.restartPolicy === 'Always') {
      cpu += r.cpuMillis;
      memory += r.memoryBytes;
      sidecarCpu += r.cpuMillis;
      sidecarMemory += r.memoryBytes;
      // While it starts, the sidecar runs with those before it and nothing after.
      initCpu = Math.max(initCpu, sidecarCpu);
      initMemory = Math.max(initMemory, sidecarMemory);
    } else {
      initCpu = Math.max(initCpu, r.cpuMillis + sidecarCpu);
      initMemory = Math.max(initMemory, r.memoryBytes + sidecarMemory);
    }
  }
  cpu = Math.max(cpu, initCpu);
  memory = Math.max(memory, initMemory);

  const podLevel = spec?.resources?.requests;
  if (podLevel?.cpu !== undefined) cpu = cpuToMillis(podLevel.cpu);
  if (podLevel?.memory !== undefined) memory = memoryToBytes(podLevel.memory);

  return {
    cpuMillis: cpu + cpuToMillis(spec?.overhead?.cpu),
    memoryBytes: memory + memoryToBytes(spec?.overhead?.memory),
    pods: 1,
  };
}

/** Adds `b` into `a` (for summing the requests of the pods on a node). */
export function addResources(a: Resources, b: Resources): Resources {
  a.cpuMillis += b.cpuMillis;
  a.memoryBytes += b.memoryBytes;
  a.pods += b.pods;
  return a;
}
