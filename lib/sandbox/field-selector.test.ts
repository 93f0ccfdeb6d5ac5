import { describe, expect, it } from 'vitest';
import { ApiError } from './errors';
import { parseFieldSelector } from './field-selector';
import type { KObject } from './store';

const pod = (name: string, namespace: string, nodeName: string | undefined, phase: string): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace },
  spec: { nodeName, restartPolicy: 'Always', schedulerName: 'default-scheduler', serviceAccountName: 'default', containers: [] },
  status: { phase, podIPs: [{ ip: '10.0.0.7' }], podIP: '10.0.0.7' },
});

const pods = [pod('a', 'apps', 'node-1', 'Running'), pod('b', 'apps', 'node-2', 'Pending'), pod('c', 'kube-system', undefined, 'Pending')];
const select = (selector: string, resource: string, objects: KObject[]) =>
  objects.filter(parseFieldSelector(selector, resource)).map((o) => o.metadata.name);

function rejection(selector: string, resource: string): { code: number; reason: string; message: string } {
  try {
    parseFieldSelector(selector, resource);
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    const err = e as ApiError;
    return { code: err.code, reason: err.reason, message: err.message };
  }
  throw new Error(`expected ${selector} to be rejected`);
}

describe('parseFieldSelector on pods', () => {
  it('selects by node, phase and name with =, == and !=', () => {
    expect(select('spec.nodeName=node-1', 'pods', pods)).toEqual(['a']);
    expect(select('spec.nodeName==node-2', 'pods', pods)).toEqual(['b']);
    expect(select('status.phase!=Running', 'pods', pods)).toEqual(['b', 'c']);
    expect(select('metadata.name=c', 'pods', pods)).toEqual(['c']);
    expect(select('metadata.namespace=apps,status.phase=Pending', 'pods', pods)).toEqual(['b']);
    expect(select('status.phase=Pending,metadata.namespace=apps', 'pods', pods)).toEqual(['b']);
  });

  it('matches an empty value against an unset field', () => {
    expect(select('spec.nodeName=', 'pods', pods)).toEqual(['c']);
    expect(select('spec.nodeName!=', 'pods', pods)).toEqual(['a', 'b']);
  });

  it('treats the empty selector and empty terms as everything', () => {
    expect(select('', 'pods', pods)).toEqual(['a', 'b', 'c']);
    expect(select(',,', 'pods', pods)).toEqual(['a', 'b', 'c']);
  });

  it('reads the other pod fields the apiserver exposes', () => {
    expect(select('spec.restartPolicy=Always,spec.schedulerName=default-scheduler', 'pods', pods)).toHaveLength(3);
    expect(select('spec.serviceAccountName=default', 'pods', pods)).toHaveLength(3);
    expect(select('status.podIP=10.0.0.7', 'pods', pods)).toHaveLength(3);
    expect(select('status.nominatedNodeName=', 'pods', pods)).toHaveLength(3);
    expect(select('spec.hostNetwork=false', 'pods', pods)).toHaveLength(3);
  });

  it('refuses other fields with the pod conversion text', () => {
    expect(rejection('spec.foo=bar', 'pods')).toEqual({
      code: 400,
      reason: 'BadRequest',
      message: 'field label not supported: spec.foo',
    });
  });

  it('names the first unsupported field in sorted order', () => {
    expect(rejection('zzz=1,aaa=2,status.phase=Running', 'pods').message).toBe('field label not supported: aaa');
  });
});

