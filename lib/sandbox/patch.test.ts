import { describe, expect, it } from 'vitest';
import { ApiError } from './errors';
import { applyPatch, mergePatch } from './patch';
import type { KObject } from './store';

const SMP = 'application/strategic-merge-patch+json';
const MERGE = 'application/merge-patch+json';
const JSONP = 'application/json-patch+json';
const builtIn = { builtIn: true };

function deployment(): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api', namespace: 'apps', labels: { app: 'api', tier: 'web' }, finalizers: ['a', 'b'] },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'api' } },
      template: {
        metadata: { labels: { app: 'api' } },
        spec: {
          nodeSelector: { 'eks.amazonaws.com/nodeclass': 'default', zone: 'a' },
          tolerations: [{ key: 'x', operator: 'Exists' }],
          containers: [
            {
              name: 'api',
              image: 'nginx:1.27',
              env: [
                { name: 'A', value: '1' },
                { name: 'B', value: '2' },
              ],
              ports: [{ containerPort: 80, name: 'http' }],
              volumeMounts: [{ mountPath: '/data', name: 'data' }],
            },
            { name: 'sidecar', image: 'envoy:1' },
          ],
          volumes: [{ name: 'data', emptyDir: {} }],
        },
      },
    },
  };
}

function rejection(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    return e as ApiError;
  }
  throw new Error('expected a rejection');
}

const podSpec = (o: KObject) => o.spec.template.spec;

describe('content types', () => {
  it('refuses unknown media types and strategic merge on custom resources with 415', () => {
    const text =
      'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml';
    for (const [type, opts] of [
      [SMP, { builtIn: false }],
      ['application/json', builtIn],
      ['text/plain', builtIn],
    ] as const) {
      const err = rejection(() => applyPatch(type, deployment(), {}, opts));
      expect([err.code, err.reason, err.message]).toEqual([415, 'UnsupportedMediaType', text]);
    }
  });

  it('ignores media type parameters and case', () => {
    const out = applyPatch('Application/Merge-Patch+JSON; charset=utf-8', deployment(), { spec: { replicas: 5 } }, builtIn);
    expect(out.spec.replicas).toBe(5);
  });

  it('refuses non-object bodies for merge and strategic patches with 400', () => {
    expect(rejection(() => applyPatch(MERGE, deployment(), [1], builtIn)).code).toBe(400);
    const err = rejection(() => applyPatch(SMP, deployment(), 'x', builtIn));
    expect([err.code, err.message]).toEqual([400, 'json: cannot unmarshal string into Go value of type map[string]interface {}']);
  });
});

describe('merge patch (RFC 7386)', () => {
  it('merges maps, deletes on null and replaces lists whole', () => {
    const original = deployment();
    const out = applyPatch(
      MERGE,
      original,
      { metadata: { labels: { tier: null, new: 'x' } }, spec: { template: { spec: { containers: [{ name: 'only' }] } } } },
      { builtIn: false },
    );
    expect(out.metadata.labels).toEqual({ app: 'api', new: 'x' });
    expect(podSpec(out).containers).toEqual([{ name: 'only' }]);
    expect(podSpec(out).volumes).toHaveLength(1);
  });

  it('never mutates its inputs', () => {
    const original = deployment();
    const snapshot = structuredClone(original);
    const patch = { spec: { replicas: 9, template: { metadata: { labels: { b: 'c' } } } } };
    const out = applyPatch(MERGE, original, patch, builtIn);
    expect(original).toEqual(snapshot);
    out.spec.template.metadata.labels.b = 'mutated';
    expect(patch.spec.template.metadata.labels.b).toBe('c');
  });

  it('follows the RFC examples in mergePatch', () => {
    expect(mergePatch({ a: 'b' }, { a: 'c' })).toEqual({ a: 'c' });
    expect(mergePatch({ a: 'b' }, { b: 'c' })).toEqual({ a: 'b', b: 'c' });
    expect(mergePatch({ a: 'b' }, { a: null })).toEqual({});
    expect(mergePatch({ a: ['b'] }, { a: 'c' })).toEqual({ a: 'c' });
    expect(mergePatch({ a: 'foo' }, null)).toBeNull();
    expect(mergePatch({ e: null }, { a: 1 })).toEqual({ e: null, a: 1 });
    expect(mergePatch([1, 2], { a: 'b', c: null })).toEqual({ a: 'b' });
    expect(mergePatch({}, { a: { bb: { ccc: null } } })).toEqual({ a: { bb: {} } });
  });
});

