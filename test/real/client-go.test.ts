// client-go, the client every controller (Karpenter included) is built on, against both servers:
// scripts/kube/probe drives a scenario through the typed clientset — creates, an informer with
// watch bookmarks, updates, strategic and JSON merge patches, ConfigMaps and Secrets (binary
// data, stringData, immutability), 404s, paging, deletes — and prints one JSON line per step.
// The real server's run is the reference; the sandbox's must agree step for step once
// identities, clocks and generated names are set aside. Run with JSON bodies and with protobuf
// bodies (what kube-controller-manager and the scheduler send): creates, updates and the
// DeleteOptions of every delete then travel as protobuf; patches stay JSON.
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { diffPaths } from './case';
import { kubeconfig } from './kubectl-cases';
import { normalizeObject } from './normalize';
import { startPair, type Pair } from './servers';
import type { Server } from './http';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Step = { step: string } & Record<string, any>;

const root = path.resolve(__dirname, '../..');
let pair: Pair;
let probeBinary: string;
let dir: string;

beforeAll(async () => {
  // Cached: instant unless the probe's Go source changed (then about a minute; scripts/test.sh
  // builds it up front so a fresh machine pays the full build outside this hook).
  probeBinary = execFileSync('bash', [path.join(root, 'scripts/kube/build-probe.sh')], { encoding: 'utf8' }).trim();
  pair = await startPair();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diff-client-go-'));
}, 15 * 60_000);

afterAll(async () => {
  await pair?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function probe(server: Server, contentType: string, namespace: string): Promise<Step[]> {
  const args = ['--kubeconfig', kubeconfig(dir, server), '--namespace', namespace, '--content-type', contentType, '--timeout', '60s'];
  return new Promise((resolve, reject) => {
    execFile(probeBinary, args, { timeout: 180_000, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`kube-probe against ${server.name} failed: ${err.message}\n${stderr}`));
      resolve(stdout.trim().split('\n').map((line) => JSON.parse(line)));
    });
  });
}

/** What may differ between two servers' runs: identities, clocks, bookkeeping, generated names. */
function normalizeStep(s: Step): Step {
  const out: Step = { ...s };
  if (out.object) out.object = normalizeObject({ kind: out.kind, ...out.object });
  // The resourceVersions a stale precondition names are each server's own counter.
  if (typeof out.message === 'string') out.message = out.message.replace(/(precondition|record) \(\d+\)/g, '$1 (N)');
  // generateName's random suffix: five characters of Kubernetes' alphabet.
  return JSON.parse(JSON.stringify(out).replace(/"gen-[bcdfghjklmnpqrstvwxz2456789]{5}"/g, '"gen-*"'));
}

const byStep = (steps: Step[]) => Object.fromEntries(steps.map((s) => [s.step, s]));

for (const contentType of ['json', 'protobuf']) {
  it(`client-go (--content-type ${contentType}) gets the same answers from the sandbox as from the real server`, async () => {
    const namespace = `probe-${contentType}`;
    const [real, sandbox] = await Promise.all([probe(pair.real, contentType, namespace), probe(pair.sandbox, contentType, namespace)]);

    // The reference run itself went as a controller author expects; otherwise agreeing proves nothing.
    try {
      expectReference(byStep(real));
    } catch (err) {
      throw new Error(`the real server's run went wrong: ${(err as Error).message}\n${real.map((s) => JSON.stringify(s)).join('\n')}`);
    }

    expect(sandbox.map((s) => s.step)).toEqual(real.map((s) => s.step));
    const differences = real.flatMap((step, i) => diffPaths(normalizeStep(step), normalizeStep(sandbox[i])).map((d) => `${step.step}: ${d}`));
    expect(differences, 'paths that differ (step: path: real → sandbox)').toEqual([]);
  }, 300_000);
}

/** What the real server's run must show by itself, so that two runs agreeing means something. */
function expectReference(r: Record<string, Step>) {
  expect(r['create namespace'].ok).toBe(true);
  expect(r['create deployment'].ok).toBe(true);
  expect(r['create deployment again']).toMatchObject({ alreadyExists: true, code: 409 });
  expect(r['informers synced']).toMatchObject({ synced: true, deployments: ['web'] });
  expect(r["pod informer sees the deployment's pods"]).toMatchObject({ webPods: 2, ownedByReplicaSet: 2, lonePod: true, timedOut: false });
  expect(r['deployment informer sees the update'].seen).toBe(true);
  expect(r['watch with bookmarks']).toMatchObject({ sawChange: true, malformedBookmarks: 0, errors: [] });
  expect(r['informer watch errors'].errors).toEqual([]);
  expect(r['update with a stale resourceVersion']).toMatchObject({ conflict: true, code: 409 });
  expect(r['strategic merge patch (containers merged by name)'].object.spec.template.spec.containers[0].env).toEqual([{ name: 'MODE', value: 'probe' }]);
  expect(r['json merge patch removes a configmap key'].object.data).toEqual({ level: '3', motd: 'hello\nworld' });
  expect(r['update immutable configmap']).toMatchObject({ invalid: true, code: 422 });
  expect(r['create secret with stringData'].object.data).toEqual({ key: 'AQI=', user: 'cHJvYmU=' });
  expect(r['update immutable secret'].details.causes.map((c: { field: string }) => c.field)).toEqual(['immutable', 'data']);
  expect(r['get a missing deployment']).toMatchObject({ notFound: true, code: 404, reason: 'NotFound' });
  expect(r['list with limit and continue'].pages.flatMap((p: { names: string[] }) => p.names)).toHaveLength(6);
  expect(r['get the deployment deleted with dryRun'].ok).toBe(true);
  expect(r['delete with a stale resourceVersion precondition']).toMatchObject({ conflict: true, code: 409 });
  expect(r['get the deleted pod'].notFound).toBe(true);
  expect(r['list after delete collection'].names).toEqual([]);
  expect(r['namespace gone'].gone).toBe(true);
}
