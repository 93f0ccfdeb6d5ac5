import { describe, expect, it } from 'vitest';
import { OrderedKeys, namespaceRange, upperBound } from './ordered-keys';

describe('OrderedKeys', () => {
  it('keeps keys in byte order (etcd key order) through creates and deletes', () => {
    const keys = new OrderedKeys();
    for (const k of ['b/2', 'a/1', 'b/10', 'a-x/1']) keys.add(k);
    expect(keys.current()).toEqual(['a-x/1', 'a/1', 'b/10', 'b/2']);
    keys.delete('a/1');
    keys.add('a/0');
    keys.add('c/1');
    keys.delete('c/1');
    expect(keys.current()).toEqual(['a-x/1', 'a/0', 'b/10', 'b/2']);
  });

  it('never changes an order it handed out: later writes make a new array', () => {
    const keys = new OrderedKeys();
    keys.add('ns/a');
    keys.add('ns/c');
    const before = keys.current();
    keys.add('ns/b');
    keys.delete('ns/a');
    expect(before).toEqual(['ns/a', 'ns/c']);
    expect(keys.current()).toEqual(['ns/b', 'ns/c']);
  });

  it('finds a namespace and the key after a given one by binary search', () => {
    const sorted = ['a/1', 'ab/1', 'ab/2', 'b/1'];
    expect(namespaceRange(sorted, 'ab')).toEqual([1, 3]);
    expect(namespaceRange(sorted, 'a')).toEqual([0, 1]);
    expect(namespaceRange(sorted)).toEqual([0, 4]);
    expect(upperBound(sorted, 'ab/1')).toBe(2);
    expect(upperBound(sorted, 'ab/1x')).toBe(2);
  });
});
