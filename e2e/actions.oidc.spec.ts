// Actions follow the cluster's RBAC for the signed-in user: a viewer is offered nothing that
// would change the cluster (and the server refuses it anyway, see auth.oidc.spec.ts); an
// operator is offered the actions.
import { OIDC_USERS } from '../test/support/oidc-provider';
import { test, expect } from './fixtures';
import { MovePage, NodeClassFormPage } from './pages/actions.page';

test('a viewer can plan but has no action buttons', async ({ page, signIn }) => {
  await signIn.signInAs(OIDC_USERS.vera);
  const move = new MovePage(page);
  await move.open();
  await expect(page.getByText('read-only for you').first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Restart…' })).toHaveCount(0);
  await move.pick('apps/report-worker');
  await move.target(/NodeClass default/);
  await move.plan();
  await expect(move.applyButton).toHaveCount(0);
  await expect(page.getByText('You may not change apps/report-worker')).toBeVisible();

  const form = new NodeClassFormPage(page);
  await form.open();
  await expect(page.getByText('The cluster\'s RBAC does not let you create NodeClasses and NodePools.')).toBeVisible();
  await expect(form.createButton).toHaveCount(0);
  await page.screenshot({ path: 'test-results/viewer-node-class.png', fullPage: true });
});

test('an operator is offered the actions', async ({ page, signIn }) => {
  await signIn.signInAs(OIDC_USERS.otto);
  const move = new MovePage(page);
  await move.open();
  await expect(page.getByTestId('restart-apps/frontend')).toBeEnabled();
  await expect(page.getByText('read-only for you')).toHaveCount(0);
  const form = new NodeClassFormPage(page);
  await form.open();
  await expect(form.createButton).toBeVisible();
});
