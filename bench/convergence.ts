// The benchmark's long convergence run: on two fresh real control planes (strict: no watch cache,
// 5 s compaction; defaults: watch cache on, 5 min), BENCH_CONVERGENCE_OPERATIONS (default 500)
// seeded random operations with BENCH_CONVERGENCE_RESTARTS (default 6) API-server restarts each,
// the dashboard's snapshot and a stream-built page model held against the API server at every
// quiet point (test/support/convergence/run.ts, the same run the real tier makes short). Prints
// the agreement times and any divergence with its seed; a divergence fails the benchmark.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { controlPlaneIn } from '../test/support/convergence/control-plane';
import { CONVERGENCE_BOUND_MS, describeFailure, runConvergence, type ConvergenceResult } from '../test/support/convergence/run';
import { seedFrom } from '../test/support/seeded-random';

const root = path.resolve(__dirname, '..');

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

export interface ConvergenceReport {
  plane: string;
  seed: number;
  operations: number;
  restarts: number;
  quietPoints: number;
  snapshotMs: { p50: number; p95: number; max: number };
  streamMs: { max: number };
  divergences: number;
  relists: ConvergenceResult['relists'];
  vanished: ConvergenceResult['vanished'];
}

export async function convergenceBench(log: (line: string) => void): Promise<ConvergenceReport[]> {
  const operations = Number(process.env.BENCH_CONVERGENCE_OPERATIONS ?? 500);
  const restarts = Number(process.env.BENCH_CONVERGENCE_RESTARTS ?? 6);
  const reports: ConvergenceReport[] = [];
  const failures: string[] = [];
  for (const [name, env] of [
    ['strict', {}],
    ['defaults', { KUBE_WATCH_CACHE: 'true', KUBE_ETCD_COMPACTION: '5m' }],
  ] as const) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `nodelanes-bench-convergence-${name}-`));
    execFileSync('bash', [path.join(root, 'scripts/kube/up.sh'), dir], { env: { ...process.env, ...env }, stdio: 'ignore' });
    try {
      const seed = seedFrom('CONVERGENCE_SEED');
      log(`convergence on the ${name} control plane: ${operations} operations, ${restarts} restarts, seed ${seed}`);
      const result = await runConvergence({ plane: controlPlaneIn(name, dir), seed, operations, restarts, quietEvery: 5, boundMs: CONVERGENCE_BOUND_MS });
      const snapshots = result.quietPoints.map((q) => q.snapshotMs);
      const report: ConvergenceReport = {
        plane: name,
        seed,
        operations: result.operations.length,
        restarts: result.operations.filter((o) => o.startsWith('restart')).length,
        quietPoints: result.quietPoints.length,
        snapshotMs: { p50: quantile(snapshots, 0.5), p95: quantile(snapshots, 0.95), max: Math.max(0, ...snapshots) },
        streamMs: { max: Math.max(0, ...result.quietPoints.map((q) => q.streamMs)) },
        divergences: result.divergences.length,
        relists: result.relists,
        vanished: result.vanished,
      };
      reports.push(report);
      log(
        `  ${report.quietPoints} quiet points; snapshot agreed p50 ${report.snapshotMs.p50} ms, p95 ${report.snapshotMs.p95} ms, max ${report.snapshotMs.max} ms after the last change; ` +
          `stream model max ${report.streamMs.max} ms after that; ${report.divergences} divergences; vanished ${JSON.stringify(report.vanished)}`,
      );
      if (result.divergences.length > 0) failures.push(describeFailure(result));
    } finally {
      execFileSync('bash', [path.join(root, 'scripts/kube/down.sh'), dir]);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  if (failures.length > 0) throw new Error(failures.join('\n\n'));
  return reports;
}

// `node --import tsx bench/convergence.ts`: the long convergence run alone.
if (require.main === module) {
  convergenceBench((line) => console.log(`[bench] ${line}`)).then(
    (reports) => {
      console.log(JSON.stringify(reports, null, 2));
      process.exit(0);
    },
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
