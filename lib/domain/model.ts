// The compact, isomorphic model of a cluster's topology. This is what the browser holds and what
// every pure function in lib/domain works on: only the fields the views need, never raw
// Kubernetes objects (a pod here is a few hundred bytes, not 15 KB).

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

/** Where a node's pool membership came from (EKS.md, "lane keys, in priority order"). */
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

export interface NodeInfo {
  name: string;
  uid: string;
  /** Only the labels that matter for pooling, placement and pricing. */
  labels: Record<string, string>;
  pool: PoolRef;
  nodeClass?: string;
  instanceType?: string;
  capacityType?: string;
  zone?: string;
  ready: boolean;
  unschedulable: boolean;
  /** Being removed by Auto Mode / Karpenter (taint `karpenter.sh/disrupted`) or deleted. */
  terminating: boolean;
  taints: Taint[];
  allocatable: Resources;
  capacity: Resources;
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
  doNotDisrupt: boolean;
  createdAt: string;
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
}

export interface TopologySnapshot {
  cluster: string;
  /** The API server's resourceVersion the snapshot is consistent with, as far as it goes. */
  resourceVersion: string;
  nodes: NodeInfo[];
  pods: PodInfo[];
  deployments: DeploymentInfo[];
  /** True while any watch is reconnecting: the UI shows the data as stale and disables actions. */
  stale: boolean;
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
  | { type: 'stale'; stale: boolean; resourceVersion?: string };

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
