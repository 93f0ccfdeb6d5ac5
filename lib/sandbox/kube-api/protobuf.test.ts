// The protobuf decoder against bytes the real kubectl 1.32 sent and a real kube-apiserver encoded
// (protobuf.fixtures.json, from scripts/capture-protobuf-fixtures.ts): each must decode to the JSON
// that kubectl (`--dry-run=client -o json`) or the server (the same object read as JSON) produced.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors';
import { readDeleteOptions } from './delete-options';
import { decodeMessage, decodeProtobufObject, goDuration, messageFor, unwrap } from './protobuf';
import { PROTO_MESSAGES } from './protobuf-schema';
import { envelope, len, num, tag, varint } from '@/test/support/protobuf';

interface Fixture {
  name: string;
  command: string;
  protobuf: string;
  expected: Record<string, unknown> | null;
}
const { fixtures } = JSON.parse(fs.readFileSync(path.join(__dirname, 'protobuf.fixtures.json'), 'utf8')) as { fixtures: Fixture[] };
const bytes = (name: string) => Buffer.from(fixtures.find((f) => f.name === name)!.protobuf, 'base64');

describe('protobuf bodies captured from kubectl and kube-apiserver', () => {
  const withJson = fixtures.filter((f) => f.expected);
  it('has the captures the sandbox relies on', () => {
    expect(withJson.map((f) => f.name)).toEqual(
      expect.arrayContaining(['namespace', 'deployment', 'configmap', 'secret', 'job', 'cronjob', 'serviceaccount', 'service-clusterip', 'role', 'rolebinding', 'server-pod', 'server-deployment', 'server-service']),
    );
  });

  it.each(withJson.map((f) => [f.name, f] as const))('%s decodes to the JSON the Go side produced', (_name, f) => {
    expect(decodeProtobufObject(Buffer.from(f.protobuf, 'base64'))).toEqual(f.expected);
  });

  it('keeps Secret data as base64 and an empty value as ""', () => {
    const secret = decodeProtobufObject(bytes('secret'))!;
    expect(secret.data).toEqual({ password: Buffer.from('s3cr3t').toString('base64'), empty: '' });
  });

  it('reads IntOrString both ways (service target ports 8080 and "https")', () => {
    const svc = decodeProtobufObject(bytes('service-clusterip')) as { spec: { ports: { targetPort: unknown }[] } };
    expect(svc.spec.ports.map((p) => p.targetPort)).toEqual([8080, 'https']);
  });

  it("the access review of `kubectl auth can-i` (spec only what was set)", () => {
    const review = decodeProtobufObject(bytes('access-review'))!;
    expect(review.kind).toBe('SelfSubjectAccessReview');
    expect(review.spec).toEqual({ resourceAttributes: { namespace: 'capture', verb: 'create', resource: 'pods', subresource: 'eviction' } });
    expect(decodeProtobufObject(bytes('rules-review'))!.spec).toEqual({ namespace: 'capture' });
  });

  it("drain's DeleteOptions (--grace-period=7), read instead of the query as the delete handler does", () => {
    expect(decodeProtobufObject(bytes('delete-options'))).toEqual({ kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 7 });
    expect(readDeleteOptions(bytes('delete-options'), new URLSearchParams('gracePeriodSeconds=1'))).toMatchObject({ gracePeriodSeconds: 7 });
  });
});

