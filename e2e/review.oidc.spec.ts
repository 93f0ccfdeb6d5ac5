// The review as the cluster's RBAC lets each user see and act: a viewer reads every verdict but is
// offered no node action (and the API refuses one with the cluster's 403); an operator is offered
// them; a user who may not list nodes is told why instead of being shown an empty review.
import { OIDC_USERS } from '../test/support/oidc-provider';
import { test, expect } from './fixtures';
import { ReviewPage } from './pages/review.page';

test.describe('review and RBAC', () => {
  test('a viewer reads the verdicts, is offered no action, and a cordon is refused by the cluster', async ({ page, signIn }) => {
    const review = new ReviewPage(page);
    await signIn.signInAs(OIDC_USERS.vera, '/clusters/sandbox/review');
    await expect(review.table).toBeVisible();
    await expect(review.table.locator('tr[data-code="ManagedNodeGroup"]')).toHaveCount(2);
    await expect(review.table.getByText('Actions ▾')).toHaveCount(0);
    const node = await review.table.locator('tr[data-node]').first().getAttribute('data-node');
    const refused = await page.evaluate(async (name) => {
      const res = await fetch(`/api/clusters/sandbox/nodes/${name}/cordon`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
      return { status: res.status, body: await res.json() };
    }, node);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('cannot patch resource "nodes"');
  });

  test('an operator is offered the node actions', async ({ page, signIn }) => {
    const review = new ReviewPage(page);
    await signIn.signInAs(OIDC_USERS.otto, '/clusters/sandbox/review');
    const first = review.table.locator('tr[data-node]').first();
    await first.getByText('Actions ▾').click();
    await expect(first.getByRole('menuitem')).toHaveText(['Cordon', 'Drain (evict)', 'Drain by rollout restart', 'Mark do-not-disrupt']);
  });

  test('a user who may not list nodes is told so', async ({ page, signIn }) => {
    await signIn.signInAs(OIDC_USERS.tess, '/clusters/sandbox/review');
    await expect(page.getByRole('alert').filter({ hasText: 'you may not list nodes' })).toBeVisible();
  });
});
