// Scenarios the sandbox starts from.
// - `migration` (default): the EKS Auto Mode migration story — NodeClass `default`, NodePools
//   `system` and `general-purpose` with their nodes, managed node group `general-pool`
//   (2 × t3.medium, workload=cpu), add-ons on the system pool, the app's deployments (two of
//   them heavy), in `platform` two placed by inter-pod rules (a zone spread, one per node), and
//   in `kube-system` two DaemonSets: a log agent on every node and the NVIDIA device plugin on
//   GPU instances only (none in the seed, so it runs no pod until a GPU node launches).
//   Pods come up through the controllers, as on a real cluster.
// - `empty`: the namespaces a fresh cluster has, nothing else.
// - `synthetic:<nodes>x<podsPerNode>`: a big cluster written straight into the store, already
//   running, for scale tests and the benchmark.
// Every scenario then gets the same RBAC (bootstrap roles and the dashboard's groups, see
// SANDBOX_ACCESS in ../rbac/policy.ts), so an impersonated user is treated alike in all of them;
// only the team-apps RoleBinding depends on the scenario having the `apps` namespace.
import type { KObject, Store } from '../store';
import type { EksCluster } from '../eks/cluster';
import { defaultObject } from '../kube-api/defaults';
import { allocatableOf, capacityOf, instanceLabels, instanceSpec } from '@/lib/domain/instance-types';
import { TERMINATION_FINALIZER } from '../automode/provisioner';

export const APP_NAMESPACE = 'apps';
/** The platform team's own services, apart from the app so nothing that counts `apps` changes. */
export const PLATFORM_NAMESPACE = 'platform';
export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** A small deterministic generator, so a seeded scenario is the same every time. */
export function seededRandom(seed = 42): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function namespace(store: Store, name: string) {
  store.create('namespaces', defaultObject('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }));
}

function hexId(random: () => number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += Math.floor(random() * 16).toString(16);
  return out;
}

const quantities = (r: { cpuMillis: number; memoryBytes: number; pods: number }) => ({
  cpu: `${r.cpuMillis}m`,
  memory: `${Math.floor(r.memoryBytes / 1024)}Ki`,
  pods: String(r.pods),
  'ephemeral-storage': '80Gi',
});

/** An Auto Mode node with its NodeClaim, already initialized (the seed's existing capacity). */
export function autoModeNode(store: Store, random: () => number, pool: string, nodeClass: string, type: string, zone: string, taints: KObject['spec'][] = []) {
  const spec = instanceSpec(type)!;
  const instanceId = `i-0${hexId(random, 16)}`;
  const claimName = `${pool}-${hexId(random, 5)}`;
  const labels = {
    ...instanceLabels(spec),
    'karpenter.sh/nodepool': pool,
    'eks.amazonaws.com/nodeclass': nodeClass,
    'eks.amazonaws.com/compute-type': 'auto',
    'karpenter.sh/capacity-type': 'on-demand',
    'topology.kubernetes.io/zone': zone,
    'topology.kubernetes.io/region': 'us-east-1',
    'karpenter.sh/registered': 'true',
    'karpenter.sh/initialized': 'true',
  };
  const ts = store.timestamp();
  const np = store.get('karpenter.sh/nodepools', undefined, pool)!;
  const claim = store.create(
    'karpenter.sh/nodeclaims',
    {
      apiVersion: 'karpenter.sh/v1',
      kind: 'NodeClaim',
      metadata: {
        name: claimName,
        labels,
        ownerReferences: [{ apiVersion: 'karpenter.sh/v1', kind: 'NodePool', name: pool, uid: np.metadata.uid!, blockOwnerDeletion: true }],
        finalizers: [TERMINATION_FINALIZER],
      },
      spec: {
        nodeClassRef: { group: 'eks.amazonaws.com', kind: 'NodeClass', name: nodeClass },
        requirements: [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: [type] }],
        ...(taints.length ? { taints } : {}),
        expireAfter: '336h',
      },
      status: {
        providerID: `aws:///${zone}/${instanceId}`,
        imageID: 'ami-0a1b2c3d4e5f60718',
        nodeName: instanceId,
        capacity: quantities(capacityOf(spec)),
        allocatable: quantities(allocatableOf(spec)),
        conditions: ['Launched', 'Registered', 'Initialized', 'Ready'].map((t) => ({ type: t, status: 'True', reason: t, message: '', lastTransitionTime: ts })),
      },
    },
    { generation: true },
  );
  store.create('nodes', {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: instanceId,
      labels: { ...labels, 'kubernetes.io/hostname': instanceId },
      ownerReferences: [{ apiVersion: 'karpenter.sh/v1', kind: 'NodeClaim', name: claimName, uid: claim.metadata.uid!, blockOwnerDeletion: true }],
      finalizers: [TERMINATION_FINALIZER],
    },
    spec: { providerID: `aws:///${zone}/${instanceId}`, ...(taints.length ? { taints } : {}) },
    status: { capacity: quantities(capacityOf(spec)), allocatable: quantities(allocatableOf(spec)) },
  });
}

