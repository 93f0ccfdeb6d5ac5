// The compact, isomorphic model of a cluster's topology. This is what the browser holds and what
// every pure function in lib/domain works on: only the fields the views need, never raw
// Kubernetes objects (a pod here is a few hundred bytes, not 15 KB).

import type { Budget } from './disruption-budgets';
import type { LabelSelector } from './label-selector';
import type { InterPodRules } from './pod-placement';
import type { Requirement, Toleration } from './requirements';

/** CPU in millicores, memory in bytes, pods as a count. */
export interface Resources {
  cpuMillis: number;
  memoryBytes: number;
  pods: number;
}

export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

/** Where a node's pool membership came from: which label named it (see POOL_KEYS in lanes.ts for the priority). */
export type PoolSource =
  | 'karpenter-nodepool'
  | 'eks-nodegroup'
  | 'eksctl-nodegroup'
  | 'gke-nodepool'
  | 'aks-agentpool'
  | 'custom-label'
  | 'none';

export interface PoolRef {
  source: PoolSource;
  /** The node label that names the pool, e.g. `karpenter.sh/nodepool`. */
  key: string;
  /** The pool's name, e.g. `general-purpose`; empty for unpooled nodes. */
  name: string;
}

/**
 * One of the node's status.conditions as the kubelet (or a node problem detector) reports it.
 * lastHeartbeatTime is left out: it changes on every status update and would turn each heartbeat
 * into a model change.
 */
