// NODELANES_AUTH=off: allowed, but never silent.
import { test, expect } from './fixtures';

test('every page says that sign-in is off and whose rights everyone uses', async ({ page, lanes }) => {
  await lanes.open();
  const banner = page.getByTestId('auth-off-banner');
  await expect(banner).toHaveText("Sign-in is off: everyone acts as the server's kubeconfig identity");
  await expect(lanes.userMenu.root).toHaveText('Not signed in (sign-in is off)');
  await page.screenshot({ path: 'test-results/auth-off-banner.png' });

  const missing = await page.goto('/clusters/nope/lanes');
  expect(missing?.status()).toBe(404);
  await expect(banner).toBeVisible();

  const me = await (await page.request.get('/api/clusters/sandbox/me')).json();
  expect(me).toMatchObject({ mode: 'off', user: { name: 'kubeconfig identity', groups: [] } });
});
