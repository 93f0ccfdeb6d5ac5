// The topology stream opens on the user's access as the cluster answered it in the last few
// minutes, and asks again meanwhile (lib/server/access.ts, recentAccessOf): when the new answer
// differs, the stream must end at once, so the browser's reconnect opens it with the new scope.
// Here the recent answer says "no nodes" and the cluster says "all nodes".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as topology } from '@/app/api/clusters/[cluster]/topology/route';
import { GET as stream } from '@/app/api/clusters/[cluster]/topology/stream/route';
import type { TopologySnapshot } from '@/lib/domain/model';
import { namespacesIn } from '@/lib/domain/visibility';
import { accessOf, clearAccessCache, type AccessReviewer } from '@/lib/server/access';
import { currentUser } from '@/lib/server/auth';
import { getCluster } from '@/lib/server/clusters';
import { callRoute, TEST_ORIGIN } from '../support/route-call';
import { startRouteSandbox, type RouteSandbox } from '../support/route-sandbox';

let env: RouteSandbox;

beforeAll(async () => {
  env = await startRouteSandbox({ timeScale: 10, quietLevels: ['log', 'warn'] });
});

afterAll(async () => {
  await env?.stop();
});

/** Everything the stream sends until it ends by itself, or `ms` pass. */
async function readStream(ms: number): Promise<{ text: string; ended: boolean }> {
  const response = await stream(new Request(`${TEST_ORIGIN}/api/clusters/sandbox/topology/stream`), { params: Promise.resolve({ cluster: 'sandbox' }) });
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  let text = '';
  const deadline = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms));
  for (;;) {
    const next = await Promise.race([reader.read(), deadline]);
    if (next === 'timeout') {
      await reader.cancel();
      return { text, ended: false };
    }
    if (next.done) return { text, ended: true };
    text += new TextDecoder().decode(next.value);
  }
}

const snapshotIn = (text: string) => JSON.parse(/^event: snapshot\n(?:id: .*\n)?data: (.*)$/m.exec(text)![1]) as TopologySnapshot;

describe('the topology stream and a changed access answer', () => {
  it('sends the snapshot for the recent answer, then ends as soon as the cluster answers otherwise', async () => {
    const snapshot = (await callRoute(topology, { cluster: 'sandbox' }, { path: '/api/clusters/sandbox/topology' })).body as TopologySnapshot;
    expect(snapshot.nodes.length).toBeGreaterThan(0);
    const user = (await currentUser(new Request(TEST_ORIGIN)))!;
    // The recent answer, a minute old (past the 30 s in which it is current): pods everywhere, no nodes.
    clearAccessCache();
    const noNodes: AccessReviewer = async (attrs) => attrs.resource !== 'nodes';
    await accessOf(getCluster('sandbox')!, user, namespacesIn(snapshot), noNodes, () => Date.now() - 60_000);

    const { text, ended } = await readStream(10_000);
    const sent = snapshotIn(text);
    expect(sent.nodes).toEqual([]);
    expect(ended).toBe(true);

    // The reconnect opens on the cluster's own answer, and stays open.
    const again = await readStream(1_500);
    expect(snapshotIn(again.text).nodes.length).toBeGreaterThan(0);
    expect(again.ended).toBe(false);
  });
});
