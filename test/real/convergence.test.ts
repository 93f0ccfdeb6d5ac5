// The dashboard never shows what is not there: on each real control plane test-real.sh started
// (the strict one, and the API server's own defaults with its watch cache), a seeded random run of
// operations and faults, the dashboard's snapshot and a stream-built page model held against the
// API server's lists at every quiet point. A failing run prints its seed: CONVERGENCE_SEED=<n>
// replays it exactly.
import { describe, expect, it } from 'vitest';
import { controlPlanesFromEnv } from '../support/convergence/control-plane';
import { CONVERGENCE_BOUND_MS, describeFailure, runConvergence } from '../support/convergence/run';
import { seedFrom } from '../support/seeded-random';

const planes = controlPlanesFromEnv();

describe.each(planes.map((p) => [p.name, p] as const))('convergence on the %s control plane', (_, plane) => {
  it('agrees with the API server at every quiet point of a seeded random run', async () => {
    const seed = seedFrom('CONVERGENCE_SEED');
    const result = await runConvergence({
      plane,
      seed,
      operations: Number(process.env.CONVERGENCE_OPERATIONS ?? 40),
      restarts: Number(process.env.CONVERGENCE_RESTARTS ?? 1),
      quietEvery: 5,
      boundMs: CONVERGENCE_BOUND_MS,
      log: process.env.CONVERGENCE_LOG ? (line) => console.log(line) : undefined,
    });
    console.log(
      `[convergence ${plane.name}] seed ${seed}: ${result.operations.length} operations, ${result.quietPoints.length} quiet points, ` +
        `snapshot agreed within ${Math.max(...result.quietPoints.map((q) => q.snapshotMs))} ms, stream within ${Math.max(...result.quietPoints.map((q) => q.streamMs))} ms; ` +
        `relists ${JSON.stringify(result.relists)}; vanished ${JSON.stringify(result.vanished)}`,
    );
    if (result.divergences.length > 0) throw new Error(describeFailure(result));
    expect(result.quietPoints.length).toBeGreaterThanOrEqual(Math.floor(result.operations.length / 5));
  }, 600_000);
});

it('has a control plane to run against', () => {
  expect(planes.map((p) => p.name)).toContain('strict');
});
