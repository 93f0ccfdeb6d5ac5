import { describe, expect, it } from 'vitest';
import { difference, emptySet, fromFieldsV1, insert, intersection, members, pathString, setsEqual, toFieldsV1, union } from './field-set';

const setOf = (...paths: string[][]) => {
  const set = emptySet();
  for (const p of paths) insert(set, p);
  return set;
};

describe('field sets in fieldsV1 form', () => {
  it('writes a leaf as {} and a member with members below it with "."', () => {
    const set = setOf(['f:spec', 'f:replicas'], ['f:spec', 'f:containers', 'k:{"name":"web"}'], ['f:spec', 'f:containers', 'k:{"name":"web"}', 'f:image']);
    expect(toFieldsV1(set)).toEqual({ 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:image': {} } }, 'f:replicas': {} } });
  });

  it('reads what it writes', () => {
    const json = { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } }, 'f:data': { 'f:a': {}, 'f:b': {} } };
    expect(toFieldsV1(fromFieldsV1(json))).toEqual(json);
  });

  it('orders field names before keys, values and indexes, as the apiserver does', () => {
    const set = setOf(['k:{"a":1}'], ['i:10'], ['i:2'], ['v:"x"'], ['f:z'], ['f:a']);
    expect(members(set)).toEqual([['f:a'], ['f:z'], ['k:{"a":1}'], ['v:"x"'], ['i:2'], ['i:10']]);
  });
});

describe('set algebra', () => {
  const a = setOf(['f:spec', 'f:replicas'], ['f:spec', 'f:paused']);
  const b = setOf(['f:spec', 'f:replicas'], ['f:data', 'f:x']);

  it('union, difference and intersection work member by member', () => {
    expect(members(union(a, b))).toEqual([['f:data', 'f:x'], ['f:spec', 'f:paused'], ['f:spec', 'f:replicas']]);
    expect(members(difference(a, b))).toEqual([['f:spec', 'f:paused']]);
    expect(members(intersection(a, b))).toEqual([['f:spec', 'f:replicas']]);
  });

  it('a difference that leaves nothing below a node drops the node', () => {
    expect(toFieldsV1(difference(setOf(['f:spec', 'f:replicas']), setOf(['f:spec', 'f:replicas'])))).toEqual({});
  });

  it('equality looks at membership, not only shape', () => {
    expect(setsEqual(setOf(['f:a', 'f:b']), setOf(['f:a', 'f:b']))).toBe(true);
    expect(setsEqual(setOf(['f:a', 'f:b']), setOf(['f:a'], ['f:a', 'f:b']))).toBe(false);
  });
});

describe('paths as conflicts print them', () => {
  it('fields with dots, keyed items with their key fields, set items with =', () => {
    expect(pathString(['f:spec', 'f:replicas'])).toBe('.spec.replicas');
    expect(pathString(['f:spec', 'f:containers', 'k:{"name":"web"}', 'f:image'])).toBe('.spec.containers[name="web"].image');
    expect(pathString(['f:ports', 'k:{"containerPort":80,"protocol":"TCP"}'])).toBe('.ports[containerPort=80,protocol="TCP"]');
    expect(pathString(['f:metadata', 'f:finalizers', 'v:"a/b"'])).toBe('.metadata.finalizers[="a/b"]');
    expect(pathString(['f:metadata', 'f:annotations', 'f:kubectl.kubernetes.io/last-applied-configuration'])).toBe('.metadata.annotations.kubectl.kubernetes.io/last-applied-configuration');
  });
});