export interface AppSpec {
  name: string;
  namespace: string;
  replicas: number;
  image: string;
  cpu: string;
  memory: string;
  limits?: { cpu?: string; memory?: string };
  nodeSelector?: Record<string, string>;
  tolerations?: KObject['spec'][];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** More pod spec fields: affinity, topologySpreadConstraints. */
  podSpec?: Record<string, unknown>;
}

export function deployment(store: Store, a: AppSpec) {
  const labels = { app: a.name, ...a.labels };
  store.create(
    'apps/deployments',
    defaultObject('apps/deployments', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: a.name, namespace: a.namespace, labels, ...(a.annotations ? { annotations: a.annotations } : {}) },
      spec: {
        replicas: a.replicas,
        selector: { matchLabels: { app: a.name } },
        template: {
          metadata: { labels },
          spec: {
            terminationGracePeriodSeconds: 5,
            ...(a.nodeSelector ? { nodeSelector: a.nodeSelector } : {}),
            ...(a.tolerations ? { tolerations: a.tolerations } : {}),
            ...a.podSpec,
            containers: [
              {
                name: a.name,
                image: a.image,
                resources: { requests: { cpu: a.cpu, memory: a.memory }, ...(a.limits ? { limits: a.limits } : {}) },
              },
            ],
          },
        },
      },
    }),
    { generation: true },
  );
}

function nodePool(store: Store, name: string, spec: KObject['spec']) {
  store.create('karpenter.sh/nodepools', { apiVersion: 'karpenter.sh/v1', kind: 'NodePool', metadata: { name, labels: { 'app.kubernetes.io/managed-by': 'eks' } }, spec }, { generation: true });
}

const AUTO = { 'eks.amazonaws.com/compute-type': 'auto' };
// The web tier asks for the default class explicitly, so it stays there whatever else launches.
const DEFAULT_CLASS = { 'eks.amazonaws.com/nodeclass': 'default' };
const CRITICAL = [{ key: 'CriticalAddonsOnly', operator: 'Exists' }];

export function seedMigration(store: Store, eks: EksCluster) {
  for (const ns of [...SYSTEM_NAMESPACES, APP_NAMESPACE, PLATFORM_NAMESPACE]) namespace(store, ns);
  seedDefaultNodeClass(store);
  seedBuiltInNodePools(store);
  seedMigrationNodes(store, eks);
  seedSystemAddons(store);
  seedDaemonSets(store);
  seedApps(store);
  seedPlatform(store);
  seedBudgets(store);
}

/** Auto Mode's own NodeClass, as a new cluster has it. */
export function seedDefaultNodeClass(store: Store) {
  store.create(
    'eks.amazonaws.com/nodeclasses',
    {
      apiVersion: 'eks.amazonaws.com/v1',
      kind: 'NodeClass',
      metadata: { name: 'default', labels: { 'app.kubernetes.io/managed-by': 'eks' } },
      spec: {
        role: 'AmazonEKSAutoNodeRole',
        ephemeralStorage: { size: '80Gi', iops: 3000, throughput: 125 },
        networkPolicy: 'DefaultAllow',
        networkPolicyEventLogs: 'Disabled',
        snatPolicy: 'Random',
        securityGroupSelectorTerms: [{ id: 'sg-0a1b2c3d4e5f60000' }],
        subnetSelectorTerms: [{ id: 'subnet-0a1b2c3d4e5f60001' }, { id: 'subnet-0a1b2c3d4e5f60002' }, { id: 'subnet-0a1b2c3d4e5f60003' }],
      },
    },
    { generation: true },
  );
}

