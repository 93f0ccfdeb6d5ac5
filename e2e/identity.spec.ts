// The zero-config sandbox: no sign-in, and the page says whom it acts as.
import { test, expect } from './fixtures';

test('the sandbox demo says who you are acting as, on every page', async ({ page, lanes }) => {
  await lanes.open();
  await expect(lanes.userMenu.root).toHaveText('Signed in as demo-operator (sandbox demo)');
  await expect(page.getByTestId('auth-off-banner')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/sandbox-demo-header.png' });

  const me = await (await page.request.get('/api/clusters/sandbox/me')).json();
  expect(me).toMatchObject({ user: { name: 'demo-operator', groups: ['operators'] }, mode: 'sandbox-demo', scope: { nodes: true, namespaces: 'all' } });

  // Sign-in endpoints do not exist in this mode, and the sign-in page sends you back.
  expect((await page.request.get('/api/auth/providers')).status()).toBe(404);
  await page.goto('/signin');
  await expect(page).toHaveURL(/\/clusters\/sandbox\/lanes$/);
});
