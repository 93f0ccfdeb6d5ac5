// The cluster picker on a dashboard started with NODELANES_CLUSTER=kubeconfig: the kubeconfig
// written here holds the sandbox's context and one whose API server is a closed port. The
// unreachable one is shown as such with its reason; the sandbox works; switching keeps the view.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import yaml from 'js-yaml';
import { expect, test } from './fixtures';
import { ClusterPickerPage } from './pages/cluster-picker.page';
import { CLUSTERS_SANDBOX_DIR, PICKER_KUBECONFIG } from '../playwright.clusters.config';

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

test.beforeAll(async () => {
  const sandbox = yaml.load(fs.readFileSync(path.resolve(__dirname, '..', CLUSTERS_SANDBOX_DIR, 'kubeconfig'), 'utf8')) as {
    clusters: object[];
    users: Array<{ name: string }>;
    contexts: object[];
  };
  const port = await closedPort();
  const config = {
    ...sandbox,
    clusters: [...sandbox.clusters, { name: 'decommissioned', cluster: { server: `http://127.0.0.1:${port}` } }],
    contexts: [...sandbox.contexts, { name: 'old-prod', context: { cluster: 'decommissioned', user: sandbox.users[0].name } }],
    'current-context': 'sandbox',
  };
  // The dashboard is already running: it reads the file again because its mtime changed.
  fs.writeFileSync(PICKER_KUBECONFIG, yaml.dump(config));
});

test('every context is a cluster: the front page lists both with their health', async ({ page }) => {
  const picker = new ClusterPickerPage(page);
  await page.goto('/');
  await expect(picker.frontEntry('old-prod').getByTestId('cluster-health')).toHaveText(/^unreachable: connection refused \(ECONNREFUSED\)$/);
  await expect(picker.frontEntry('sandbox').getByTestId('cluster-health')).toHaveText(/^(reachable|syncing|synced) · v\d/);
  await page.screenshot({ path: 'test-results/clusters-front.png' });
});

test('the picker shows the unreachable cluster with its reason, and the sandbox works', async ({ page, lanes }) => {
  const picker = new ClusterPickerPage(page);
  await lanes.open('sandbox');
  await expect(lanes.lane('general-pool')).toBeVisible();
  await picker.open();
  await expect(picker.health('sandbox')).toHaveText(/^synced · v\d/);
  await expect(picker.health('old-prod')).toHaveText('unreachable: connection refused (ECONNREFUSED)');
  await expect(picker.entry('sandbox').getByRole('link')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('cluster-unreachable')).toHaveCount(0);
  await page.setViewportSize({ width: 1440, height: 600 });
  await page.screenshot({ path: 'test-results/cluster-picker.png' });

  // The unreachable cluster's own page says why instead of drawing an empty cluster.
  await picker.choose('old-prod');
  await expect(page).toHaveURL(/\/clusters\/old-prod\/lanes$/);
  await expect(page.getByTestId('cluster-unreachable')).toHaveText(/^decommissioned is unreachable: connection refused \(ECONNREFUSED\)\./);
  await page.screenshot({ path: 'test-results/cluster-unreachable.png' });
});

test('switching keeps the view and its filters; a page about one object goes to its list', async ({ page }) => {
  const picker = new ClusterPickerPage(page);
  await page.goto('/clusters/old-prod/review');
  await picker.choose('sandbox');
  await expect(page).toHaveURL(/\/clusters\/sandbox\/review$/);
  await expect(page.getByTestId('review-table')).toBeVisible();

  await page.goto('/clusters/sandbox/lanes?group=zone');
  await picker.choose('old-prod');
  await expect(page).toHaveURL(/\/clusters\/old-prod\/lanes\?group=zone$/);

  await page.goto('/clusters/sandbox/node-pools/general-purpose/edit');
  await picker.choose('old-prod');
  await expect(page).toHaveURL(/\/clusters\/old-prod\/node-pools$/);
});

test('the picker works from the keyboard alone', async ({ page }) => {
  const picker = new ClusterPickerPage(page);
  await page.goto('/clusters/sandbox/review');
  await picker.ready();
  await picker.button.focus();
  await page.keyboard.press('ArrowDown');
  await expect(picker.list).toBeVisible();
  await expect(picker.entry('sandbox').getByRole('link')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(picker.entry('old-prod').getByRole('link')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(picker.list).toBeHidden();
  await expect(picker.button).toBeFocused();
  await expect(picker.button).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('Enter');
  await expect(picker.list).toBeVisible();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(picker.entry('old-prod').getByRole('link')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/clusters\/old-prod\/review$/);
});
