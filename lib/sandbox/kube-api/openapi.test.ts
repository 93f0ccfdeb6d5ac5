// The generated built-in definitions (scripts/openapi-schema.ts from k8s.io/api v0.32.4) and the
// documents built from them: names, types, required fields and the list/patch extensions as
// kube-apiserver publishes them, the v3 form, the /openapi/v2 negotiation and its protobuf form.
import { describe, expect, it } from 'vitest';
import { builtInDefinitions, definitionNameOf, openApiDocument, openApiV2Body, openApiV2Type, toV3 } from './openapi';

const defs = builtInDefinitions();

describe('generated definitions', () => {
  it('io.k8s.api.apps.v1.DeploymentSpec: typed fields, docs, required, references by apiserver name', () => {
    const spec = defs['io.k8s.api.apps.v1.DeploymentSpec'] as { required: string[]; properties: Record<string, Record<string, unknown>> };
    expect(spec.required).toEqual(['selector', 'template']);
    expect(Object.keys(spec.properties)).toEqual(['replicas', 'selector', 'template', 'strategy', 'minReadySeconds', 'revisionHistoryLimit', 'paused', 'progressDeadlineSeconds']);
    expect(spec.properties.replicas).toEqual({
      description: 'Number of desired pods. This is a pointer to distinguish between explicit zero and not specified. Defaults to 1.',
      type: 'integer',
      format: 'int32',
    });
    expect(spec.properties.selector.$ref).toBe('#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector');
    expect(spec.properties.strategy['x-kubernetes-patch-strategy']).toBe('retainKeys');
    expect(defs['io.k8s.api.apps.v1.Deployment']['x-kubernetes-group-version-kind']).toEqual([{ group: 'apps', kind: 'Deployment', version: 'v1' }]);
    expect(definitionNameOf({ group: 'batch', version: 'v1beta1', kind: 'CronJob' })).toBe('io.k8s.api.batch.v1beta1.CronJob');
    expect(definitionNameOf({ group: '', version: 'v1', kind: 'Pod' })).toBe('io.k8s.api.core.v1.Pod');
    // TypeMeta is inlined: apiVersion and kind come first, as in the apiserver's definitions.
    expect(Object.keys(defs['io.k8s.api.apps.v1.Deployment'].properties as object)).toEqual(['apiVersion', 'kind', 'metadata', 'spec', 'status']);
  });

  it('io.k8s.api.core.v1.PodSpec: list map keys and patch merge keys for server-side apply and kubectl', () => {
    const props = defs['io.k8s.api.core.v1.PodSpec'].properties as Record<string, Record<string, unknown>>;
    expect(props.containers).toMatchObject({
      type: 'array',
      items: { $ref: '#/definitions/io.k8s.api.core.v1.Container' },
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['name'],
      'x-kubernetes-patch-merge-key': 'name',
      'x-kubernetes-patch-strategy': 'merge',
    });
    expect(props.nodeSelector).toMatchObject({ type: 'object', additionalProperties: { type: 'string' }, 'x-kubernetes-map-type': 'atomic' });
    expect(props.tolerations['x-kubernetes-list-type']).toBe('atomic');
    // ports is keyed by two fields.
    const ports = (defs['io.k8s.api.core.v1.Container'].properties as Record<string, Record<string, unknown>>).ports;
    expect(ports['x-kubernetes-list-map-keys']).toEqual(['containerPort', 'protocol']);
    // Inlined structs (VolumeSource into Volume) bring their fields up.
    expect(Object.keys(defs['io.k8s.api.core.v1.Volume'].properties as object)).toEqual(expect.arrayContaining(['name', 'configMap', 'emptyDir', 'hostPath']));
  });

  it('types with their own JSON form', () => {
    expect(defs['io.k8s.apimachinery.pkg.api.resource.Quantity']).toMatchObject({ type: 'string' });
    expect(defs['io.k8s.apimachinery.pkg.util.intstr.IntOrString']).toMatchObject({ type: 'string', format: 'int-or-string' });
    expect(defs['io.k8s.apimachinery.pkg.apis.meta.v1.Time']).toMatchObject({ type: 'string', format: 'date-time' });
    expect(defs['io.k8s.api.core.v1.LocalObjectReference']['x-kubernetes-map-type']).toBe('atomic');
  });

  it('kinds from apiextensions-apiserver and metrics, named by their module path', () => {
    expect(definitionNameOf({ group: 'apiextensions.k8s.io', version: 'v1', kind: 'CustomResourceDefinition' })).toBe('io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition');
    expect(definitionNameOf({ group: 'metrics.k8s.io', version: 'v1beta1', kind: 'NodeMetrics' })).toBe('io.k8s.metrics.pkg.apis.metrics.v1beta1.NodeMetrics');
    // Any JSON value: no type, so any value passes.
    expect(defs['io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON'].type).toBeUndefined();
  });
});

describe('documents', () => {
  it('v3 form: references into components, a described reference wrapped in allOf', () => {
    expect(toV3({ description: 'd', $ref: '#/definitions/A' })).toEqual({ allOf: [{ $ref: '#/components/schemas/A' }], description: 'd' });
    expect(toV3({ type: 'array', items: { $ref: '#/definitions/A' } })).toEqual({ type: 'array', items: { $ref: '#/components/schemas/A' } });
  });

  it('a group version document holds its kinds and what they reach, and the CRDs of its group', () => {
    const apps = openApiDocument('apps', 'v1') as { components: { schemas: Record<string, Record<string, unknown>> } };
    const names = Object.keys(apps.components.schemas);
    expect(names).toEqual(expect.arrayContaining(['io.k8s.api.apps.v1.Deployment', 'io.k8s.api.core.v1.PodSpec', 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']));
    expect(names).not.toContain('io.k8s.api.core.v1.Node');
    expect(JSON.stringify(apps)).not.toContain('#/definitions/');
    expect(apps.components.schemas['io.k8s.apimachinery.pkg.api.resource.Quantity'].oneOf).toEqual([{ type: 'string' }, { type: 'number' }]);
    const karpenter = openApiDocument('karpenter.sh', 'v1') as { components: { schemas: Record<string, unknown> } };
    expect(Object.keys(karpenter.components.schemas).sort()).toEqual(['sh.karpenter.v1.NodeClaim', 'sh.karpenter.v1.NodePool']);
    expect(openApiDocument('nope', 'v1')).toBeUndefined();
  });

  it('/openapi/v2 negotiation', () => {
    expect(openApiV2Type(undefined)).toBe('application/json');
    expect(openApiV2Type('application/json, */*')).toBe('application/json');
    expect(openApiV2Type('*/*')).toBe('application/json');
    expect(openApiV2Type('application/com.github.proto-openapi.spec.v2@v1.0+protobuf')).toBe('application/com.github.proto-openapi.spec.v2.v1.0+protobuf');
    expect(openApiV2Type('application/com.github.proto-openapi.spec.v2@v1.0+protobuf;q=0.5, application/json')).toBe('application/json');
    expect(openApiV2Type('application/json;q=0, text/html')).toBeUndefined();
  });

  it('the protobuf form carries every definition by name, with its extensions as YAML', () => {
    const body = openApiV2Body('application/com.github.proto-openapi.spec.v2.v1.0+protobuf').toString('latin1');
    expect(body.startsWith('\n\x032.0')).toBe(true);
    expect(body).toContain('io.k8s.api.apps.v1.DeploymentSpec');
    expect(body).toContain('sh.karpenter.v1.NodePool');
    expect(body).toContain('x-kubernetes-group-version-kind');
    expect(body).toContain('- group: apps\n  kind: Deployment\n  version: v1\n');
  });
});