describe('JSON patch (RFC 6902)', () => {
  it('applies operations in order', () => {
    const out = applyPatch(
      JSONP,
      deployment(),
      [
        { op: 'replace', path: '/spec/replicas', value: 3 },
        { op: 'add', path: '/metadata/labels/new', value: 'y' },
        { op: 'remove', path: '/metadata/labels/tier' },
        { op: 'test', path: '/spec/replicas', value: 3 },
        { op: 'copy', from: '/metadata/labels/app', path: '/metadata/labels/copy' },
      ],
      { builtIn: false },
    );
    expect(out.spec.replicas).toBe(3);
    expect(out.metadata.labels).toEqual({ app: 'api', new: 'y', copy: 'api' });
  });

  it('answers a failed test or an unresolvable path with the generic 422', () => {
    for (const patch of [
      [{ op: 'test', path: '/spec/replicas', value: 7 }],
      [{ op: 'replace', path: '/spec/nothing/here', value: 1 }],
      [{ op: 'remove', path: '/metadata/labels/missing' }],
      [{ op: 'add', path: '/spec/missing/deeper', value: 1 }],
      [{ op: 'frobnicate', path: '/spec' }],
    ]) {
      const err = rejection(() => applyPatch(JSONP, deployment(), patch, builtIn));
      expect([err.code, err.reason, err.message]).toEqual([422, 'Invalid', 'the server rejected our request due to an error in our request']);
      expect(err.toStatus().details).toEqual({});
    }
  });

  it('leaves the target untouched when a later operation fails', () => {
    const original = deployment();
    rejection(() =>
      applyPatch(JSONP, original, [{ op: 'replace', path: '/spec/replicas', value: 4 }, { op: 'test', path: '/x', value: 1 }], builtIn),
    );
    expect(original.spec.replicas).toBe(2);
  });

  it('refuses a body that is not a list of operations with 400', () => {
    const err = rejection(() => applyPatch(JSONP, deployment(), { op: 'add' }, builtIn));
    expect([err.code, err.message]).toEqual([400, 'json: cannot unmarshal object into Go value of type jsonpatch.Patch']);
  });
});