/** Auto Mode's built-in NodePools, `system` (tainted for critical add-ons) and `general-purpose`. */
export function seedBuiltInNodePools(store: Store) {
  const builtIn = (category: string[]) => [
    { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] },
    { key: 'eks.amazonaws.com/instance-category', operator: 'In', values: category },
    { key: 'eks.amazonaws.com/instance-generation', operator: 'Gt', values: ['4'] },
    { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] },
    { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
  ];
  nodePool(store, 'system', {
    template: {
      metadata: {},
      spec: {
        nodeClassRef: { group: 'eks.amazonaws.com', kind: 'NodeClass', name: 'default' },
        requirements: builtIn(['c', 'm', 'r']),
        taints: [{ key: 'CriticalAddonsOnly', effect: 'NoSchedule' }],
        expireAfter: '336h',
        terminationGracePeriod: '24h0m0s',
      },
    },
    disruption: { budgets: [{ nodes: '10%' }], consolidateAfter: '30s', consolidationPolicy: 'WhenEmptyOrUnderutilized' },
  });
  nodePool(store, 'general-purpose', {
    template: {
      metadata: {},
      spec: {
        nodeClassRef: { group: 'eks.amazonaws.com', kind: 'NodeClass', name: 'default' },
        requirements: builtIn(['c', 'm', 'r']),
        expireAfter: '336h',
        terminationGracePeriod: '24h0m0s',
      },
    },
    disruption: { budgets: [{ nodes: '10%' }], consolidateAfter: '30s', consolidationPolicy: 'WhenEmptyOrUnderutilized' },
  });
}

/** Three Auto Mode nodes and the managed node group's two. */
function seedMigrationNodes(store: Store, eks: EksCluster) {
  const random = seededRandom(7);
  autoModeNode(store, random, 'system', 'default', 'c6a.large', 'us-east-1a', [{ key: 'CriticalAddonsOnly', effect: 'NoSchedule' }]);
  autoModeNode(store, random, 'general-purpose', 'default', 'm5.xlarge', 'us-east-1b');
  autoModeNode(store, random, 'general-purpose', 'default', 'm5.xlarge', 'us-east-1c');

  // eksctl create nodegroup --name general-pool --node-type t3.medium --nodes 2 --nodes-min 2
  //   --nodes-max 5 --node-labels workload=cpu --managed
  eks.seedNodegroup({
    nodegroupName: 'general-pool',
    nodeRole: 'arn:aws:iam::111122223333:role/AmazonEKSNodeRole',
    subnets: ['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002'],
    instanceTypes: ['t3.medium'],
    scalingConfig: { minSize: 2, maxSize: 5, desiredSize: 2 },
    labels: { workload: 'cpu' },
  });
}

/** The add-ons Auto Mode clusters run on the system pool. */
function seedSystemAddons(store: Store) {
  const system = { 'karpenter.sh/nodepool': 'system' };
  deployment(store, { name: 'coredns', namespace: 'kube-system', replicas: 2, image: 'public.ecr.aws/eks/coredns:v1.11.4-eksbuild.2', cpu: '100m', memory: '70Mi', limits: { memory: '170Mi' }, nodeSelector: system, tolerations: CRITICAL, labels: { 'k8s-app': 'kube-dns' } });
  deployment(store, { name: 'metrics-server', namespace: 'kube-system', replicas: 1, image: 'registry.k8s.io/metrics-server/metrics-server:v0.7.2', cpu: '100m', memory: '200Mi', nodeSelector: system, tolerations: CRITICAL });
  deployment(store, { name: 'ebs-csi-controller', namespace: 'kube-system', replicas: 2, image: 'public.ecr.aws/ebs-csi-driver/aws-ebs-csi-driver:v1.37.0', cpu: '10m', memory: '40Mi', nodeSelector: system, tolerations: CRITICAL });
}

