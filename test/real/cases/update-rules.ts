// What an update may not change, and fields a type does not declare. The reference server is
// 1.20: its pod and StatefulSet messages list fewer mutable fields than 1.32's (which the sandbox
// reports), so those compare the code, reason and the cause's field; the rest compare the
// message whole. 1.20 has no fieldValidation parameter and drops unknown fields silently: the
// sandbox (Warn by default, as 1.32) drops them too, so the stored objects compare equal.
import { expect } from 'vitest';
import { code, message, object, status, type Case, type Check } from '../case';
import { specAndMeta } from '../normalize';
import { NS, deployment, pod, podsPath, deploymentsPath } from '../fixtures';

const STRATEGIC = 'application/strategic-merge-patch+json';
const MERGE = 'application/merge-patch+json';
const servicesPath = `/api/v1/namespaces/${NS}/services`;
const statefulSetsPath = `/apis/apps/v1/namespaces/${NS}/statefulsets`;
const daemonSetsPath = `/apis/apps/v1/namespaces/${NS}/daemonsets`;
const replicaSetsPath = `/apis/apps/v1/namespaces/${NS}/replicasets`;
const jobsPath = `/apis/batch/v1/namespaces/${NS}/jobs`;

const withTemplateLabel = (o: ReturnType<typeof deployment>) => ({
  ...o,
  spec: { ...o.spec, template: { ...o.spec.template, metadata: { labels: { ...o.spec.template.metadata.labels, extra: 'yes' } } } },
});

const job = (name: string) => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name },
  spec: { template: { spec: { schedulerName: 'diff-none', restartPolicy: 'Never', containers: [{ name: 'run', image: 'busybox:1.36' }] } } },
});

/** The 422's causes agree on field and reason (their messages may differ by version). */
const causes: Check = {
  label: 'Status causes (field and reason)',
  run: (a, b) => {
    const of = (o: typeof a) => (o.response.json?.details?.causes ?? []).map((c: { field?: string; reason?: string }) => `${c.field} ${c.reason}`);
    expect(of(b)).toEqual(of(a));
    expect(of(a).length).toBeGreaterThan(0);
  },
};

const statefulSet = (name: string) => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name },
  spec: {
    serviceName: name,
    replicas: 0,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { schedulerName: 'diff-none', containers: [{ name: 'db', image: 'postgres:16' }] } },
  },
});

const daemonSet = (name: string) => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name },
  spec: {
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name, extra: 'yes' } }, spec: { schedulerName: 'diff-none', containers: [{ name: 'agent', image: 'busybox:1.36' }] } },
  },
});

const node = (name: string) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'diff-role': 'rules' } } });

