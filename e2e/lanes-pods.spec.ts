import { test, expect } from './fixtures';

// Pods inside node tiles: what they use (the sandbox serves metrics.k8s.io) and how a keyboard
// reaches them.

test.describe('pods in the lanes', () => {
  test('pod chips and the pod panel show usage beside requests, as kubectl top pod reads it', async ({ lanes, kubectl }) => {
    await lanes.open();
    const chip = lanes.podsOf('report-worker').first();
    const marker = chip.getByTestId('pod-usage');
    await expect(marker).toHaveCount(1);
    expect(Number(await marker.getAttribute('data-cpu-share'))).toBeGreaterThan(0);
    await expect(chip.getByTestId('pod-open')).toHaveAttribute('aria-label', /, requests 500m CPU, 512Mi; uses \d+m CPU \(\d+% of request\) · [\d.]+Mi memory \(\d+% of request\)$/);

    await chip.click();
    const detail = lanes.panel.getByTestId('pod-usage-detail');
    await expect(detail).toHaveAttribute('data-available', 'true');
    await expect(detail).toHaveText(/^used: \d+m CPU \(\d+% of request\) · ([\d.]+)Mi memory \(\d+% of request\)$/);
    // The same pod through kubectl top (memory moves by a few % per sample window at most).
    const name = (await chip.getAttribute('data-pod'))!.split('/')[1];
    const top = (await kubectl.ok(['top', 'pod', name, '-n', 'apps', '--no-headers'])).trim().split(/\s+/);
    const shown = Number(/([\d.]+)Mi memory/.exec((await detail.textContent())!)![1]);
    expect(Math.abs(shown - Number.parseInt(top[2], 10)) / shown).toBeLessThan(0.1);
  });

  test('a tile’s pods are reachable by keyboard: Tab into them, arrows between them, Enter opens one, Escape back to the node', async ({ lanes, page }) => {
    await lanes.open();
    const tile = lanes.nodesIn('general-pool').first();
    const chips = tile.getByTestId('pod-open');
    expect(await chips.count()).toBeGreaterThan(1);
    await tile.focus();
    await page.keyboard.press('Tab');
    await expect(chips.first()).toBeFocused();
    // A DaemonSet's pod (the node's log agent) says so in its name.
    await expect(chips.first()).toHaveAccessibleName(/^[a-z0-9-]+\/[a-z0-9-]+( \(DaemonSet pod\))?: Running, requests /);
    await page.keyboard.press('ArrowRight');
    await expect(chips.nth(1)).toBeFocused();
    // One tab stop for the tile's pods: the chip visited last, and the others out of the order.
    await expect(chips.nth(1)).toHaveAttribute('tabindex', '0');
    await expect(chips.first()).toHaveAttribute('tabindex', '-1');
    await page.keyboard.press('End');
    await expect(chips.last()).toBeFocused();
    await page.keyboard.press('Home');
    await expect(chips.first()).toBeFocused();
    await page.keyboard.press('ArrowRight');

    const pod = (await tile.getByTestId('pod').nth(1).getAttribute('data-pod'))!;
    await page.keyboard.press('Enter');
    await expect(lanes.panelTitle).toHaveText(`Pod ${pod}`);
    await expect(lanes.panelTitle).toBeFocused();
    // Closing the panel gives the keyboard back to the chip; Escape there goes back to the node.
    await page.keyboard.press('Escape');
    await expect(lanes.panel).toHaveCount(0);
    await expect(chips.nth(1)).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(tile).toBeFocused();
    // From the tile, arrows move between tiles again, and Tab past the pods reaches the next tile.
    await page.keyboard.press('ArrowRight');
    await expect(lanes.nodesIn('general-pool').nth(1)).toBeFocused();
  });
});
