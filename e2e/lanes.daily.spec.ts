import path from 'node:path';
import { test, expect } from './fixtures';
import { kubectlFor } from '../test/support/kubectl';
import { DAILY_SANDBOX_DIR } from '../playwright.daily.config';

// The `daily` scenario in the lanes, nobody touching anything: load rises, the storefront's HPA
// scales it past what the one node holds, Auto Mode launches a node into the general-purpose
// lane; load falls, the HPA scales in and consolidation removes a node again. A simulated day is
// 24 real seconds at SANDBOX_TIME_SCALE=60, so a launch and a removal come within a minute or two
// of any moment. The launch's NodeClaim lives about 0.3 real seconds before its node joins, too
// short for the page to draw its ghost reliably: ghosts are recorded when seen, not required.

const POOL = 'general-purpose';
const kubectl = kubectlFor(path.resolve(__dirname, '..', DAILY_SANDBOX_DIR, 'kubeconfig'));
/** Each change the page drew in the pool's lane, in order: `+node`, `-node`, `ghost claim`. */
type Change = { at: number; change: string };

test.afterAll(() => kubectl.cleanup());

test('the lanes show a node launched and later removed, on their own', async ({ lanes, page }) => {
  await page.setViewportSize({ width: 1400, height: 1000 });
  const opened = Date.now();
  await lanes.open();
  // Tiles come and go between two looks: record every change the page draws in the lane.
  await page.evaluate((pool) => {
    const changes: Change[] = [];
    (window as unknown as { changes: Change[] }).changes = changes;
    const lane = () => document.querySelector(`[data-testid="lane"][data-lane="${pool}"]`);
    let nodes = new Set<string>();
    const ghosts = new Set<string>();
    const look = () => {
      const now = new Set([...(lane()?.querySelectorAll('[data-testid="node"]') ?? [])].map((el) => el.getAttribute('data-node')!));
      for (const n of now) if (!nodes.has(n)) changes.push({ at: Date.now(), change: `+${n}` });
      for (const n of nodes) if (!now.has(n)) changes.push({ at: Date.now(), change: `-${n}` });
      nodes = now;
      for (const el of lane()?.querySelectorAll('[data-testid="ghost-node"]') ?? []) {
        const claim = el.getAttribute('data-claim')!;
        if (!ghosts.has(claim)) changes.push({ at: Date.now(), change: `ghost ${claim}` });
        ghosts.add(claim);
      }
    };
    look();
    new MutationObserver(look).observe(document.body, { subtree: true, childList: true, attributes: true });
  }, POOL);
  const changes = () => page.evaluate(() => (window as unknown as { changes: Change[] }).changes.map((c) => c.change));
  const atOpen = new Set((await changes()).map((c) => c.slice(1)));
  expect(atOpen.size).toBeGreaterThanOrEqual(1);

  // A node that was not there when the page opened joins the lane…
  let launched = '';
  await expect
    .poll(async () => (launched = (await changes()).find((c) => c.startsWith('+') && !atOpen.has(c.slice(1)))?.slice(1) ?? ''), { timeout: 120_000, intervals: [500] })
    .not.toBe('');
  const launchedAfterMs = Date.now() - opened;
  await page.screenshot({ path: test.info().outputPath('daily-launched.png') });
  // …and the cluster agrees it is a node Auto Mode launched into that pool.
  const node = await kubectl.json(['get', 'node', launched]);
  expect(node.metadata.labels['karpenter.sh/nodepool']).toBe(POOL);

  // Load falls: consolidation removes a node (the launched one or, as it judges, the other), and
  // the lane lets it go.
  let removed = '';
  await expect
    .poll(async () => {
      const seen = await changes();
      return (removed = seen.slice(seen.indexOf(`+${launched}`)).find((c) => c.startsWith('-'))?.slice(1) ?? '');
    }, { timeout: 120_000, intervals: [500] })
    .not.toBe('');
  const removedAfterMs = Date.now() - opened;
  await page.screenshot({ path: test.info().outputPath('daily-removed.png') });
  await expect(lanes.node(removed)).toHaveCount(0);
  await expect.poll(async () => (await kubectl.run(['get', 'node', removed])).stderr).toContain(`nodes "${removed}" not found`);

  const seen = await changes();
  // The whole of it well inside the five minutes the scenario promises.
  expect(removedAfterMs).toBeLessThan(300_000);
  test.info().annotations.push({ type: 'lane changes', description: `${seen.join(' ')} (launch seen after ${launchedAfterMs} ms, removal after ${removedAfterMs} ms)` });
});
