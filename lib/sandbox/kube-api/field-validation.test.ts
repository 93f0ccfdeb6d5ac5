import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors';
import type { KObject } from '../store';
import { applyRefusal, fieldValidationOf, goJson, goPrint, judgeUnknownFields, pruneUnknownFields, strictDecodingError } from './field-validation';
import { findResource } from './registry';

const deployments = findResource('apps', 'v1', 'deployments')!;
const statefulsets = findResource('apps', 'v1', 'statefulsets')!;
const events = findResource('events.k8s.io', 'v1', 'events')!;

const deployment = (spec: Record<string, unknown>): KObject =>
  ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', labels: { app: 'web' } }, spec }) as KObject;

describe('pruneUnknownFields (built-in kinds, from the protobuf table)', () => {
  it('finds a misspelled field, removes it and keeps the declared ones', () => {
    const o = deployment({ replica: 3, selector: { matchLabels: { app: 'web' } } });
    expect(pruneUnknownFields(deployments, o)).toEqual(['spec.replica']);
    expect(o.spec).toEqual({ selector: { matchLabels: { app: 'web' } } });
  });

  it('walks nested messages and lists, naming list elements by index', () => {
    const o = deployment({
      template: {
        metadata: { labels: { app: 'web' }, lables: { x: 'y' } },
        spec: { containers: [{ name: 'a', image: 'nginx' }, { name: 'b', image: 'nginx', imagePullPolicyy: 'Always', resources: { limits: { cpu: '1' } } }] },
      },
    });
    expect(pruneUnknownFields(deployments, o)).toEqual(['spec.template.metadata.lables', 'spec.template.spec.containers[1].imagePullPolicyy']);
  });

  it('accepts apiVersion and kind on kinds and embedded objects, not on templates', () => {
    const o = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db' },
      spec: {
        volumeClaimTemplates: [{ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' } }],
        template: { kind: 'PodTemplate', spec: { containers: [] } },
      },
    } as unknown as KObject;
    expect(pruneUnknownFields(statefulsets, o)).toEqual(['spec.template.kind']);
  });

  it('reads embedded (inlined) structs as the parent’s fields: a probe’s httpGet, a volume’s configMap', () => {
    const o = deployment({
      template: {
        spec: {
          containers: [{ name: 'a', readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 5 } }],
          volumes: [{ name: 'v', configMap: { name: 'cm', optional: true } }],
        },
      },
    });
    expect(pruneUnknownFields(deployments, o)).toEqual([]);
  });

  it('checks a kind at the version it was written in (events.k8s.io/v1 has note, not message)', () => {
    const o = { apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name: 'e' }, note: 'hi', message: 'old field' } as unknown as KObject;
    expect(pruneUnknownFields(events, o)).toEqual(['message']);
  });

  it('judges custom resources by their CRD schema: the fields it prunes are the unknown ones', () => {
    const nodePools = findResource('karpenter.sh', 'v1', 'nodepools')!;
    const o = { apiVersion: 'karpenter.sh/v1', kind: 'NodePool', metadata: { name: 'p' }, spec: { anything: 1, weight: 10 } } as unknown as KObject;
    expect(pruneUnknownFields(nodePools, o)).toEqual(['spec.anything']);
    expect(o.spec).not.toHaveProperty('anything');
    expect(o.spec.weight).toBe(10);
  });
});

describe('the directive', () => {
  const q = (s: string) => new URLSearchParams(s);

  it('defaults to Warn, as kube-apiserver 1.25+ does for clients that do not send it', () => {
    expect(fieldValidationOf(q(''), 'POST')).toBe('Warn');
    expect(fieldValidationOf(q('fieldValidation='), 'PUT')).toBe('Warn');
    expect(fieldValidationOf(q('fieldValidation=Strict'), 'PATCH')).toBe('Strict');
  });

  it('refuses other values as the options type of the verb', () => {
    try {
      fieldValidationOf(q('fieldValidation=strict'), 'PATCH');
      expect.unreachable();
    } catch (err) {
      expect((err as ApiError).code).toBe(422);
      expect((err as ApiError).message).toBe('PatchOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "strict": supported values: "", "Ignore", "Strict", "Warn"');
    }
  });

  it('Strict refuses with every field named; Warn warns once per field; Ignore says nothing', () => {
    const warnings: string[] = [];
    const refuse = (text: string) => new ApiError(400, 'BadRequest', text);
    expect(() => judgeUnknownFields(['spec.replica', 'spec.foo'], { directive: 'Strict', warn: (w) => warnings.push(w) }, refuse)).toThrow(
      'strict decoding error: unknown field "spec.replica", unknown field "spec.foo"',
    );
    judgeUnknownFields(['spec.replica'], { directive: 'Warn', warn: (w) => warnings.push(w) }, refuse);
    judgeUnknownFields(['spec.other'], { directive: 'Ignore', warn: (w) => warnings.push(w) }, refuse);
    expect(warnings).toEqual(['unknown field "spec.replica"']);
    expect(strictDecodingError(['unknown field "a"'])).toBe('strict decoding error: unknown field "a"');
  });

  it('reports repeated keys first, as duplicate fields', () => {
    const warnings: string[] = [];
    judgeUnknownFields(['spec.replica'], { directive: 'Warn', warn: (w) => warnings.push(w), duplicates: ['spec.replicas'] }, () => new ApiError(400, 'BadRequest', ''));
    expect(warnings).toEqual(['duplicate field "spec.replicas"', 'unknown field "spec.replica"']);
    expect(() => judgeUnknownFields([], { directive: 'Strict', warn: () => {}, duplicates: ['a'] }, (t) => new ApiError(400, 'BadRequest', t))).toThrow('strict decoding error: duplicate field "a"');
  });
});

describe('how refused patches are shown', () => {
  it('goPrint is Go’s %+v of a decoded JSON map', () => {
    expect(goPrint({ spec: { replica: 3, b: [1, 'x', null], a: true, f: 1.5 } })).toBe('map[spec:map[a:true b:[1 x <nil>] f:1.5 replica:3]]');
  });

  it('goJson sorts keys and escapes HTML characters as encoding/json does', () => {
    expect(goJson({ b: 1, a: { d: '<&>', c: [] } })).toBe('{"a":{"c":[],"d":"\\u003c\\u0026\\u003e"},"b":1}');
  });
});

describe('server-side apply', () => {
  it('refuses undeclared fields as structured-merge-diff names them: keyed list elements by key', () => {
    const o = deployment({
      replica: 3,
      template: { spec: { containers: [{ name: 'web', image: 'nginx', imagePullPolicyy: 'Always', ports: [{ containerPort: 80, protocl: 'TCP' }] }] } },
    });
    o.metadata.namespace = 'apps';
    const err = applyRefusal(deployments, o, pruneUnknownFields(deployments, o));
    expect(err.code).toBe(500);
    expect(err.toStatus()).not.toHaveProperty('reason');
    expect(err.message).toBe(
      'failed to create typed patch object (apps/web; apps/v1, Kind=Deployment): errors:\n' +
        '  .spec.replica: field not declared in schema\n' +
        '  .spec.template.spec.containers[name="web"].imagePullPolicyy: field not declared in schema\n' +
        '  .spec.template.spec.containers[name="web"].ports[0].protocl: field not declared in schema',
    );
  });
});