export interface NodeCondition {
  /** Ready, MemoryPressure, DiskPressure, PIDPressure, NetworkUnavailable, or any other type reported. */
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

export interface NodeInfo {
  name: string;
  uid: string;
  /** All of the node's labels (values interned: most repeat across nodes). */
  labels: Record<string, string>;
  /**
   * metadata.annotations, for the node panel (absent when none): every one but
   * kubectl.kubernetes.io/last-applied-configuration, a copy of the whole object.
   */
  annotations?: Record<string, string>;
  pool: PoolRef;
  nodeClass?: string;
  instanceType?: string;
  capacityType?: string;
  zone?: string;
  ready: boolean;
  /** status.conditions in the order the node lists them (absent when it reports none). */
  conditions?: NodeCondition[];
  unschedulable: boolean;
  /** Being removed by Auto Mode / Karpenter (taint `karpenter.sh/disrupted`) or deleted. */
  terminating: boolean;
  taints: Taint[];
  allocatable: Resources;
  capacity: Resources;
  /** Annotated `karpenter.sh/do-not-disrupt: "true"`: Auto Mode must not remove it voluntarily. */
  doNotDisrupt?: boolean;
  createdAt: string;
}

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';

export interface PodOwner {
  kind: string;
  name: string;
}

export interface PodInfo {
  namespace: string;
  name: string;
  uid: string;
  nodeName?: string;
  phase: PodPhase;
  ready: boolean;
  terminating: boolean;
  /** kubectl's STATUS column in words: Running, Pending, ContainerCreating, Terminating… */
  status: string;
  /** The workload that owns the pod, resolved through its ReplicaSet to the Deployment. */
  owner?: PodOwner;
  requests: Resources;
  nodeSelector?: Record<string, string>;
  /** Required node affinity: terms ORed, each term's requirements ANDed (rare; absent when none). */
  affinity?: Requirement[][];
  /**
   * The pod's own labels (what PodDisruptionBudgets and label filters match), minus the
   * controllers' bookkeeping (pod-template-hash…). Pods of one workload share one object.
   */
  labels?: Record<string, string>;
  /** Tolerations beyond the not-ready/unreachable pair every pod gets by default. */
  tolerations?: Toleration[];
  /**
   * Required pod (anti-)affinity and DoNotSchedule topology spread constraints (absent when
   * none). Pods with the same rules share one object, as they share `labels`.
   */
  podRules?: InterPodRules;
  /** Names of the pod's emptyDir volumes: data a drain deletes (kubectl drain asks --delete-emptydir-data). */
  emptyDirs?: string[];
  /** Why the pod needs attention, when it does: CrashLoopBackOff, ImagePullBackOff, OOMKilled, NotReady… */
  trouble?: string;
  /** Container restarts, summed over the pod's containers (absent when none). */
  restarts?: number;
  /** Why a container last stopped, when one has restarted: OOMKilled, Error, Completed… */
  lastTermination?: string;
  /** metadata.deletionTimestamp: the end of a terminating pod's grace period. */
  deleteBy?: string;
  doNotDisrupt: boolean;
  createdAt: string;
  /** spec.priority, when not 0: what the Priority admission plugin resolved from the class. */
  priority?: number;
  priorityClassName?: string;
  /** status.nominatedNodeName: the node the scheduler preempted lower-priority pods on for this pending pod. */
  nominatedNodeName?: string;
}

export interface DeploymentInfo {
  namespace: string;
  name: string;
  uid: string;
  replicas: number;
  readyReplicas: number;
  updatedReplicas: number;
  availableReplicas: number;
  nodeSelector?: Record<string, string>;
  /** Per-pod requests from the pod template. */
  requests: Resources;
  generation: number;
  observedGeneration: number;
  /**
   * spec.strategy: Recreate stops every pod before new ones start; RollingUpdate surges by
   * maxSurge (absent: the API server's default 25%) and drops at most maxUnavailable.
   */
  strategy?: DeploymentStrategy;
  /** The HorizontalPodAutoscaler that scales it, if any. */
  hpa?: HpaInfo;
}

export interface DeploymentStrategy {
  type: 'RollingUpdate' | 'Recreate';
  maxSurge?: number | string;
  maxUnavailable?: number | string;
}

/** An HPA as `kubectl get hpa` sums it up. */
export interface HpaInfo {
  name: string;
  minReplicas: number;
  maxReplicas: number;
  currentReplicas: number;
  desiredReplicas: number;
  /** Metrics against targets, `cpu: 45%/60%` (lib/domain/hpa-targets.ts). */
  targets: string;
}

// ---------------------------------------------------------------------------------------------
// EKS Auto Mode / Karpenter objects, PodDisruptionBudgets and Events

export interface NodeClassRef {
  group: string;
  kind: string;
  name: string;
}

/** Auto Mode's built-in NodePools: they can be enabled or disabled, never edited. */
export const BUILT_IN_NODE_POOLS: readonly string[] = ['system', 'general-purpose'];

/** A karpenter.sh/v1 NodePool. */
export interface NodePoolInfo {
  name: string;
  uid: string;
  nodeClassRef: NodeClassRef;
  requirements: Requirement[];
  /** Labels every node of the pool gets (spec.template.metadata.labels). */
  labels: Record<string, string>;
  taints: Taint[];
  /** spec.limits; a missing resource is unlimited. */
  limits?: { cpuMillis?: number; memoryBytes?: number };
  weight: number;
  disruption: {
    consolidationPolicy: 'WhenEmpty' | 'WhenEmptyOrUnderutilized';
    /** Go duration or `Never`. */
    consolidateAfter: string;
    budgets: Budget[];
  };
  /** status.resources: what the pool's nodes hold now (their capacity). */
  resources: Resources & { nodes: number };
  ready: boolean;
  /** An Auto Mode built-in pool (`system`, `general-purpose`): the UI must not offer to edit it. */
  builtIn: boolean;
  createdAt: string;
}

/** An EKS Auto Mode NodeClass (eks.amazonaws.com/v1). */
export interface NodeClassInfo {
  name: string;
  uid: string;
  /** The IAM role nodes launch with. */
  role?: string;
  ready: boolean;
  /** When not ready: the first failing condition's reason and message. */
  notReady?: { condition: string; reason: string; message: string };
  createdAt: string;
}

/** Launched → Registered → Initialized: how far a NodeClaim got towards a usable node. */
export type NodeClaimStage = 'Pending' | 'Launched' | 'Registered' | 'Initialized';

/** A karpenter.sh/v1 NodeClaim: a node Auto Mode is launching, running or removing. */
export interface NodeClaimInfo {
  name: string;
  uid: string;
  nodePool?: string;
  nodeClass?: string;
  instanceType?: string;
  capacityType?: string;
  zone?: string;
  nodeName?: string;
  stage: NodeClaimStage;
  drifted: boolean;
  /** What drifted, in words (the Drifted condition's message, e.g. the NodePool field). */
  driftReason?: string;
  empty: boolean;
  consolidationAllowed: boolean;
  /** Why it is not (yet) ready: the reason of the first condition that is not True. */
  notReadyReason?: string;
  terminating: boolean;
  /** spec.resources.requests: what the pods it was launched for asked for. */
  requests: Resources;
  /** status.lastPodEventTime: when a pod last arrived on or left its node (consolidateAfter counts from here). */
  lastPodEventTime?: string;
  createdAt: string;
}

/** A policy/v1 PodDisruptionBudget. */
export interface PdbInfo {
  namespace: string;
  name: string;
  uid: string;
  /** Matched against pod labels with matchesLabelSelector (lib/domain/label-selector). */
  selector: LabelSelector;
  minAvailable?: number | string;
  maxUnavailable?: number | string;
  currentHealthy: number;
  desiredHealthy: number;
  disruptionsAllowed: number;
  expectedPods: number;
}

/** A core/v1 Event, as the activity views need it. Only a recent window is kept. */
export interface EventInfo {
  namespace: string;
  name: string;
  involved: { kind: string; namespace?: string; name: string };
  reason: string;
  message: string;
  type: 'Normal' | 'Warning';
  count: number;
  lastTimestamp: string;
  /** The component that reported it: `default-scheduler`, `karpenter`, `kubelet`… */
  source?: string;
}

/**
 * Why the cache lists a kind whole again after its first list: `expired` — the API server no
 * longer had the history to resume the watch from (a restarted server's fresh watch cache, etcd
 * compaction); `kind-removed` — a custom resource's definition went away under the watch (its
 * objects with it) and the kind is * looked for again; `initial` — an optional kind first found after the first sync.
 */
export type RelistReason = 'initial' | 'expired' | 'kind-removed';

/** How one kind of the cache is keeping up, when there is something to say (the stale banner says it). */
export interface SyncNote {
  /** Plural resource name: `pods`. */
  resource: string;
  /** Why the kind cannot watch now; set while it is stale. */
  stale?: string;
  /** Its latest full list after the first: why, when (ISO time), and how many objects it found gone without a delete event. */
  relisted?: { reason: RelistReason; at: string; vanished: number };
}

export interface TopologySnapshot {
  cluster: string;
  /** The API server's resourceVersion the snapshot is consistent with, as far as it goes. */
  resourceVersion: string;
  nodes: NodeInfo[];
  pods: PodInfo[];
  deployments: DeploymentInfo[];
  /** Empty on clusters without Karpenter / EKS Auto Mode. */
  nodePools: NodePoolInfo[];
  nodeClasses: NodeClassInfo[];
  nodeClaims: NodeClaimInfo[];
  pdbs: PdbInfo[];
  /** The most recent events only (see EventInfo). */
  events: EventInfo[];
  /** True while any watch is reconnecting: the UI shows the data as stale and disables actions. */
  stale: boolean;
  /** Kinds that are stale or have relisted, and why (absent from servers that predate it). */
  sync?: SyncNote[];
  generatedAt: string;
}

/** A change to the snapshot, as sent over SSE and applied by `applyEvent`. */
export type TopologyEvent =
  | { type: 'node-upserted'; node: NodeInfo }
  | { type: 'node-deleted'; name: string }
  | { type: 'pod-upserted'; pod: PodInfo }
  | { type: 'pod-deleted'; namespace: string; name: string }
  | { type: 'deployment-upserted'; deployment: DeploymentInfo }
  | { type: 'deployment-deleted'; namespace: string; name: string }
  | { type: 'nodepool-upserted'; nodePool: NodePoolInfo }
  | { type: 'nodepool-deleted'; name: string }
  | { type: 'nodeclass-upserted'; nodeClass: NodeClassInfo }
  | { type: 'nodeclass-deleted'; name: string }
  | { type: 'nodeclaim-upserted'; nodeClaim: NodeClaimInfo }
  | { type: 'nodeclaim-deleted'; name: string }
  | { type: 'pdb-upserted'; pdb: PdbInfo }
  | { type: 'pdb-deleted'; namespace: string; name: string }
  | { type: 'event-upserted'; event: EventInfo }
  | { type: 'event-deleted'; namespace: string; name: string }
  | { type: 'stale'; stale: boolean; resourceVersion?: string; sync?: SyncNote[] };

// ---------------------------------------------------------------------------------------------
// EKS control-plane facts (from the EKS API, not the Kubernetes API)

export interface EksClusterInfo {
  name: string;
  status: string;
  version?: string;
  endpoint?: string;
  /** EKS Auto Mode is on (computeConfig.enabled). */
  autoMode: boolean;
  /** Auto Mode's built-in pools that are enabled: `general-purpose`, `system`. */
  builtInNodePools: string[];
  nodeRoleArn?: string;
}

export interface NodegroupInfo {
  name: string;
  status: string;
  capacityType?: 'ON_DEMAND' | 'SPOT' | string;
  instanceTypes: string[];
  scaling: { minSize: number; maxSize: number; desiredSize: number };
  labels: Record<string, string>;
  taints: Array<{ key: string; value?: string; effect: 'NO_SCHEDULE' | 'NO_EXECUTE' | 'PREFER_NO_SCHEDULE' | string }>;
  nodeRole?: string;
  amiType?: string;
  diskSize?: number;
  version?: string;
  createdAt?: string;
}