export const updateRuleCases: Case[] = [
  {
    name: 'a pod update may not change resources',
    setup: [{ method: 'POST', path: podsPath, body: pod('imm-pod') }],
    request: {
      method: 'PATCH',
      path: `${podsPath}/imm-pod`,
      contentType: STRATEGIC,
      body: { spec: { containers: [{ name: 'app', resources: { requests: { cpu: '200m' } } }] } },
    },
    checks: [...status, causes],
  },
  {
    name: 'a pod update may change the image',
    setup: [{ method: 'POST', path: podsPath, body: pod('img-pod') }],
    request: { method: 'PATCH', path: `${podsPath}/img-pod`, contentType: STRATEGIC, body: { spec: { containers: [{ name: 'app', image: 'nginx:1.28' }] } } },
    checks: [code],
  },
  {
    name: 'a pod update may not add a container',
    setup: [{ method: 'POST', path: podsPath, body: pod('add-pod') }],
    request: { method: 'PATCH', path: `${podsPath}/add-pod`, contentType: STRATEGIC, body: { spec: { containers: [{ name: 'more', image: 'busybox:1.36' }] } } },
    checks: [...status, causes, message],
  },
  {
    name: 'a service keeps its cluster IP',
    setup: [{ method: 'POST', path: servicesPath, body: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'imm-svc' }, spec: { ports: [{ port: 80 }] } } }],
    request: { method: 'PATCH', path: `${servicesPath}/imm-svc`, contentType: MERGE, body: { spec: { clusterIP: '10.96.0.77' } } },
    checks: [...status, causes, message],
  },
  {
    name: 'a statefulset may not change its service name',
    setup: [{ method: 'POST', path: statefulSetsPath, body: statefulSet('imm-sts') }],
    request: { method: 'PATCH', path: `${statefulSetsPath}/imm-sts`, contentType: MERGE, body: { spec: { serviceName: 'other' } } },
    checks: [...status, causes],
  },
  {
    name: 'a statefulset may change replicas and template',
    setup: [{ method: 'POST', path: statefulSetsPath, body: statefulSet('mut-sts') }],
    request: { method: 'PATCH', path: `${statefulSetsPath}/mut-sts`, contentType: MERGE, body: { spec: { replicas: 0, template: { metadata: { labels: { app: 'mut-sts', v: '2' } } } } } },
    checks: [code],
  },
  {
    name: 'a daemonset keeps its selector',
    setup: [{ method: 'POST', path: daemonSetsPath, body: daemonSet('imm-ds') }],
    request: { method: 'PATCH', path: `${daemonSetsPath}/imm-ds`, contentType: MERGE, body: { spec: { selector: { matchLabels: { app: 'imm-ds', extra: 'yes' } } } } },
    checks: [...status, causes, message],
  },
  {
    name: 'a deployment keeps its selector',
    setup: [{ method: 'POST', path: deploymentsPath, body: withTemplateLabel(deployment('imm-deploy')) }],
    request: { method: 'PATCH', path: `${deploymentsPath}/imm-deploy`, contentType: MERGE, body: { spec: { selector: { matchLabels: { app: 'imm-deploy', extra: 'yes' } } } } },
    checks: [...status, causes, message],
  },
  {
    name: 'a replicaset keeps its selector',
    setup: [{ method: 'POST', path: replicaSetsPath, body: { ...withTemplateLabel(deployment('imm-rs')), kind: 'ReplicaSet' } }],
    request: { method: 'PATCH', path: `${replicaSetsPath}/imm-rs`, contentType: MERGE, body: { spec: { selector: { matchLabels: { app: 'imm-rs', extra: 'yes' } } } } },
    checks: [...status, causes, message],
  },
  {
    // The apiserver prints the whole template as a Go struct in the message; the cause is compared.
    name: 'a job keeps its pod template',
    setup: [{ method: 'POST', path: jobsPath, body: job('imm-job') }],
    request: { method: 'PATCH', path: `${jobsPath}/imm-job`, contentType: STRATEGIC, body: { spec: { template: { spec: { containers: [{ name: 'run', image: 'busybox:1.37' }] } } } } },
    checks: [...status, causes],
  },
  {
    name: 'a node taint with an unknown effect',
    setup: [{ method: 'POST', path: '/api/v1/nodes', body: node('diff-taints') }],
    request: { method: 'PATCH', path: '/api/v1/nodes/diff-taints', contentType: MERGE, body: { spec: { taints: [{ key: 'a', effect: 'Bogus' }] } } },
    checks: [...status, causes, message],
  },
  {
    name: 'a node taint repeated by key and effect',
    setup: [{ method: 'POST', path: '/api/v1/nodes', body: node('diff-taints-dup') }],
    request: {
      method: 'PATCH',
      path: '/api/v1/nodes/diff-taints-dup',
      contentType: MERGE,
      body: { spec: { taints: [{ key: 'a', effect: 'NoSchedule' }, { key: 'a', value: 'v', effect: 'NoSchedule' }] } },
    },
    checks: [...status, causes, message],
  },
  {
    name: 'a deployment created with unknown fields is stored without them',
    request: {
      method: 'POST',
      path: deploymentsPath,
      body: (() => {
        const d = deployment('typo-deploy');
        return { ...d, spec: { ...d.spec, replica: 3, template: { ...d.spec.template, spec: { ...d.spec.template.spec, nodeSelecter: { a: 'b' } } } } };
      })(),
    },
    checks: [code, object(specAndMeta)],
  },
];
