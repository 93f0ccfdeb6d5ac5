// HorizontalPodAutoscalers through the real kubectl against the sandbox (migration scenario,
// time × 20): `kubectl autoscale` (which posts autoscaling/v1 in protobuf), `get hpa` with the
// printer's columns, validation as the apiserver words it, and the controller following the load
// knob — up to maxReplicas at once, down only after the 5-minute scale-down window.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '@/lib/sandbox/sandbox';
import { eventually, kubectlFor } from '../support/kubectl';

let sandbox: Sandbox;
let dir: string;
let kubectl: ReturnType<typeof kubectlFor>;
const NS = 'apps';

const replicas = async () => (await kubectl.json(['get', 'deploy', 'backend-api', '-n', NS])).spec.replicas as number;
type Condition = { type: string; status: string; reason: string };

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodelanes-hpa-'));
  sandbox = await startSandbox({ scenario: 'migration', timeScale: 20, dir, port: 0, quiet: true });
  kubectl = kubectlFor(sandbox.kubeconfigPath);
  await eventually('backend-api available', async () => (await kubectl.json(['get', 'deploy', 'backend-api', '-n', NS])).status.availableReplicas === 3);
}, 90_000);

afterAll(async () => {
  kubectl?.cleanup();
  await sandbox?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('HorizontalPodAutoscaler', () => {
  it('kubectl autoscale creates one that get hpa prints with its targets', { timeout: 90_000 }, async () => {
    expect(await kubectl.ok(['autoscale', 'deployment', 'backend-api', '-n', NS, '--cpu-percent=50', '--min=2', '--max=8'])).toBe('horizontalpodautoscaler.autoscaling/backend-api autoscaled\n');
    const hpa = await kubectl.json(['get', 'hpa', 'backend-api', '-n', NS]);
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'backend-api' },
      minReplicas: 2,
      maxReplicas: 8,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
    });
    const row = await eventually('a CPU reading', async () => {
      const out = await kubectl.ok(['get', 'hpa', '-n', NS]);
      return /cpu: \d+%\/50%/.test(out) ? out : undefined;
    });
    const [header, line] = row.trim().split('\n');
    expect(header.split(/\s+/)).toEqual(['NAME', 'REFERENCE', 'TARGETS', 'MINPODS', 'MAXPODS', 'REPLICAS', 'AGE']);
    expect(line).toMatch(/^backend-api\s+Deployment\/backend-api\s+cpu: \d+%\/50%\s+2\s+8\s+3\s+\S+$/);
  });

  it('refuses what the apiserver refuses', { timeout: 30_000 }, async () => {
    const bad = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'bad', namespace: NS }, spec: { minReplicas: 0, maxReplicas: 3, scaleTargetRef: { kind: 'Deployment', name: 'frontend' } } };
    const r = await kubectl.run(['create', '-f', '-'], { input: JSON.stringify(bad) });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('The HorizontalPodAutoscaler "bad" is invalid: \n* spec.minReplicas: Invalid value: 0: must be greater than or equal to 1\n');
    // Scaling to zero would need an Object or External metric; the defaulted CPU one is neither.
    expect(r.stderr).toContain('* spec.metrics: Forbidden: must specify at least one Object or External metric to support scaling to zero replicas');
    const noRef = { ...bad, spec: { maxReplicas: 3, scaleTargetRef: { kind: 'Deployment' } } };
    expect((await kubectl.run(['create', '-f', '-'], { input: JSON.stringify(noRef) })).stderr).toContain('spec.scaleTargetRef.name: Required value');
  });

  it('scales up when the load knob pushes usage, and down only after the scale-down window', { timeout: 120_000 }, async () => {
    await kubectl.ok(['annotate', 'deploy', 'backend-api', '-n', NS, 'sandbox.nodelanes.dev/load=3']);
    await eventually('scaled to maxReplicas', async () => (await replicas()) === 8, 60_000);
    const up = await eventually('TooManyReplicas', async () => {
      const h = await kubectl.json(['get', 'hpa', 'backend-api', '-n', NS]);
      return (h.status.conditions as Condition[]).some((c) => c.type === 'ScalingLimited' && c.status === 'True' && c.reason === 'TooManyReplicas') ? h : undefined;
    });
    expect((up.status.conditions as Condition[]).map((c) => c.type)).toEqual(['AbleToScale', 'ScalingActive', 'ScalingLimited']);
    expect(up.status.currentMetrics[0].resource.current.averageUtilization).toBeGreaterThan(50);

    await kubectl.ok(['annotate', '--overwrite', 'deploy', 'backend-api', '-n', NS, 'sandbox.nodelanes.dev/load=0.1']);
    const quietFrom = sandbox.clock.now().getTime();
    const held = await eventually('a held scale-down', async () => {
      const h = await kubectl.json(['get', 'hpa', 'backend-api', '-n', NS]);
      return (h.status.conditions as Condition[]).some((c) => c.reason === 'ScaleDownStabilized') ? h : undefined;
    });
    expect(held.status.currentReplicas).toBe(8);
    await eventually('scaled to minReplicas', async () => (await replicas()) === 2, 60_000);
    const down = await kubectl.json(['get', 'hpa', 'backend-api', '-n', NS]);
    // Not before the 300 s window has passed since load fell (simulated time).
    expect(Date.parse(down.status.lastScaleTime) - quietFrom).toBeGreaterThanOrEqual(280_000);
    const events = await kubectl.json(['get', 'events', '-n', NS, '--field-selector', 'involvedObject.kind=HorizontalPodAutoscaler']);
    const messages = (events.items as { reason: string; message: string }[]).filter((e) => e.reason === 'SuccessfulRescale').map((e) => e.message);
    expect(messages).toContain('New size: 2; reason: All metrics below target');
  });
});