describe('strategic merge patch', () => {
  it('applies kubectl apply diffs: containers merged by name, order from $setElementOrder', () => {
    const out = applyPatch(
      SMP,
      deployment(),
      {
        spec: {
          template: {
            spec: {
              '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'api' }],
              containers: [{ name: 'api', image: 'nginx:1.28' }],
            },
          },
        },
      },
      builtIn,
    );
    const containers = podSpec(out).containers;
    expect(containers.map((c: { name: string }) => c.name)).toEqual(['sidecar', 'api']);
    expect(containers[1].image).toBe('nginx:1.28');
    expect(containers[1].env).toHaveLength(2); // untouched fields survive
    expect(JSON.stringify(out)).not.toContain('$setElementOrder');
  });

  it('patches the rollout restart annotation and cordons with null deleting', () => {
    const restarted = applyPatch(
      SMP,
      deployment(),
      { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-11-24T13:26:45Z' } } } } },
      builtIn,
    );
    expect(restarted.spec.template.metadata).toEqual({
      labels: { app: 'api' },
      annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-11-24T13:26:45Z' },
    });
    const node: KObject = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' }, spec: { unschedulable: true, providerID: 'p' } };
    expect(applyPatch(SMP, node, { spec: { unschedulable: null } }, builtIn).spec).toEqual({ providerID: 'p' });
  });

  it('merges env by name, ports by containerPort and volumeMounts by mountPath', () => {
    const out = applyPatch(
      SMP,
      deployment(),
      {
        spec: {
          template: {
            spec: {
              containers: [
                {
                  name: 'api',
                  env: [{ name: 'B', value: 'two' }, { name: 'C', value: '3' }],
                  ports: [{ containerPort: 80, protocol: 'TCP' }, { containerPort: 443 }],
                  volumeMounts: [{ mountPath: '/data', readOnly: true }],
                },
              ],
            },
          },
        },
      },
      builtIn,
    );
    const api = podSpec(out).containers[0];
    expect(api.env).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: 'two' },
      { name: 'C', value: '3' },
    ]);
    expect(api.ports).toEqual([{ containerPort: 80, name: 'http', protocol: 'TCP' }, { containerPort: 443 }]);
    expect(api.volumeMounts).toEqual([{ mountPath: '/data', name: 'data', readOnly: true }]);
  });

  it('deletes list elements with $patch: delete and replaces lists with $patch: replace', () => {
    const deleted = applyPatch(
      SMP,
      deployment(),
      { spec: { template: { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } } } },
      builtIn,
    );
    expect(podSpec(deleted).containers.map((c: { name: string }) => c.name)).toEqual(['api']);

    const replaced = applyPatch(
      SMP,
      deployment(),
      { spec: { template: { spec: { volumes: [{ $patch: 'replace' }, { name: 'cache', emptyDir: {} }] } } } },
      builtIn,
    );
    expect(podSpec(replaced).volumes).toEqual([{ name: 'cache', emptyDir: {} }]);
  });

  it('handles $patch on maps: replace swaps the map, delete empties it', () => {
    const replaced = applyPatch(
      SMP,
      deployment(),
      { spec: { template: { spec: { nodeSelector: { $patch: 'replace', 'karpenter.sh/nodepool': 'ai-ml' } } } } },
      builtIn,
    );
    expect(podSpec(replaced).nodeSelector).toEqual({ 'karpenter.sh/nodepool': 'ai-ml' });
    const emptied = applyPatch(SMP, deployment(), { metadata: { labels: { $patch: 'delete' } } }, builtIn);
    expect(emptied.metadata.labels).toEqual({});
  });

  it('merges nodeSelector as a map with null deleting a key', () => {
    const out = applyPatch(
      SMP,
      deployment(),
      { spec: { template: { spec: { nodeSelector: { 'eks.amazonaws.com/nodeclass': 'ai-ml-node-class', zone: null } } } } },
      builtIn,
    );
    expect(podSpec(out).nodeSelector).toEqual({ 'eks.amazonaws.com/nodeclass': 'ai-ml-node-class' });
  });

  it('replaces lists without a patch strategy (tolerations, node taints)', () => {
    const out = applyPatch(SMP, deployment(), { spec: { template: { spec: { tolerations: [{ key: 'y', operator: 'Exists' }] } } } }, builtIn);
    expect(podSpec(out).tolerations).toEqual([{ key: 'y', operator: 'Exists' }]);
    const node: KObject = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'n' },
      spec: { taints: [{ key: 'a', effect: 'NoSchedule' }] },
    };
    const tainted = applyPatch(SMP, node, { spec: { taints: [{ key: 'b', effect: 'NoExecute' }] } }, builtIn);
    expect(tainted.spec.taints).toEqual([{ key: 'b', effect: 'NoExecute' }]);
  });

  it('merges finalizers as a set and removes with $deleteFromPrimitiveList', () => {
    const added = applyPatch(SMP, deployment(), { metadata: { finalizers: ['b', 'c'] } }, builtIn);
    expect(added.metadata.finalizers).toEqual(['a', 'b', 'c']);
    const removed = applyPatch(SMP, deployment(), { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } }, builtIn);
    expect(removed.metadata.finalizers).toEqual(['b']);
    const emptied = applyPatch(SMP, deployment(), { metadata: { '$deleteFromPrimitiveList/finalizers': ['a', 'b'] } }, builtIn);
    expect(emptied.metadata.finalizers).toBeUndefined();
  });

  it('merges conditions by type, addresses by type and ownerReferences by uid', () => {
    const node: KObject = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'n', ownerReferences: [{ apiVersion: 'karpenter.sh/v1', kind: 'NodeClaim', name: 'c', uid: 'u1' }] },
      status: {
        conditions: [
          { type: 'Ready', status: 'False' },
          { type: 'MemoryPressure', status: 'False' },
        ],
        addresses: [{ type: 'InternalIP', address: '10.0.0.1' }],
      },
    };
    const out = applyPatch(
      SMP,
      node,
      {
        metadata: { ownerReferences: [{ apiVersion: 'v1', kind: 'X', name: 'x', uid: 'u2' }] },
        status: { conditions: [{ type: 'Ready', status: 'True' }], addresses: [{ type: 'Hostname', address: 'n' }] },
      },
      builtIn,
    );
    expect(out.status.conditions).toEqual([
      { type: 'Ready', status: 'True' },
      { type: 'MemoryPressure', status: 'False' },
    ]);
    expect(out.status.addresses.map((a: { type: string }) => a.type)).toEqual(['InternalIP', 'Hostname']);
    expect(out.metadata.ownerReferences?.map((r: { uid: string }) => r.uid)).toEqual(['u1', 'u2']);
  });

  it('applies $retainKeys and rejects patches that contradict it', () => {
    const withStrategy: KObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd' },
      spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } },
    };
    const out = applyPatch(SMP, withStrategy, { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } }, builtIn);
    expect(out.spec.strategy).toEqual({ type: 'Recreate' });
    const err = rejection(() =>
      applyPatch(SMP, withStrategy, { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: {} } } }, builtIn),
    );
    expect([err.code, err.message]).toEqual([400, 'invalid patch format of retainKeys']);
  });

  it('strips directives and nulls from values that are new to the object', () => {
    const out = applyPatch(
      SMP,
      deployment(),
      { spec: { template: { spec: { affinity: { nodeAffinity: { gone: null, kept: 1 }, '$setElementOrder/x': [] } } } } },
      builtIn,
    );
    expect(podSpec(out).affinity).toEqual({ nodeAffinity: { kept: 1 } });
  });

  it('reports a list element without its merge key', () => {
    const err = rejection(() =>
      applyPatch(SMP, deployment(), { spec: { template: { spec: { containers: [{ image: 'x' }] } } } }, builtIn),
    );
    expect([err.code, err.message]).toEqual([500, 'map: map[image:x] does not contain declared merge key: name']);
  });

  it('does not mutate the target', () => {
    const original = deployment();
    const snapshot = structuredClone(original);
    applyPatch(SMP, original, { metadata: { labels: { app: null } }, spec: { template: { spec: { containers: [{ name: 'api', image: 'x' }] } } } }, builtIn);
    expect(original).toEqual(snapshot);
  });
});
