import path from 'node:path';
import { test, expect } from './fixtures';
import { kubectlFor } from '../test/support/kubectl';
import { SCALE_SANDBOX_DIR } from '../playwright.scale.config';
import { clearTrouble, makeTrouble, type Trouble } from './support/trouble-cluster';

// Trouble at 1,000 nodes: a pod in CrashLoopBackOff, one in ImagePullBackOff and a NotReady node
// (statuses written as a kubelet writes them) are marked, counted, reached with the T key in dense
// cells and in tiles, and listed — exactly them — by the trouble filter.

const kubectl = kubectlFor(path.resolve(__dirname, '..', SCALE_SANDBOX_DIR, 'kubeconfig'));
let trouble: Trouble;
/** The server's first sync of 1,000 nodes, on a busy machine. */
const FIRST_SYNC_MS = 150_000;

test.beforeAll(async () => {
  trouble = await makeTrouble(kubectl);
});

test.afterAll(async () => {
  if (trouble) await clearTrouble(kubectl, trouble);
  kubectl.cleanup();
});

test.describe('trouble at 1,000 nodes', () => {
  test('dense cells mark and count the trouble, and T steps to each of them', async ({ lanes, page }) => {
    await lanes.open('sandbox', FIRST_SYNC_MS);
    const bar = page.getByTestId('trouble-bar');
    await expect(bar.getByTestId('trouble-counts').locator('li')).toHaveText([/1 node NotReady/, /1 CrashLoopBackOff/, /1 ImagePullBackOff/]);
    // Dense by default at this size.
    await expect(page.locator('[data-testid="node"][data-dense]').first()).toBeVisible();

    // Lanes are pools pool-0 … pool-9: the NotReady node is in pool-2, the pulling pod's node in
    // pool-3, the crashing pod's in pool-7, and "next trouble" walks them in that order.
    await page.keyboard.press('t');
    await expect(lanes.node(trouble.notReady)).toBeFocused();
    await expect(lanes.node(trouble.notReady)).toBeInViewport();
    await expect(lanes.node(trouble.notReady)).toHaveAttribute('data-trouble-node', 'NotReady');
    await expect(lanes.node(trouble.notReady)).toHaveAttribute('aria-label', /in trouble: NotReady/);
    await expect(lanes.lane('pool-2').getByTestId('lane-trouble')).toContainText('1 node NotReady');

    await page.keyboard.press('t');
    await expect(lanes.node(trouble.pull.node)).toBeFocused();
    await expect(lanes.node(trouble.pull.node)).toBeInViewport();
    await expect(lanes.node(trouble.pull.node)).toHaveAttribute('aria-label', /1 pod in trouble: trouble-e2e\/puller ImagePullBackOff/);
    await expect(lanes.lane('pool-3').getByTestId('lane-trouble')).toContainText('1 ImagePullBackOff');

    await page.keyboard.press('t');
    const cell = lanes.node(trouble.crash.node);
    await expect(cell).toBeFocused();
    await expect(cell).toBeInViewport();
    await expect(cell).toHaveAttribute('data-trouble-pods', '1');
    await expect(cell.getByTestId('cell-trouble')).toHaveText('1');
    await expect(page.getByTestId('trouble-current')).toHaveText(`3 of 3: Pod ${trouble.crash.pod}, CrashLoopBackOff on node ${trouble.crash.node}`);
    // Shift+T goes back; T from the last wraps to the first.
    await page.keyboard.press('Shift+T');
    await expect(lanes.node(trouble.pull.node)).toBeFocused();
    await page.keyboard.press('t');
    await page.keyboard.press('t');
    await expect(lanes.node(trouble.notReady)).toBeFocused();
    // Enter opens the node; its pods in the panel name the trouble.
    await page.keyboard.press('t');
    await page.keyboard.press('t');
    await page.keyboard.press('Enter');
    await expect(lanes.panelTitle).toHaveText(`Node ${trouble.crash.node}`);
    await expect(lanes.panel.locator(`[data-pod="${trouble.crash.pod}"]`)).toContainText('CrashLoopBackOff');
  });

  test('troubles in lanes below the window are counted there, and a click goes to the nearest', async ({ lanes, page }) => {
    await lanes.open('sandbox', FIRST_SYNC_MS);
    const below = page.getByTestId('offscreen-trouble-below');
    await expect(below).toHaveText(/↓ [1-3] in trouble below/);
    await below.click();
    const focused = page.locator('[data-testid="node"]:focus');
    await expect(focused).toBeInViewport();
    expect(await focused.evaluate((e) => Boolean(e.getAttribute('data-trouble-node') || e.getAttribute('data-trouble-pods')))).toBe(true);
  });

  test('the trouble filter lists exactly the three, and draws their nodes as tiles', async ({ lanes, page }) => {
    // Tall enough for all three lanes to be drawn (lanes out of the window are not).
    await page.setViewportSize({ width: 1280, height: 2400 });
    await lanes.open('sandbox', FIRST_SYNC_MS);
    await page.getByTestId('trouble-filter').click();
    await expect(page).toHaveURL(/trouble=1/);
    await expect(page.getByTestId('trouble-item')).toHaveCount(3);
    expect(await page.getByTestId('trouble-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-spot')))).toEqual([
      `node:${trouble.notReady}`,
      `pod:${trouble.pull.pod}`,
      `pod:${trouble.crash.pod}`,
    ]);
    // Three nodes left: density follows the filtered count, so they are tiles with their pods.
    await expect(page.getByTestId('node')).toHaveCount(3);
    await expect(page.locator('[data-testid="node"][data-dense]')).toHaveCount(0);
    await expect(lanes.pods).toHaveCount(2);
    await expect(lanes.pod(trouble.crash.pod)).toHaveAttribute('data-trouble', 'crash');
    await expect(lanes.pod(trouble.pull.pod)).toHaveAttribute('data-trouble', 'image');
    // A listed item goes there.
    await page.locator(`[data-spot="pod:${trouble.crash.pod}"]`).click();
    await expect(lanes.pod(trouble.crash.pod).getByTestId('pod-open')).toBeFocused();
    await page.getByTestId('trouble-filter').click();
    await expect(page).not.toHaveURL(/trouble=1/);
  });

  test('in tiles, T moves the focus to the troubled pod chips, which name their trouble', async ({ lanes, page }) => {
    await lanes.openWith('?density=comfortable');
    await expect(page.locator('[data-testid="node"][data-dense]')).toHaveCount(0);
    await page.keyboard.press('t');
    await expect(lanes.node(trouble.notReady)).toBeFocused();
    await expect(lanes.node(trouble.notReady)).toContainText('NotReady');

    await page.keyboard.press('t');
    const pull = lanes.pod(trouble.pull.pod);
    await expect(pull.getByTestId('pod-open')).toBeFocused();
    await expect(pull).toBeInViewport();
    await expect(pull).toContainText('⚠');
    await expect(pull).toContainText('ImagePullBackOff');
    await expect(pull.getByTestId('pod-open')).toHaveAttribute('aria-label', /in trouble, ImagePullBackOff/);

    await page.keyboard.press('t');
    const crash = lanes.pod(trouble.crash.pod);
    await expect(crash.getByTestId('pod-open')).toBeFocused();
    await expect(crash).toBeInViewport();
    await expect(crash.getByTestId('pod-open')).toHaveAttribute('aria-label', /in trouble, CrashLoopBackOff, 6 restarts \(last Error\)/);
    await expect(lanes.node(trouble.crash.node)).toContainText('1 pod in trouble');
    await page.keyboard.press('Enter');
    await expect(lanes.panelTitle).toHaveText(`Pod ${trouble.crash.pod}`);
    await expect(lanes.panel).toContainText('6 restarts, last stopped: Error');
  });
});
