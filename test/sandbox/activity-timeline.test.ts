// An action's time taken and charts come from its record on the cluster: a restart is followed
// through the activity route until it settles, then a server that starts afresh (no hub, no
// caches, nothing in memory) answers with the same duration and the same points, and asking
// again later does not stretch the duration.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAST_ACTION } from '@/lib/domain/rollout';
import type { FollowedActivity } from '@/lib/domain/activity-timeline';
import { GET as activity } from '@/app/api/clusters/[cluster]/activity/[id]/route';
import { POST as restart } from '@/app/api/clusters/[cluster]/deployments/[namespace]/[name]/restart/route';
import { POST as cordon } from '@/app/api/clusters/[cluster]/nodes/[name]/cordon/route';
import { POST as uncordon } from '@/app/api/clusters/[cluster]/nodes/[name]/uncordon/route';
import { clearAccessCache } from '@/lib/server/access';
import { stopTopology } from '@/lib/server/topology-hub';
import { callRoute } from '../support/route-call';
import { startRouteSandbox, type RouteSandbox } from '../support/route-sandbox';
import { until } from '../support/until';

let env: RouteSandbox;

beforeAll(async () => {
  env = await startRouteSandbox({ timeScale: 10, quietLevels: ['log'] });
}, 60_000);

afterAll(async () => {
  await env?.stop();
});

const ask = async (id: string): Promise<FollowedActivity> => {
  const res = await callRoute(activity, { cluster: 'sandbox', id });
  expect(res.status).toBe(200);
  return res.body as FollowedActivity;
};

/** Asks the way an open page does, every half second, until the record says it finished. */
const followToTheEnd = (id: string) => until(`activity ${id} to finish`, async () => {
  const a = await ask(id);
  return a.timeline.finishedAt ? a : undefined;
}, 90_000);

/** A server that starts now: the shared cache and the access cache are forgotten. */
function freshServer() {
  stopTopology();
  clearAccessCache();
}

describe('GET activity/{id}: the timeline is the record’s', () => {
  it('a finished restart reads the same duration and points from a fresh server, and the duration does not grow', { timeout: 120_000 }, async () => {
    const started = await callRoute(restart, { cluster: 'sandbox', namespace: 'apps', name: 'report-worker' }, { body: {} });
    expect(started.status).toBe(200);
    const id = started.body.activityId as string;

    const first = await followToTheEnd(id);
    expect(first.timeline.durationMs).toBeGreaterThan(0);
    expect(first.timeline.durationMs).toBe(Date.parse(first.timeline.finishedAt!) - Date.parse(first.at));
    // The cluster before (recorded by the restart) and at the finish, at least.
    expect(first.timeline.points.pods.length).toBeGreaterThanOrEqual(2);
    expect(first.timeline.points.pods[0].t).toBe(Date.parse(first.at));
    expect(first.timeline.pools).toContain('general-purpose');
    expect(first.timeline.notes).toEqual([]);

    // The finish is on the deployment itself.
    const d = await env.kubectl.json(['get', 'deployment', 'report-worker', '-n', 'apps']);
    expect(JSON.parse(d.metadata.annotations[LAST_ACTION]).finished.at).toBe(first.timeline.finishedAt);

    freshServer();
    await new Promise((r) => setTimeout(r, 1500));
    const again = await ask(id);
    expect(again.timeline).toEqual(first.timeline);
    expect(again.finished).toEqual(first.finished);
  });

  it('a cordon finishes at once and its chart starts from the cluster it found', { timeout: 60_000 }, async () => {
    const nodes = await env.kubectl.json(['get', 'nodes', '-l', 'karpenter.sh/nodepool=general-purpose']);
    const name = nodes.items[0].metadata.name as string;
    const res = await callRoute(cordon, { cluster: 'sandbox', name }, { body: {} });
    expect(res.status).toBe(200);
    try {
      const done = await followToTheEnd(res.body.activityId);
      expect(done.action).toBe('cordon');
      expect(done.timeline.points.nodes[0]['general-purpose']).toBe(nodes.items.length);
      freshServer();
      expect((await ask(res.body.activityId)).timeline).toEqual(done.timeline);
    } finally {
      await callRoute(uncordon, { cluster: 'sandbox', name }, { body: {} });
    }
  });
});
