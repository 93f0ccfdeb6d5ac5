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

interface Fixture {
  name: string;
  command: string;
  protobuf: string;
  expected: Record<string, unknown> | null;
}
const { fixtures } = JSON.parse(fs.readFileSync(path.join(__dirname, 'protobuf.fixtures.json'), 'utf8')) as { fixtures: Fixture[] };
const bytes = (name: string) => Buffer.from(fixtures.find((f) => f.name === name)!.protobuf, 'base64');

// A minimal encoder for hand-made messages (the cases no kubectl command sends).
const varint = (n: bigint) => {
  const out: number[] = [];
  let v = BigInt.asUintN(64, n);
  do {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v ? b | 0x80 : b);
  } while (v);
  return Buffer.from(out);
};
const tag = (n: number, wire: number) => varint(BigInt(n * 8 + wire));
const num = (n: number, v: number | bigint) => Buffer.concat([tag(n, 0), varint(BigInt(v))]);
const len = (n: number, v: Buffer | string) => {
  const b = Buffer.isBuffer(v) ? v : Buffer.from(v, 'utf8');
  return Buffer.concat([tag(n, 2), varint(BigInt(b.length)), b]);
};
const envelope = (apiVersion: string, kind: string, raw: Buffer) => Buffer.concat([Buffer.from('k8s\0', 'latin1'), len(1, Buffer.concat([len(1, apiVersion), len(2, kind)])), len(2, raw), len(3, ''), len(4, '')]);

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

  it.each([
    ['a truncated length', Buffer.concat([tag(1, 2), varint(50n), Buffer.from('short')])],
    ['a truncated varint', Buffer.from([0x08, 0x80])],
    ['a group wire type', Buffer.from([0x0b])],
    ['field number zero', Buffer.from([0x00, 0x01])],
    ['a string field sent as a varint', num(1, 7)],
  ])('refuses %s with a 400', (_what, raw) => {
    const err = (() => {
      try {
        decodeProtobufObject(envelope('v1', 'ConfigMap', Buffer.concat([len(1, raw)])));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe(400);
  });

  it('refuses a body without the magic number', () => {
    expect(() => unwrap(Buffer.from('{"kind":"Pod"}'))).toThrow(/magic number/);
  });

  it('knows kinds by their envelope and has no descriptor for the rest', () => {
    expect(messageFor('apps/v1', 'Deployment')).toBe('apps.v1.Deployment');
    expect(messageFor('v1', 'Pod')).toBe('core.v1.Pod');
    expect(messageFor('rbac.authorization.k8s.io/v1', 'ClusterRole')).toBe('rbac.v1.ClusterRole');
    expect(messageFor('policy/v1', 'DeleteOptions')).toBe('meta.v1.DeleteOptions');
    expect(decodeProtobufObject(envelope('karpenter.sh/v1', 'NodePool', Buffer.alloc(0)))).toBeUndefined();
    expect(decodeProtobufObject(envelope('v1', 'PodTemplateSpec', Buffer.alloc(0)))).toBeUndefined();
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
