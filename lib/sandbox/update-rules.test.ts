import { describe, expect, it } from 'vitest';
import type { ApiError } from './errors';
import type { KObject } from './store';
import { POD_UPDATE_FORBIDDEN, STATEFULSET_UPDATE_FORBIDDEN, updateRuleCauses } from './update-rules';
import { validateObject } from './validate';
import { defaultObject } from './kube-api/defaults';

const pod = (spec: Record<string, unknown>): KObject => defaultObject('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'apps' }, spec } as KObject);
const withSpec = (o: KObject, spec: Record<string, unknown>): KObject => ({ ...o, spec: { ...o.spec, ...spec } });
const fields = (causes: { field: string; message: string }[]) => causes.map((c) => `${c.field}: ${c.message}`);

describe('pod updates', () => {
  const old = pod({ containers: [{ name: 'a', image: 'nginx:1', resources: { requests: { cpu: '100m' } } }], tolerations: [{ key: 'k', operator: 'Exists' }] });

  it('may change images, activeDeadlineSeconds and add tolerations', () => {
    const next = withSpec(old, {
      containers: [{ ...old.spec.containers[0], image: 'nginx:2' }],
      activeDeadlineSeconds: 30,
      tolerations: [...old.spec.tolerations, { key: 'new', operator: 'Exists' }],
    });
    expect(updateRuleCauses('pods', next, old)).toEqual([]);
  });

  it('is compared after decoding defaults, so a body without them changes nothing', () => {
    const { terminationMessagePath: _p, terminationMessagePolicy: _q, imagePullPolicy: _r, ...bare } = old.spec.containers[0];
    expect(updateRuleCauses('pods', withSpec(old, { containers: [bare] }), old)).toEqual([]);
  });

  it('may not change resources (or anything else) with the apiserver’s words', () => {
    const next = withSpec(old, { containers: [{ ...old.spec.containers[0], resources: { requests: { cpu: '200m' } } }] });
    expect(fields(updateRuleCauses('pods', next, old))).toEqual([`spec: Forbidden: ${POD_UPDATE_FORBIDDEN}`]);
    expect(POD_UPDATE_FORBIDDEN).toBe(
      'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
    );
  });

  it('may not add containers nor change an existing toleration', () => {
    expect(fields(updateRuleCauses('pods', withSpec(old, { containers: [...old.spec.containers, { name: 'b', image: 'x' }] }), old))).toEqual([
      'spec.containers: Forbidden: pod updates may not add or remove containers',
    ]);
    expect(fields(updateRuleCauses('pods', withSpec(old, { tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoSchedule' }] }), old))).toEqual([
      'spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds',
    ]);
  });

  it('arrive as one 422 naming the pod', () => {
    const next = withSpec(old, { nodeName: 'elsewhere' });
    try {
      validateObject('pods', next, old);
      expect.unreachable();
    } catch (err) {
      expect((err as ApiError).code).toBe(422);
      expect((err as ApiError).message).toBe(`Pod "p" is invalid: spec: Forbidden: ${POD_UPDATE_FORBIDDEN}`);
      expect((err as ApiError).details?.causes).toEqual([{ reason: 'FieldValueForbidden', field: 'spec', message: `Forbidden: ${POD_UPDATE_FORBIDDEN}` }]);
    }
  });
});

describe('service updates', () => {
  const svc = (spec: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec }) as KObject;

  it('keep the allocated cluster IP', () => {
    const old = svc({ clusterIP: '10.100.0.10', clusterIPs: ['10.100.0.10'] });
    expect(updateRuleCauses('services', svc({ clusterIP: '10.100.0.10', clusterIPs: ['10.100.0.10'], selector: { a: 'b' } }), old)).toEqual([]);
    expect(fields(updateRuleCauses('services', svc({ clusterIP: '10.100.0.11', clusterIPs: ['10.100.0.11'] }), old))).toEqual([
      'spec.clusterIPs[0]: Invalid value: []string{"10.100.0.11"}: may not change once set',
    ]);
  });

  it('leave ExternalName services and headless ones alone', () => {
    expect(updateRuleCauses('services', svc({ type: 'ExternalName', externalName: 'x' }), svc({ clusterIP: '10.100.0.10', clusterIPs: ['10.100.0.10'] }))).toEqual([]);
    expect(updateRuleCauses('services', svc({ clusterIP: 'None', clusterIPs: ['None'] }), svc({ clusterIP: 'None', clusterIPs: ['None'] }))).toEqual([]);
  });
});

describe('statefulset and daemonset updates', () => {
  const sts = (spec: Record<string, unknown>) => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' }, spec }) as KObject;

  it('statefulsets may change replicas, template, strategy and the like, nothing else', () => {
    const old = sts({ replicas: 1, serviceName: 'db', template: { a: 1 }, volumeClaimTemplates: [] });
    expect(updateRuleCauses('apps/statefulsets', sts({ replicas: 3, serviceName: 'db', template: { a: 2 }, minReadySeconds: 5, revisionHistoryLimit: 2 }), old)).toEqual([]);
    expect(fields(updateRuleCauses('apps/statefulsets', sts({ replicas: 1, serviceName: 'other', template: { a: 1 } }), old))).toEqual([`spec: Forbidden: ${STATEFULSET_UPDATE_FORBIDDEN}`]);
  });

  it('a daemonset keeps its selector', () => {
    const ds = (app: string) => ({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'd' }, spec: { selector: { matchLabels: { app } } } }) as KObject;
    expect(updateRuleCauses('apps/daemonsets', ds('a'), ds('a'))).toEqual([]);
    expect(fields(updateRuleCauses('apps/daemonsets', ds('b'), ds('a')))).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"b"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ]);
  });
});

describe('node taints (create and update)', () => {
  const node = (taints: unknown[]) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' }, spec: { taints } }) as KObject;

  it('need one of the three effects and a key', () => {
    expect(updateRuleCauses('nodes', node([{ key: 'a', effect: 'NoSchedule' }, { key: 'b', value: 'x', effect: 'NoExecute' }]))).toEqual([]);
    expect(fields(updateRuleCauses('nodes', node([{ key: 'a', effect: 'Bogus' }, { effect: 'NoSchedule' }])))).toEqual([
      'metadata.taints[0].effect: Unsupported value: "Bogus": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
      'metadata.taints[1].key: Required value',
    ]);
  });

  it('are checked twice on update, as kube-apiserver does', () => {
    const bad = node([{ key: 'a', effect: 'Bogus' }]);
    expect(updateRuleCauses('nodes', bad, node([]))).toHaveLength(2);
    try {
      validateObject('nodes', bad, node([]));
      expect.unreachable();
    } catch (err) {
      expect((err as ApiError).message).toBe('Node "n" is invalid: metadata.taints[0].effect: Unsupported value: "Bogus": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"');
      expect((err as ApiError).details?.causes).toHaveLength(2);
    }
  });

  it('are unique by key and effect', () => {
    expect(fields(updateRuleCauses('nodes', node([{ key: 'a', effect: 'NoSchedule' }, { key: 'a', value: 'v', effect: 'NoSchedule' }, { key: 'a', effect: 'NoExecute' }])))).toEqual([
      'metadata.taints[1]: Duplicate value: core.Taint{Key:"a", Value:"v", Effect:"NoSchedule", TimeAdded:<nil>}: taints must be unique by key and effect pair',
    ]);
  });
});