export const LOG_AGENT = 'fluent-bit';
export const GPU_PLUGIN = 'nvidia-device-plugin';
/** The instance categories with GPUs (g: graphics and inference, p: training). */
export const GPU_CATEGORIES = ['g', 'p'];

function daemonSet(store: Store, name: string, image: string, podSpec: Record<string, unknown>) {
  store.create(
    'apps/daemonsets',
    defaultObject('apps/daemonsets', {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name, namespace: 'kube-system', labels: { 'app.kubernetes.io/name': name } },
      spec: {
        selector: { matchLabels: { 'app.kubernetes.io/name': name } },
        template: {
          metadata: { labels: { 'app.kubernetes.io/name': name } },
          spec: { terminationGracePeriodSeconds: 5, priorityClassName: 'system-node-critical', ...podSpec, containers: [{ name, image, resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } } }] },
        },
      },
    }),
    { generation: true },
  );
}

/**
 * A log agent on every node, tolerating every taint as log agents do (the system pool's
 * CriticalAddonsOnly included), and the NVIDIA device plugin only where the instance has GPUs.
 * Both are node-critical, as their charts ship them, so a full node makes room for them.
 */
function seedDaemonSets(store: Store) {
  daemonSet(store, LOG_AGENT, 'public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.4', { tolerations: [{ operator: 'Exists' }] });
  daemonSet(store, GPU_PLUGIN, 'nvcr.io/nvidia/k8s-device-plugin:v0.17.0', {
    tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'eks.amazonaws.com/instance-category', operator: 'In', values: GPU_CATEGORIES }] }] },
      },
    },
  });
}

/** The team's applications: the web tier on the default class, the AI/ML pair the migration moves, a batch worker on the node group. */
function seedApps(store: Store) {
  deployment(store, { name: 'frontend', namespace: APP_NAMESPACE, replicas: 3, image: 'public.ecr.aws/nginx/nginx:1.27', cpu: '100m', memory: '128Mi', limits: { memory: '256Mi' }, nodeSelector: DEFAULT_CLASS, labels: { tier: 'web' } });
  deployment(store, { name: 'backend-api', namespace: APP_NAMESPACE, replicas: 3, image: 'ghcr.io/nodelanes/backend-api:2.4.1', cpu: '250m', memory: '256Mi', limits: { memory: '512Mi' }, nodeSelector: DEFAULT_CLASS, labels: { tier: 'api' } });
  deployment(store, { name: 'image-proctoring', namespace: APP_NAMESPACE, replicas: 2, image: 'ghcr.io/nodelanes/image-proctoring:1.8.0', cpu: '1500m', memory: '3Gi', limits: { memory: '4Gi' }, nodeSelector: AUTO, labels: { tier: 'ai-ml' } });
  deployment(store, { name: 'question-generator', namespace: APP_NAMESPACE, replicas: 2, image: 'ghcr.io/nodelanes/question-generator:3.2.0', cpu: '1', memory: '2Gi', limits: { memory: '3Gi' }, nodeSelector: AUTO, labels: { tier: 'ai-ml' } });
  deployment(store, { name: 'report-worker', namespace: APP_NAMESPACE, replicas: 2, image: 'ghcr.io/nodelanes/report-worker:1.3.2', cpu: '500m', memory: '512Mi', nodeSelector: { workload: 'cpu' }, labels: { tier: 'batch' } });
}

// Placement by inter-pod rules, on the managed node group (two nodes, us-east-1a and -1b): Auto
// Mode never consolidates those nodes, so the migration story's emptied nodes stay empty. The
// gateway spreads over the zones (maxSkew 1), the agent runs one replica per node (hostname
// anti-affinity); small requests, so report-worker's room there is unchanged in practice.
function seedPlatform(store: Store) {
  const CPU_GROUP = { workload: 'cpu' };
  deployment(store, {
    name: 'ingress-gateway',
    namespace: PLATFORM_NAMESPACE,
    replicas: 2,
    image: 'public.ecr.aws/nginx/nginx:1.27',
    cpu: '50m',
    memory: '64Mi',
    nodeSelector: CPU_GROUP,
    podSpec: {
      topologySpreadConstraints: [
        { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'ingress-gateway' } } },
      ],
    },
  });
  deployment(store, {
    name: 'node-agent',
    namespace: PLATFORM_NAMESPACE,
    replicas: 2,
    image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.4',
    cpu: '25m',
    memory: '32Mi',
    nodeSelector: CPU_GROUP,
    podSpec: {
      affinity: {
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'node-agent' } }, topologyKey: 'kubernetes.io/hostname' }],
        },
      },
    },
  });
}

