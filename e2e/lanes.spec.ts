import { test, expect } from './fixtures';

test.describe('lanes view on the sandbox cluster', () => {
  test('shows every pool as a lane with its nodes and pods', async ({ lanes, page }) => {
    await lanes.open();
    expect(await lanes.laneNames()).toEqual(['general-pool', 'general-purpose', 'system']);
    await expect(lanes.nodesIn('general-purpose')).toHaveCount(2);
    await expect(lanes.nodesIn('general-pool')).toHaveCount(2);
    await expect(lanes.nodesIn('system')).toHaveCount(1);
    await expect(lanes.lane('general-pool')).toContainText('Managed node group');
    await expect(lanes.lane('general-purpose')).toContainText('Auto Mode NodePool');
    await expect(lanes.lane('general-purpose')).toContainText('default');
    await expect(lanes.podsOf('image-proctoring')).toHaveCount(2);
    // report-worker's two, plus platform's ingress-gateway (one per zone) and node-agent (one per
    // node), plus the fluent-bit DaemonSet's pod on each of the two nodes.
    await expect(lanes.lane('general-pool').getByTestId('pod')).toHaveCount(8);
    await expect(lanes.lane('system').locator('[data-pod^="kube-system/coredns-"]')).toHaveCount(2);
    await page.screenshot({ path: 'test-results/lanes.png', fullPage: true });
  });

  test('DaemonSet pods are told apart: the log agent on every node with a DS tag, and a panel that says drains leave it', async ({ lanes }) => {
    await lanes.open();
    const tiles = lanes.page.getByTestId('node');
    await expect(tiles).toHaveCount(5);
    for (const tile of await tiles.all()) {
      const agent = tile.locator('[data-testid="pod"][data-pod^="kube-system/fluent-bit-"]');
      await expect(agent).toHaveCount(1);
      await expect(agent).toHaveAttribute('data-daemonset', 'true');
      await expect(agent.getByTestId('pod-daemonset')).toHaveText('DS');
    }
    // The GPU plugin's DaemonSet selects GPU instances only: none here.
    await expect(lanes.page.locator('[data-pod^="kube-system/nvidia-device-plugin-"]')).toHaveCount(0);
    // No Deployment pod carries the tag.
    await expect(lanes.podsOf('frontend').first().getByTestId('pod-daemonset')).toHaveCount(0);

    const agent = lanes.lane('system').locator('[data-pod^="kube-system/fluent-bit-"]');
    await expect(agent.getByTestId('pod-open')).toHaveAccessibleName(/^kube-system\/fluent-bit-\w+ \(DaemonSet pod\): Running, requests 50m CPU, 64Mi/);
    await agent.getByTestId('pod-open').click();
    await expect(lanes.panel.getByTestId('daemonset-note')).toHaveText(/^DaemonSet pod — not moved by drains or consolidation/);
    await expect(lanes.panel).toContainText('DaemonSet kube-system/fluent-bit');
    await expect(lanes.panel.getByTestId('move-link')).toHaveCount(0);
    await lanes.page.screenshot({ path: 'test-results/lanes-daemonsets.png', fullPage: true });
  });

  test('follows the cluster live: a deleted pod disappears and its replacement appears without a reload', async ({ lanes, kubectl }) => {
    await lanes.open();
    const pods = await kubectl.json<{ items: { metadata: { name: string } }[] }>(['get', 'pods', '-n', 'apps', '-l', 'app=frontend']);
    const victim = pods.items[0].metadata.name;
    await expect(lanes.pod(`apps/${victim}`)).toHaveCount(1);
    await kubectl.ok(['delete', 'pod', victim, '-n', 'apps', '--wait=false']);
    await expect(lanes.pod(`apps/${victim}`)).toHaveCount(0);
    await expect(lanes.podsOf('frontend')).toHaveCount(3);
    await expect(lanes.podsOf('frontend').first()).toHaveAttribute('data-status', /Running|ContainerCreating|Pending/);
  });

  test('node tiles are keyboard reachable and say what they are', async ({ lanes, page }) => {
    await lanes.open();
    const first = lanes.nodesIn('general-purpose').first();
    await first.focus();
    await expect(first).toBeFocused();
    await expect(first).toHaveAttribute('aria-label', /^Node i-0[0-9a-f]+, m5\.xlarge, \d+ pods$/);
    // A tile's pods are one tab stop after the tile (see lanes-pods.spec.ts), then the next tile.
    const hasPods = (await first.getByTestId('pod').count()) > 0;
    await page.keyboard.press('Tab');
    if (hasPods) {
      await expect(first.getByTestId('pod-open').first()).toBeFocused();
      await page.keyboard.press('Tab');
    }
    await expect(lanes.nodesIn('general-purpose').nth(1)).toBeFocused();
  });

  test('one stream and one snapshot per page load: the stream the HTML opens, unpacked before React takes it over', async ({ lanes, page }) => {
    const streams: string[] = [];
    page.on('request', (req) => {
      if (new URL(req.url()).pathname.endsWith('/topology/stream')) streams.push(req.url());
    });
    // The bundle held back a little, as on a slow network: the snapshot arrives before React can
    // take the stream over, so the inline script has it to unpack.
    await page.route('**/_next/static/chunks/*.js', async (route) => {
      await new Promise((r) => setTimeout(r, 500));
      await route.continue();
    });
    await lanes.open();
    await expect(lanes.lane('general-purpose')).toBeVisible();
    expect(streams).toEqual([expect.stringMatching(/\/api\/clusters\/sandbox\/topology\/stream\?encoding=columns$/)]);
    const marks = await page.evaluate(() => performance.getEntriesByType('mark').map((m) => m.name));
    // Set only by the inline script (lib/client/early-stream.ts), then by useTopology taking its stream.
    expect(marks).toEqual(expect.arrayContaining(['nodelanes:stream-opened', 'nodelanes:snapshot-unpacked', 'nodelanes:stream-taken-over', 'nodelanes:snapshot-parsed']));
    // Every pod's usage (drawn on the chips of a cluster this small) is asked for only once the
    // topology is in: before, the page cannot know whether it will draw pods at all.
    await expect
      .poll(() => page.evaluate(() => performance.getEntriesByType('resource').filter((r) => r.name.includes('/topology/usage?pods=all')).length))
      .toBeGreaterThan(0);
    const [usageAsked, parsed] = await page.evaluate(() => [
      performance.getEntriesByType('resource').find((r) => r.name.includes('/topology/usage?pods=all'))!.startTime,
      performance.getEntriesByName('nodelanes:snapshot-parsed')[0].startTime,
    ]);
    expect(usageAsked).toBeGreaterThanOrEqual(parsed);
  });

  test('one stream per tab across page changes: the move and node pool pages take over the lanes’ stream', async ({ lanes, page, kubectl }) => {
    const streams: string[] = [];
    page.on('request', (req) => {
      if (new URL(req.url()).pathname.endsWith('/topology/stream')) streams.push(req.url());
    });
    await lanes.open();
    const nav = page.getByRole('navigation', { name: 'Pages' });
    await nav.getByRole('link', { name: 'Move workloads' }).click();
    await expect(page.getByRole('heading', { name: 'Move workloads to a pool' })).toBeVisible();
    await expect(page.getByRole('heading', { name: '1. Workloads' })).toBeVisible();
    await nav.getByRole('link', { name: 'Node pools' }).click();
    await expect(page.getByTestId('nodepool-general-purpose')).toBeVisible();
    await nav.getByRole('link', { name: 'Lanes' }).click();
    await expect(lanes.lane('general-purpose')).toBeVisible();
    expect(streams).toHaveLength(1);
    // The one stream still carries the cluster's changes to the page that holds it now.
    const victim = (await kubectl.json<{ items: { metadata: { name: string } }[] }>(['get', 'pods', '-n', 'apps', '-l', 'app=frontend'])).items[0].metadata.name;
    await expect(lanes.pod(`apps/${victim}`)).toHaveCount(1);
    await kubectl.ok(['delete', 'pod', victim, '-n', 'apps', '--wait=false']);
    await expect(lanes.pod(`apps/${victim}`)).toHaveCount(0);
    expect(streams).toHaveLength(1);
  });

  test('API errors are JSON with the right status', async ({ request }) => {
    const missing = await request.get('/api/clusters/nope/topology');
    expect(missing.status()).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: 'cluster_not_found', message: 'No cluster "nope"' } });
    const bad = await request.get('/api/clusters/bad%20id!/topology');
    expect(bad.status()).toBe(400);
    expect((await bad.json()).error.code).toBe('invalid_request');
    const clusters = await request.get('/api/clusters');
    expect((await clusters.json()).clusters).toEqual([expect.objectContaining({ id: 'sandbox', source: 'sandbox' })]);
  });

  test('an unknown cluster page is a 404', async ({ page }) => {
    const res = await page.goto('/clusters/nope/lanes');
    expect(res?.status()).toBe(404);
  });
});