describe('protobuf wire rules', () => {
  it('skips field numbers it does not know, as the apiserver does for newer clients', () => {
    const ns = Buffer.concat([len(1, len(1, 'team-a')), num(99, 5), len(98, 'future')]);
    expect(decodeProtobufObject(envelope('v1', 'Namespace', ns))).toEqual({ kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'team-a', creationTimestamp: null }, spec: {}, status: {} });
  });

  it('reads negative int32 (ten-byte varints) and keeps a pointer false/zero that was set', () => {
    const spec = decodeMessage('core.v1.PodSpec', Buffer.concat([num(25, -5n), num(21, 0), num(4, 0)])) as Record<string, unknown>;
    expect(spec).toMatchObject({ priority: -5, automountServiceAccountToken: false, terminationGracePeriodSeconds: 0 });
    expect(spec.containers).toBeNull();
    expect('activeDeadlineSeconds' in spec).toBe(false);
  });

  it('reads packed and unpacked repeated integers alike', () => {
    const packed = Buffer.concat([len(2, 'In'), len(3, Buffer.concat([varint(1n), varint(300n)]))]);
    const unpacked = Buffer.concat([len(2, 'In'), num(3, 1), num(3, 300)]);
    expect(decodeMessage('batch.v1.PodFailurePolicyOnExitCodesRequirement', packed)).toEqual({ operator: 'In', values: [1, 300] });
    expect(decodeMessage('batch.v1.PodFailurePolicyOnExitCodesRequirement', unpacked)).toEqual({ operator: 'In', values: [1, 300] });
  });

  it('merges a message field that occurs twice (proto2 semantics)', () => {
    const meta = Buffer.concat([len(1, len(1, 'a')), len(1, len(3, 'ns'))]);
    expect((decodeMessage('core.v1.ConfigMap', meta) as { metadata: unknown }).metadata).toEqual({ name: 'a', namespace: 'ns', creationTimestamp: null });
  });

  it('formats Time to whole seconds and MicroTime to six digits, both UTC', () => {
    const at = Buffer.concat([num(1, 1_700_000_000), num(2, 123_456_789)]);
    const event = decodeMessage('events.v1.Event', Buffer.concat([len(2, at), len(13, at)])) as Record<string, unknown>;
    expect(event.eventTime).toBe('2023-11-14T22:13:20.123456Z');
    expect(event.deprecatedFirstTimestamp).toBe('2023-11-14T22:13:20Z');
  });

  it("formats Duration as Go's time.Duration prints it", () => {
    expect([0n, 1500n, 1_500_000n, 90_000_000_000n, 3_600_000_000_000n, 3_723_500_000_000n, -2_000_000_000n].map(goDuration)).toEqual(['0s', '1.5µs', '1.5ms', '1m30s', '1h0m0s', '1h2m3.5s', '-2s']);
  });

  const refusal = (body: Buffer) => {
    try {
      decodeProtobufObject(body, 'ConfigMap');
    } catch (e) {
      return e as ApiError;
    }
    throw new Error('decoded');
  };

  it.each([
    ['a truncated length', Buffer.concat([tag(1, 2), varint(50n), Buffer.from('short')]), 'unexpected EOF'],
    ['a truncated varint', Buffer.from([0x08, 0x80]), 'unexpected EOF'],
    ['an end-group wire type', Buffer.from([0x0c]), 'proto: ObjectMeta: wiretype end group for non-group'],
    ['wire type 7', Buffer.from([0x0f]), 'proto: illegal wireType 7'],
    ['field number zero', Buffer.from([0x00, 0x01]), 'proto: ObjectMeta: illegal tag 0 (wire type 0)'],
    ['a string field sent as a varint', num(1, 7), 'proto: wrong wireType = 0 for field Name'],
  ])('refuses %s inside the object with a 400 naming the kind', (_what, meta, words) => {
    const err = refusal(envelope('v1', 'ConfigMap', len(1, meta)));
    expect(err).toBeInstanceOf(ApiError);
    expect([err.code, err.message]).toEqual([400, `ConfigMap in version "v1" cannot be handled as a ConfigMap: ${words}`]);
  });

  it.each([
    ['no body', Buffer.alloc(0), 'empty data (<empty>)'],
    ['JSON', Buffer.from('{"kind":"ConfigMap","apiVersion":"v1","metadata":{}}'), 'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0] ({"kind":"ConfigMap","apiVersio ...)'],
    ['text', Buffer.from('not protobuf'), 'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0] (6e6f742070726f746f627566)'],
    ['a truncated envelope', Buffer.from([0x6b, 0x38, 0x73, 0x00, 0x0a, 0x05]), 'unexpected EOF (6b3873000a05)'],
  ])('refuses %s as the apiserver does before it knows the kind', (_what, body, words) => {
    const err = refusal(body);
    expect([err.code, err.message]).toEqual([400, `the object provided is unrecognized (must be of type ConfigMap): ${words}`]);
  });

  it('refuses a kind other than the endpoint\'s as the apiserver words its failed conversion', () => {
    const secret = envelope('v1', 'Secret', len(1, len(1, 's')));
    expect(refusal(secret).message).toBe('Secret in version "v1" cannot be handled as a ConfigMap: converting (v1.Secret) to (core.ConfigMap): unknown conversion');
    const deployment = envelope('apps/v1', 'Deployment', len(1, len(1, 'd')));
    expect(refusal(deployment).message).toBe('Deployment in version "v1" cannot be handled as a ConfigMap: converting (v1.Deployment) to (core.ConfigMap): unknown conversion');
  });

  it('knows kinds by their envelope and has no descriptor for the rest', () => {
    expect(messageFor('apps/v1', 'Deployment')).toBe('apps.v1.Deployment');
    expect(messageFor('v1', 'Pod')).toBe('core.v1.Pod');
    expect(messageFor('rbac.authorization.k8s.io/v1', 'ClusterRole')).toBe('rbac.v1.ClusterRole');
    expect(messageFor('policy/v1', 'DeleteOptions')).toBe('meta.v1.DeleteOptions');
    expect(decodeProtobufObject(envelope('karpenter.sh/v1', 'NodePool', Buffer.alloc(0)))).toBeUndefined();
    expect(decodeProtobufObject(envelope('v1', 'PodTemplateSpec', Buffer.alloc(0)))).toBeUndefined();
  });

  it('reads a body with 50,000 repeated entries in linear time', () => {
    const entries = Buffer.concat(Array.from({ length: 50_000 }, (_, i) => len(2, Buffer.concat([len(1, `k${i}`), len(2, 'v')]))));
    const body = envelope('v1', 'ConfigMap', Buffer.concat([len(1, len(1, 'big')), entries]));
    const started = performance.now();
    const cm = decodeProtobufObject(body)!;
    // Well under a second on an idle machine; copying the list at every occurrence took minutes.
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(Object.keys(cm.data as object)).toHaveLength(50_000);
  });

  it('has no recursive message, so nesting depth is bounded by the table and not by the body', () => {
    const done = new Set<string>();
    const visit = (type: string, path: string[]) => {
      const spec = PROTO_MESSAGES[type];
      if (typeof spec !== 'object' || done.has(type)) return;
      expect(path, `${[...path, type].join(' → ')}`).not.toContain(type);
      for (const [, , t] of spec) visit(t, [...path, type]);
      done.add(type);
    };
    for (const type of Object.keys(PROTO_MESSAGES)) visit(type, []);
  });

  it('describes every message its fields refer to', () => {
    for (const [name, spec] of Object.entries(PROTO_MESSAGES)) {
      if (typeof spec === 'string') continue;
      for (const [, json, type] of spec) {
        if (!['string', 'bytes', 'bool', 'int32', 'int64', 'double', 'float'].includes(type)) expect(PROTO_MESSAGES[type], `${name}.${json} → ${type}`).toBeDefined();
      }
    }
  });
});
