// The restart action end to end through the route wrapper, the impersonating clients and the
// sandbox's API: what kubectl would see afterwards, the record left on the cluster, and the
// refusals (stale generation, paused, unknown deployment).

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LAST_ACTION, RESTARTED_AT } from '@/lib/domain/rollout';
import { POST as restart } from '@/app/api/clusters/[cluster]/deployments/[namespace]/[name]/restart/route';
import { callRoute } from '../support/route-call';
import type { kubectlFor } from '../support/kubectl';
import { startRouteSandbox, type RouteSandbox } from '../support/route-sandbox';

let env: RouteSandbox;
let kubectl: ReturnType<typeof kubectlFor>;
const params = (name: string) => ({ cluster: 'sandbox', namespace: 'apps', name });

beforeAll(async () => {
  env = await startRouteSandbox({ timeScale: 10, quietLevels: ['log'] });
  kubectl = env.kubectl;
});

afterAll(async () => {
  await env?.stop();
});

const deployment = (name: string) => kubectl.json(['get', 'deployment', name, '-n', 'apps']);

describe('POST deployments/{ns}/{name}/restart', () => {
  it('a dry run changes nothing and says what it would do', async () => {
    const before = await deployment('frontend');
    const res = await callRoute(restart, params('frontend'), { body: { dryRun: true } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ dryRun: true, kubectl: 'kubectl rollout restart deployment/frontend -n apps' });
    expect(res.body.patch.spec.template.metadata.annotations[RESTARTED_AT]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    // The controllers still write status while the scenario settles: the spec is what must not move.
    const after = await deployment('frontend');
    expect(after.metadata.generation).toBe(before.metadata.generation);
    expect(after.spec.template.metadata?.annotations?.[RESTARTED_AT]).toBeUndefined();
    expect(after.metadata.annotations?.[LAST_ACTION]).toBeUndefined();
  });

  it('restarts as kubectl does, records who did it on the object and as an Event', async () => {
    const before = await deployment('frontend');
    const res = await callRoute(restart, params('frontend'), { body: { generation: before.metadata.generation } });
    expect(res.status).toBe(200);
    const after = await deployment('frontend');
    expect(after.metadata.generation).toBe(before.metadata.generation + 1);
    expect(after.spec.template.metadata.annotations[RESTARTED_AT]).toBe(res.body.patch.spec.template.metadata.annotations[RESTARTED_AT]);
    const record = JSON.parse(after.metadata.annotations[LAST_ACTION]);
    expect(record).toMatchObject({ action: 'restart', by: 'demo-operator', id: res.body.activityId });
    const events = await kubectl.json(['get', 'events', '-n', 'apps', '--field-selector', 'involvedObject.name=frontend,reason=RestartRequested']);
    expect(events.items.map((e: { message: string }) => e.message)).toContain('Rollout restart requested by demo-operator through nodelanes');
  });

  it('two restarts within the same second both roll the pods (whole-second stamps never repeat)', async () => {
    const first = await callRoute(restart, params('report-worker'), { body: {} });
    const second = await callRoute(restart, params('report-worker'), { body: {} });
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    const stamp = (r: typeof first) => r.body.patch.spec.template.metadata.annotations[RESTARTED_AT];
    expect(stamp(second)).not.toBe(stamp(first));
    const d = await deployment('report-worker');
    expect(d.spec.template.metadata.annotations[RESTARTED_AT]).toBe(stamp(second));
  });

  it('refuses with 409 when the spec changed since the user looked', async () => {
    const before = await deployment('backend-api');
    await kubectl.ok(['scale', 'deployment/backend-api', '-n', 'apps', `--replicas=${before.spec.replicas + 1}`]);
    const res = await callRoute(restart, params('backend-api'), { body: { generation: before.metadata.generation } });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('conflict');
    expect(res.body.error.message).toContain('changed by someone else since you opened it');
    const after = await deployment('backend-api');
    expect(after.spec.template.metadata?.annotations?.[RESTARTED_AT]).toBeUndefined();
  });

  it('refuses a paused deployment with the way out', async () => {
    await kubectl.ok(['rollout', 'pause', 'deployment/report-worker', '-n', 'apps']);
    const res = await callRoute(restart, params('report-worker'), { body: {} });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'paused', message: expect.stringContaining('kubectl rollout resume') });
    await kubectl.ok(['rollout', 'resume', 'deployment/report-worker', '-n', 'apps']);
  });

  it('answers 404 with the API server’s words for an unknown deployment, 400 for a bad name', async () => {
    const missing = await callRoute(restart, params('no-such-app'), { body: {} });
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain('"no-such-app" not found');
    const bad = await callRoute(restart, params('../../etc'), { body: {} });
    expect(bad.status).toBe(400);
  });
});
