// Raw Kubernetes / Karpenter / EKS Auto Mode objects as the API serves them, for transform tests
// and for seeding a sandbox store. Shaped like the real thing (status conditions included), with
// overrides for what a test is about.

/* eslint-disable @typescript-eslint/no-explicit-any -- raw API objects */
type Raw = Record<string, any>;

const T0 = '2026-01-01T00:00:00Z';
const condition = (type: string, status = 'True', reason = type, message = '') => ({ type, status, reason, message, lastTransitionTime: T0 });

export function rawNodePool(name: string, spec: Raw = {}, status: Raw = {}): Raw {
  return {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodePool',
    metadata: { name, uid: `np-${name}`, creationTimestamp: T0, generation: 1 },
    spec: {
      template: {
        metadata: { labels: { workload: name } },
        spec: {
          nodeClassRef: { group: 'eks.amazonaws.com', kind: 'NodeClass', name: 'default' },
          requirements: [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m6a.xlarge', 'c6a.large'] }],
        },
      },
      disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '30s' },
      ...spec,
    },
    status: { conditions: [condition('Ready')], resources: { cpu: '0', memory: '0', nodes: '0', pods: '0' }, ...status },
  };
}

export function rawNodeClass(name: string, opts: { role?: string; ready?: boolean; reason?: string; message?: string } = {}): Raw {
  const ready = opts.ready ?? true;
  return {
    apiVersion: 'eks.amazonaws.com/v1',
    kind: 'NodeClass',
    metadata: { name, uid: `nc-${name}`, creationTimestamp: T0 },
    spec: { role: opts.role ?? 'AmazonEKSAutoNodeRole', subnetSelectorTerms: [{ tags: { 'kubernetes.io/role/internal-elb': '1' } }] },
    status: {
      conditions: ready
        ? [condition('InstanceProfileReady'), condition('Ready')]
        : [condition('InstanceProfileReady', 'False', opts.reason ?? 'InstanceProfileNotFound', opts.message ?? 'role not found'), condition('Ready', 'False', 'UnhealthyDependents', 'InstanceProfileReady=False')],
    },
  };
}

/** A NodeClaim that got as far as `stage` (Launched → Registered → Initialized), with extra True conditions. */
export function rawNodeClaim(name: string, opts: { pool?: string; stage?: 'Pending' | 'Launched' | 'Registered' | 'Initialized'; flags?: string[]; nodeName?: string } = {}): Raw {
  const pool = opts.pool ?? 'general-purpose';
  const stages = ['Launched', 'Registered', 'Initialized'];
  const reached = opts.stage === 'Pending' ? 0 : stages.indexOf(opts.stage ?? 'Initialized') + 1;
  const conditions = stages.map((s, i) => (i < reached ? condition(s) : condition(s, 'Unknown', `Not${s}`)));
  conditions.push(reached === 3 ? condition('Ready') : condition('Ready', 'Unknown', `Not${stages[reached]}`));
  for (const f of opts.flags ?? []) conditions.push(condition(f));
  return {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodeClaim',
    metadata: {
      name,
      uid: `claim-${name}`,
      creationTimestamp: T0,
      labels: {
        'karpenter.sh/nodepool': pool,
        'node.kubernetes.io/instance-type': 'm6a.xlarge',
        'karpenter.sh/capacity-type': 'on-demand',
        'topology.kubernetes.io/zone': 'us-east-1b',
      },
    },
    spec: {
      nodeClassRef: { group: 'eks.amazonaws.com', kind: 'NodeClass', name: 'default' },
      requirements: [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m6a.xlarge'] }],
      resources: { requests: { cpu: '1500m', memory: '3Gi', pods: '3' } },
    },
    status: { conditions, ...(opts.nodeName ? { nodeName: opts.nodeName } : {}) },
  };
}

export function rawPdb(namespace: string, name: string, spec: Raw, status: Raw = {}): Raw {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { namespace, name, uid: `pdb-${name}`, creationTimestamp: T0 },
    spec,
    status: { currentHealthy: 2, desiredHealthy: 1, disruptionsAllowed: 1, expectedPods: 2, observedGeneration: 1, ...status },
  };
}

export function rawEvent(namespace: string, name: string, fields: Raw = {}): Raw {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { namespace, name, creationTimestamp: T0 },
    involvedObject: { kind: 'Pod', namespace, name: name.split('.')[0] },
    reason: 'Scheduled',
    message: 'Successfully assigned',
    type: 'Normal',
    count: 1,
    firstTimestamp: T0,
    lastTimestamp: T0,
    source: { component: 'default-scheduler' },
    ...fields,
  };
}

/** A Deployment whose pods any scheduler places: one container, `app: <name>` as its selector. */
export function rawDeployment(name: string, replicas: number, requests: Raw = { cpu: '10m', memory: '16Mi' }): Raw {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests } }] } },
    },
  };
}

/** A Node as a test creates it (the node stand-in marks it Ready): labels, and capacity = allocatable. */
export function rawNode(name: string, labels: Record<string, string> = {}, capacity: Raw = { cpu: '4', memory: '16Gi', pods: '110' }): Raw {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels }, status: { capacity, allocatable: capacity } };
}
