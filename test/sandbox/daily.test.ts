// The `daily` scenario at SANDBOX_TIME_SCALE=60, twice from the same seed: load rises, the HPA
// scales the storefront up, a pod stays Pending, Auto Mode launches a node; load falls, the HPA
// scales in after its window and consolidation removes a node. Each run watches the nodes from
// the start until the first node removed after a launch, and must get there within the 5 real
// minutes the scenario promises; the two runs must see the same nodes come and go, in order.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '@/lib/sandbox/sandbox';

const FIVE_MINUTES = 5 * 60_000;

interface Run {
  /** `+name` when a node joins, `-name` when it is gone, in order. */
  sequence: string[];
  wallMs: number;
  rescales: string[];
}

async function runDaily(seed: number): Promise<Run> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodelanes-daily-'));
  const sandbox = await startSandbox({ scenario: `daily:${seed}`, timeScale: 60, dir, port: 0, quiet: true });
  const started = Date.now();
  // The seeded node first (named from the seed), then what comes and goes.
  const sequence: string[] = sandbox.store.list('nodes').map((n) => `+${n.metadata.name}`);
  let launched = false;
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const unwatch = sandbox.store.watch('nodes', (e) => {
    if (e.type === 'ADDED') {
      sequence.push(`+${e.object.metadata.name}`);
      launched = true;
    }
    if (e.type === 'DELETED') {
      sequence.push(`-${e.object.metadata.name}`);
      if (launched) done();
    }
  });
  const timeout = new Promise<void>((resolve) => setTimeout(resolve, FIVE_MINUTES));
  try {
    await Promise.race([finished, timeout]);
    const rescales = sandbox.store
      .list('events', 'shop')
      .filter((e) => e.reason === 'SuccessfulRescale')
      .map((e) => e.message as string);
    return { sequence, wallMs: Date.now() - started, rescales };
  } finally {
    unwatch();
    await sandbox.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('the daily scenario', () => {
  it('launches and later removes a node within 5 minutes, with the same node names on two runs from one seed', { timeout: 2 * FIVE_MINUTES + 60_000 }, async () => {
    const first = await runDaily(7);
    const second = await runDaily(7);
    for (const run of [first, second]) {
      expect(run.wallMs).toBeLessThan(FIVE_MINUTES);
      const added = run.sequence.filter((s) => s.startsWith('+'));
      expect(added.length).toBeGreaterThanOrEqual(2);
      expect(run.sequence.at(-1)).toMatch(/^-/);
      // The HPA did the scaling both ways.
      expect(run.rescales).toContain('New size: 8; reason: cpu resource utilization (percentage of request) above target');
      expect(run.rescales).toContain('New size: 2; reason: All metrics below target');
    }
    expect(second.sequence).toEqual(first.sequence);
  });
});