/** backend-api keeps two pods, coredns loses at most one at a time. */
function seedBudgets(store: Store) {
  store.create('policy/poddisruptionbudgets', {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'backend-api', namespace: APP_NAMESPACE },
    spec: { minAvailable: 2, selector: { matchLabels: { app: 'backend-api' } } },
  }, { generation: true });
  store.create('policy/poddisruptionbudgets', {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'coredns', namespace: 'kube-system' },
    spec: { maxUnavailable: 1, selector: { matchLabels: { 'k8s-app': 'kube-dns' } } },
  }, { generation: true });
}

export function seedEmpty(store: Store) {
  for (const ns of SYSTEM_NAMESPACES) namespace(store, ns);
}

/** `synthetic:5000x30`: nodes and running pods written directly, for scale. */
export function seedSynthetic(store: Store, nodes: number, podsPerNode: number) {
  seedEmpty(store);
  namespace(store, SYNTHETIC_NAMESPACE);
  const t = store.timestamp();
  for (let i = 0; i < nodes; i++) {
    const node = syntheticNode(i, t);
    store.create('nodes', node);
    for (let j = 0; j < podsPerNode; j++) store.create('pods', syntheticPod(i, j, podsPerNode, node.metadata.name, t));
  }
}

export const SYNTHETIC_NAMESPACE = 'load';
const SYNTHETIC_ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'];

/**
 * The i-th node of a synthetic cluster, Ready, with its status. The benchmark loads a real
 * kube-apiserver with these very objects, so both servers hold the same cluster.
 */
export function syntheticNode(i: number, t: string): KObject & { metadata: { name: string } } {
  const spec = instanceSpec('m6a.2xlarge')!;
  const name = `ip-10-${(i >> 16) & 255}-${(i >> 8) & 255}-${i & 255}.ec2.internal`;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: { ...instanceLabels(spec), 'karpenter.sh/nodepool': `pool-${i % 10}`, 'eks.amazonaws.com/nodeclass': 'default', 'topology.kubernetes.io/zone': SYNTHETIC_ZONES[i % 3], 'kubernetes.io/hostname': name },
    },
    spec: {},
    status: {
      capacity: { ...quantities(capacityOf(spec)), pods: '110' },
      allocatable: { ...quantities(allocatableOf(spec)), pods: '110' },
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: t, lastTransitionTime: t }],
      nodeInfo: { kubeletVersion: 'v1.32.1-eks-sandbox', osImage: 'Bottlerocket', containerRuntimeVersion: 'containerd://1.7.24', kernelVersion: '6.1', architecture: 'amd64', operatingSystem: 'linux' },
    },
  };
}

/** Pod j of node i in a synthetic cluster, bound to that node (`nodeName`) and Running. */
export function syntheticPod(i: number, j: number, podsPerNode: number, nodeName: string, t: string): KObject & { metadata: { name: string; namespace: string } } {
  const app = `svc-${(i * podsPerNode + j) % 500}`;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `${app}-${i}-${j}`, namespace: SYNTHETIC_NAMESPACE, labels: { app } },
    spec: {
      nodeName,
      schedulerName: 'default-scheduler',
      containers: [{ name: 'app', image: 'public.ecr.aws/nginx/nginx:1.27', resources: { requests: { cpu: '100m', memory: '128Mi' } } }],
    },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True' }, { type: 'PodScheduled', status: 'True' }],
      containerStatuses: [{ name: 'app', ready: true, restartCount: 0, image: 'public.ecr.aws/nginx/nginx:1.27', state: { running: { startedAt: t } } }],
    },
  };
}
