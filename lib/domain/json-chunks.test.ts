import { describe, expect, it } from 'vitest';
import { jsonChunks } from './json-chunks';

const joined = (value: unknown, chunkChars?: number) => [...jsonChunks(value, chunkChars)].join('');

describe('jsonChunks', () => {
  it('gives the text JSON.stringify gives, for nested objects, long arrays and odd values', () => {
    const pods = Array.from({ length: 1000 }, (_, i) => ({ name: `p-${i}`, labels: { app: 'x', 'a"b': 'q\n' }, at: new Date(i * 1000), gone: undefined, n: i % 3 === 0 ? null : i }));
    const value = {
      cluster: 'c',
      pods,
      holes: Array.from({ length: 600 }, (_, i) => (i % 2 ? undefined : i)),
      fn: () => 1,
      nested: { empty: {}, list: [], deep: { a: [1, 'two', { three: 3 }] } },
      when: new Date(0),
      unicode: 'naïve ✓',
    };
    expect(joined(value)).toBe(JSON.stringify(value));
    expect(joined(value, 100)).toBe(JSON.stringify(value));
  });

  it('gives top-level scalars and short arrays as JSON.stringify does', () => {
    for (const v of [1, 'a', null, true, [1, 2], [], {}]) expect(joined(v)).toBe(JSON.stringify(v));
  });

  it('cuts a large value into pieces of about the size asked for', () => {
    const value = { items: Array.from({ length: 20_000 }, (_, i) => ({ i, s: 'x'.repeat(20) })) };
    const chunks = [...jsonChunks(value, 16 * 1024)];
    expect(chunks.length).toBeGreaterThan(20);
    // A piece ends at the first batch that takes it past the size: never more than one batch over.
    const batch = JSON.stringify(value.items.slice(0, 256)).length;
    for (const c of chunks) expect(c.length).toBeLessThan(16 * 1024 + batch + 2);
  });
});
