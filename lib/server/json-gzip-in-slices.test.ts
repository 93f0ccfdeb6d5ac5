import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { jsonGzipInSlices, runInSlices, SLICE_MS } from './json-gzip-in-slices';

/** About 12 MB of JSON: far more than one slice of work. */
const large = () => ({ head: { rv: '7', note: undefined }, rows: Array.from({ length: 120_000 }, (_, i) => ({ name: `pod-${i}`, node: `node-${i % 300}`, labels: { app: `svc-${i % 500}`, tier: 'web' } })) });

/** The longest the event loop went without a turn while `work` ran (a timer due every millisecond). */
async function longestHold(work: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  await work();
  clearInterval(timer);
  return longest;
}

/** How often a timer set to fire every millisecond got its turn while `work` ran. */
async function turnsDuring(work: Promise<unknown>): Promise<number> {
  let turns = 0;
  const timer = setInterval(() => turns++, 1);
  await work;
  clearInterval(timer);
  return turns;
}

describe('jsonGzipInSlices', () => {
  it('is the gzip of JSON.stringify, with the JSON length', async () => {
    const value = large();
    const { gzipped, jsonBytes } = await jsonGzipInSlices(value);
    const json = JSON.stringify(value);
    expect(zlib.gunzipSync(gzipped).toString('utf8')).toBe(json);
    expect(jsonBytes).toBe(Buffer.byteLength(json));
  });

  it('never holds the thread for long, where JSON.stringify of the same value does', { timeout: 60_000 }, async () => {
    const value = large();
    const timed = () => {
      const started = performance.now();
      JSON.stringify(value);
      return performance.now() - started;
    };
    // The better of two runs each, so that another process taking the core for a moment does not decide it.
    const inOneGo = Math.min(timed(), timed());
    const inSlices = Math.min(await longestHold(() => jsonGzipInSlices(value)), await longestHold(() => jsonGzipInSlices(value)));
    expect(inOneGo).toBeGreaterThan(4 * SLICE_MS);
    expect(inSlices).toBeLessThan(inOneGo / 2);
  });
});

describe('runInSlices', () => {
  it("returns the generator's value and lets timers run between its slices", async () => {
    function* busy() {
      for (let i = 0; i < 40; i++) {
        const until = performance.now() + 2;
        while (performance.now() < until); // 2 ms of work a step: 80 ms in all
        yield;
      }
      return 'done';
    }
    const run = runInSlices(busy());
    expect(await turnsDuring(run)).toBeGreaterThan(3);
    expect(await run).toBe('done');
  });
});
