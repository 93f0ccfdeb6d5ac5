import { describe, expect, it } from 'vitest';
import { duplicateFields } from './duplicate-fields';

describe('duplicateFields', () => {
  it('names keys repeated within one object, with their paths', () => {
    const text = '{"spec":{"replicas":1,"template":{"spec":{"containers":[{"name":"a"},{"name":"b","image":"x","image":"y"}]}},"replicas":2},"kind":"Deployment"}';
    expect(duplicateFields(text)).toEqual(['spec.template.spec.containers[1].image', 'spec.replicas']);
  });

  it('tells keys apart after unescaping, and ignores equal keys in different objects', () => {
    expect(duplicateFields('{"a":{"x":1},"b":{"x":1},"c\\u0061":1,"ca":2}')).toEqual(['ca']);
    expect(duplicateFields('{"s":"a \\" , } ]","s":"b"}')).toEqual(['s']);
  });

  it('finds nothing in documents without repeats, empty containers or text that is not JSON', () => {
    expect(duplicateFields('{"a":[],"b":{},"c":[1,2,{"d":null}],"e":true}')).toEqual([]);
    expect(duplicateFields('{"a":')).toEqual([]);
    expect(duplicateFields('apiVersion: v1')).toEqual([]);
  });
});
