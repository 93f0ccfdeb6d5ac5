// A finished action read again: after a restart settles, reloading its page shows the same time
// taken and the same charts, drawn from the record the cluster keeps, not from what the page had
// collected, and the time taken does not keep growing.
import { test, expect } from './fixtures';
import { ActivityPage, MovePage } from './pages/actions.page';

test.describe('a finished activity, reloaded', () => {
  test('shows the same time taken and charts after a reload', async ({ page }) => {
    test.setTimeout(120_000);
    const move = new MovePage(page);
    const activity = new ActivityPage(page);
    await move.open();
    await page.getByTestId('restart-apps/frontend').click();
    await page.locator('dialog[open]').getByTestId('restart-dialog').getByTestId('restart-confirm').click();
    await expect(page).toHaveURL(/\/clusters\/sandbox\/activity\//);
    // A loaded machine takes a while to load the page's charts the first time.
    await expect(activity.root).toContainText('Rollout restart', { timeout: 45_000 });
    await expect(activity.state).toHaveText('Settled.', { timeout: 90_000 });
    await expect(activity.timeTaken).toHaveText(/^(\d+s|\d+m\d\ds)$/, { timeout: 15_000 });
    const taken = await activity.timeTaken.textContent();
    const lines = { pods: await activity.chartLines('chart-pods'), cost: await activity.chartLines('chart-cost') };
    expect(lines.pods.length).toBeGreaterThan(0);
    expect(lines.pods.every((d) => d.length > 0)).toBe(true);

    // Long enough that a duration counted to "now" would read differently.
    await page.waitForTimeout(3_000);
    await page.reload();
    await expect(activity.root).toBeVisible({ timeout: 45_000 });
    await expect(activity.state).toHaveText('Settled.', { timeout: 30_000 });
    await expect(activity.timeTaken).toHaveText(taken!);
    await expect.poll(() => activity.chartLines('chart-pods')).toEqual(lines.pods);
    expect(await activity.chartLines('chart-cost')).toEqual(lines.cost);
    await expect(activity.chartNotes).toContainText('Drawn from the action');
    await page.screenshot({ path: test.info().outputPath('activity-reloaded.png'), fullPage: true });
  });
});
