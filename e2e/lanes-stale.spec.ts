import path from 'node:path';
import { sandboxOutage } from '../test/support/sandbox-outage';
import { test, expect } from './fixtures';

// A real outage, not a mocked banner: the sandbox `npm start` runs takes its API off the network
// (SIGUSR2, see lib/sandbox/outage-signal.ts), the dashboard's informers lose their watches, and
// the page must say how old its data is and hold back anything that acts until it is fresh. The
// test puts the API back in every case, so the specs after it find the cluster as it was.

test('the stale banner: the sandbox API stops, the page gives the data’s age and disables actions, and recovers', async ({ lanes, kubectl }, testInfo) => {
  test.setTimeout(120_000);
  const outage = sandboxOutage(path.resolve(__dirname, '..', String(testInfo.project.metadata.sandboxDir ?? '.sandbox')));
  await lanes.open();
  const chip = lanes.podsOf('report-worker').first();
  await chip.click();
  await expect(lanes.moveLink).toHaveAttribute('href', '/clusters/sandbox/move?deployments=apps%2Freport-worker');
  await expect(lanes.staleBanner).toHaveCount(0);

  outage.down();
  try {
    await expect(lanes.staleBanner).toBeVisible({ timeout: 20_000 });
    await expect(lanes.staleBanner).toContainText(/Data from \d+ s ago, the API server is not answering\. Actions are\s+disabled until it is fresh again\./);
    await expect(lanes.live).toHaveAttribute('data-state', 'stale');
    await expect(lanes.live).toHaveText('Stale — API server not answering');
    // Which kinds cannot watch, and the reason their informers give (a refused connection here).
    await expect(lanes.staleKinds).toContainText(/pods/, { timeout: 20_000 });
    await expect(lanes.staleKinds).toContainText(/ECONNREFUSED|connect|Premature close|ended early|socket/i);
    await expect(lanes.moveLink).toHaveAttribute('aria-disabled', 'true');
    await expect(lanes.moveLink).not.toHaveAttribute('href');
    // The age keeps counting while the outage lasts.
    const first = await lanes.staleAgeSeconds();
    await expect.poll(() => lanes.staleAgeSeconds(), { timeout: 5_000 }).toBeGreaterThan(first);
  } finally {
    outage.up();
  }

  await expect(lanes.staleBanner).toHaveCount(0, { timeout: 45_000 });
  await expect(lanes.live).toHaveAttribute('data-state', 'live');
  await expect(lanes.moveLink).toHaveAttribute('href', '/clusters/sandbox/move?deployments=apps%2Freport-worker');
  // Fresh again means following the cluster again: a change made now shows without a reload.
  const node = (await lanes.nodesIn('general-pool').first().getAttribute('data-node'))!;
  await kubectl.ok(['cordon', node]);
  try {
    await expect(lanes.node(node)).toContainText('Cordoned', { timeout: 5_000 });
  } finally {
    await kubectl.ok(['uncordon', node]);
  }
});
