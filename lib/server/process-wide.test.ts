import { afterEach, describe, expect, it, vi } from 'vitest';

// Next bundles a server module once per route that imports it: vi.resetModules makes the second copy here.
async function freshCopy<T>(path: string): Promise<T> {
  vi.resetModules();
  return (await import(path)) as T;
}

type RateLimit = typeof import('./rate-limit');

describe('state shared by every copy of a module (processWide)', () => {
  afterEach(async () => (await import('./rate-limit')).resetRateLimits());

  it('counts a user’s writes once for the process, whichever route’s copy of the limit takes them', async () => {
    const one = await freshCopy<RateLimit>('./rate-limit');
    const other = await freshCopy<RateLimit>('./rate-limit');
    const now = Date.now();
    for (let i = 0; i < one.WRITE_BURST; i++) one.takeWriteToken('alice', now);
    expect(() => other.takeWriteToken('alice', now)).toThrow(expect.objectContaining({ status: 429 }));
    expect(() => other.takeWriteToken('bob', now)).not.toThrow();
  });

  it('makes the value once and hands every caller the same one', async () => {
    const { processWide } = await freshCopy<typeof import('./process-wide')>('./process-wide');
    const { processWide: again } = await freshCopy<typeof import('./process-wide')>('./process-wide');
    const make = vi.fn(() => new Map<string, number>());
    const a = processWide('test-shared-map', make);
    expect(again('test-shared-map', make)).toBe(a);
    expect(make).toHaveBeenCalledTimes(1);
  });
});