describe('parseFieldSelector syntax errors', () => {
  it('refuses a term without an operator', () => {
    expect(rejection('x', 'pods')).toEqual({ code: 400, reason: 'BadRequest', message: "invalid selector: 'x'; can't understand 'x'" });
    expect(rejection('metadata.name=a,bogus', 'pods').message).toBe(
      "invalid selector: 'metadata.name=a,bogus'; can't understand 'bogus'",
    );
  });

  it('splits at the first operator and refuses bare = in the value', () => {
    expect(rejection('metadata.name=a=b', 'pods').message).toBe('invalid field selector: unescaped character in value: 61');
  });

  it('unescapes \\, \\= and \\\\ in values', () => {
    const objects = [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a,b=c\\' } }] as KObject[];
    expect(select('metadata.name=a\\,b\\=c\\\\', 'configmaps', objects)).toEqual(['a,b=c\\']);
    expect(rejection('metadata.name=a\\x', 'configmaps').message).toBe('invalid field selector: invalid escape sequence: \\x');
    expect(rejection('metadata.name=a\\', 'configmaps').message).toBe('invalid field selector: invalid escape sequence: \\');
  });
});

describe('parseFieldSelector on events', () => {
  const events: KObject[] = [
    {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'e1', namespace: 'apps' },
      involvedObject: { kind: 'Pod', namespace: 'apps', name: 'web-1', uid: 'u1', apiVersion: 'v1', fieldPath: 'spec.containers{web}' },
      reason: 'Scheduled',
      source: { component: 'default-scheduler' },
      type: 'Normal',
    },
    {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'e2', namespace: 'default' },
      involvedObject: { kind: 'Node', name: 'node-1', uid: 'u2' },
      reason: 'DisruptionBlocked',
      reportingComponent: 'karpenter',
      source: {},
      type: 'Warning',
    },
  ];

  it('selects by involved object, reason, type and source', () => {
    expect(select('involvedObject.kind=Pod,involvedObject.name=web-1', 'events', events)).toEqual(['e1']);
    expect(select('involvedObject.namespace=', 'events', events)).toEqual(['e2']);
    expect(select('involvedObject.uid=u2', 'events', events)).toEqual(['e2']);
    expect(select('involvedObject.fieldPath=spec.containers{web}', 'events', events)).toEqual(['e1']);
    expect(select('reason=Scheduled', 'events', events)).toEqual(['e1']);
    expect(select('type=Warning', 'events', events)).toEqual(['e2']);
    expect(select('source=default-scheduler', 'events', events)).toEqual(['e1']);
    expect(select('source=karpenter', 'events', events)).toEqual(['e2']); // falls back to reportingComponent
    expect(select('reportingComponent=karpenter', 'events', events)).toEqual(['e2']);
  });

  it('refuses unknown event fields', () => {
    expect(rejection('message=x', 'events').message).toBe('field label not supported: message');
  });
});

describe('parseFieldSelector on other kinds', () => {
  const nodes: KObject[] = [
    { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, spec: { unschedulable: true } },
    { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n2' }, spec: {} },
  ];

  it('reads spec.unschedulable as true/false and refuses metadata.namespace on nodes', () => {
    expect(select('spec.unschedulable=true', 'nodes', nodes)).toEqual(['n1']);
    expect(select('spec.unschedulable=false', 'nodes', nodes)).toEqual(['n2']);
    expect(rejection('metadata.namespace=x', 'nodes').message).toBe('field label not supported: metadata.namespace');
  });

  it('supports namespaces status.phase', () => {
    const namespaces = [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' }, status: { phase: 'Active' } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'old' }, status: { phase: 'Terminating' } },
    ] as KObject[];
    expect(select('status.phase=Terminating', 'namespaces', namespaces)).toEqual(['old']);
  });

  it('supports replicasets status.replicas, counting a missing value as 0', () => {
    const sets = [
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'old', namespace: 'a' }, status: {} },
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'new', namespace: 'a' }, status: { replicas: 3 } },
    ] as KObject[];
    expect(select('status.replicas=0', 'apps/replicasets', sets)).toEqual(['old']);
    expect(select('status.replicas!=0', 'apps/replicasets', sets)).toEqual(['new']);
  });

  it('gives deployments and custom resources only metadata fields, with the default text', () => {
    const pools = [{ apiVersion: 'karpenter.sh/v1', kind: 'NodePool', metadata: { name: 'ai-ml' } }] as KObject[];
    expect(select('metadata.name=ai-ml', 'karpenter.sh/nodepools', pools)).toEqual(['ai-ml']);
    expect(select('metadata.namespace=', 'karpenter.sh/nodepools', pools)).toEqual(['ai-ml']);
    expect(rejection('spec.foo=1', 'apps/deployments').message).toBe(
      '"spec.foo" is not a known field selector: only "metadata.name", "metadata.namespace"',
    );
    expect(rejection('spec.weight=1', 'karpenter.sh/nodepools').message).toBe(
      '"spec.weight" is not a known field selector: only "metadata.name", "metadata.namespace"',
    );
  });

  it('does not treat inherited object keys as fields', () => {
    expect(rejection('constructor=x', 'pods').message).toBe('field label not supported: constructor');
  });
});
