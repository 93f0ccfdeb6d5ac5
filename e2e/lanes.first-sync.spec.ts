import { test, expect } from './fixtures';

// This project's dashboard has its own sandbox (40 nodes, 1,200 pods) answering every list 800 ms
// late, and nobody has opened it before: the page is the first to ask, so it starts the server's
// first sync and must show it moving — nodes and pods listed so far, kind by kind — then the lanes.
// (Run once per server: a second run would find the cluster synced.)

interface Seen {
  kind: string;
  listed: number;
  done: boolean;
}

test('a first sync in progress shows the nodes and pods listed so far, then the lanes', async ({ lanes, page }) => {
  // Every state of the progress rows the page draws, however briefly.
  await page.addInitScript(() => {
    const seen: Seen[] = [];
    (window as unknown as { syncSeen: Seen[] }).syncSeen = seen;
    new MutationObserver(() => {
      for (const row of document.querySelectorAll<HTMLElement>('[data-testid="sync-progress"] [data-kind]')) {
        const entry = { kind: row.dataset.kind!, listed: Number(row.dataset.listed), done: row.dataset.done === 'true' };
        if (!seen.some((s) => s.kind === entry.kind && s.listed === entry.listed && s.done === entry.done)) seen.push(entry);
      }
    }).observe(document, { subtree: true, childList: true, attributes: true });
  });
  await page.goto('/clusters/sandbox/lanes');
  await expect(lanes.syncProgress).toBeVisible();
  await expect(lanes.syncProgress).toContainText('Reading the cluster for the first time');
  await expect(lanes.syncProgress.locator('[data-kind="pods"]')).toContainText(/pods\s*[\d,]+ (listed so far|✓)/);

  await expect(lanes.live).toHaveAttribute('data-state', 'live', { timeout: 30_000 });
  await expect(lanes.syncProgress).toHaveCount(0);
  await expect(page.getByTestId('summary')).toContainText('40 nodes · 1200 pods · 10 lanes');

  const seen = await page.evaluate(() => (window as unknown as { syncSeen: Seen[] }).syncSeen);
  const pods = seen.filter((s) => s.kind === 'pods');
  // Part of the pods listed and still going: the page showed the sync moving, not only its end.
  expect(pods.some((s) => !s.done && s.listed > 0 && s.listed < 1200), JSON.stringify(pods)).toBe(true);
  // Counts only grow.
  expect(pods.map((s) => s.listed)).toEqual([...pods.map((s) => s.listed)].sort((a, b) => a - b));
  expect(seen.some((s) => s.kind === 'nodes' && s.listed === 40 && s.done)).toBe(true);
});
