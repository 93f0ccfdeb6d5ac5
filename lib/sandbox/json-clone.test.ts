import { describe, expect, it } from 'vitest';
import { cloneJson } from './json-clone';

describe('cloneJson', () => {
  it('copies nested objects and arrays deeply, equal to what structuredClone makes', () => {
    const pod = { metadata: { name: 'a', labels: { app: 'x' }, ownerReferences: [{ uid: 'u', controller: true }] }, spec: { containers: [{ name: 'c', ports: [{ containerPort: 80 }] }], nodeName: null }, status: { phase: 'Running', n: 3, gone: undefined } };
    const copy = cloneJson(pod);
    expect(copy).toStrictEqual(structuredClone(pod));
    copy.metadata.labels.app = 'y';
    copy.spec.containers[0].ports[0].containerPort = 81;
    copy.metadata.ownerReferences.push({ uid: 'v', controller: false });
    expect(pod.metadata.labels.app).toBe('x');
    expect(pod.spec.containers[0].ports[0].containerPort).toBe(80);
    expect(pod.metadata.ownerReferences).toHaveLength(1);
    expect('gone' in copy.status).toBe(true);
  });

  it('keeps a __proto__ key as a property and leaves the prototype alone', () => {
    const parsed = JSON.parse('{"metadata":{"__proto__":{"polluted":true}}}');
    const copy = cloneJson(parsed);
    expect(Object.getPrototypeOf(copy.metadata)).toBe(Object.prototype);
    expect(Object.keys(copy.metadata)).toEqual(['__proto__']);
    expect(copy.metadata.__proto__).toEqual({ polluted: true });
    expect(copy.metadata.__proto__).not.toBe(parsed.metadata.__proto__);
  });

  it('copies other values (a Date, a Map) as structuredClone does', () => {
    const value = { at: new Date(5), seen: new Map([['a', 1]]) };
    const copy = cloneJson(value);
    expect(copy.at).toBeInstanceOf(Date);
    expect(copy.at).not.toBe(value.at);
    expect(copy.at.getTime()).toBe(5);
    expect(copy.seen.get('a')).toBe(1);
  });

  it('returns primitives as they are', () => {
    expect(cloneJson('s')).toBe('s');
    expect(cloneJson(null)).toBe(null);
    expect(cloneJson(undefined)).toBe(undefined);
    expect(cloneJson(1.5)).toBe(1.5);
  });
});
