// Objects the cases create. Pods name a scheduler that does not exist, so neither the real
// scheduler nor the sandbox's binds them and their state stays put while we compare.
export const NS = 'diff';

export const pod = (name: string, labels: Record<string, string> = {}, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels },
  spec: {
    schedulerName: 'diff-none',
    containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests: { cpu: '100m', memory: '64Mi' } } }],
    ...extra,
  },
});

export const deployment = (name: string, replicas = 0) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, labels: { app: name } },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: {
        schedulerName: 'diff-none',
        containers: [
          { name: 'app', image: 'nginx:1.27', resources: { requests: { cpu: '100m' } } },
          { name: 'sidecar', image: 'busybox:1.36', resources: { requests: { cpu: '10m' } } },
        ],
      },
    },
  },
});

export const nodeClass = (name: string, spec: Record<string, unknown> = { role: 'AmazonEKSAutoNodeRole' }) => ({
  apiVersion: 'eks.amazonaws.com/v1',
  kind: 'NodeClass',
  metadata: { name },
  spec,
});

/** A node the real tier's node stand-in keeps Ready: labelled `diff-role=worker`, 4 CPUs, 16 GiB, 110 pods. */
export const workerNode = (name: string, labels: Record<string, string> = {}) => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels: { 'diff-role': 'worker', 'kubernetes.io/hostname': name, ...labels } },
  status: { capacity: { cpu: '4', memory: '16Gi', pods: '110' }, allocatable: { cpu: '4', memory: '16Gi', pods: '110' } },
});

export const podsPath = `/api/v1/namespaces/${NS}/pods`;
export const deploymentsPath = `/apis/apps/v1/namespaces/${NS}/deployments`;
export const nodeClassesPath = '/apis/eks.amazonaws.com/v1/nodeclasses';
