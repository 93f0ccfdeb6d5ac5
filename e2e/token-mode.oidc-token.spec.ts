// Token mode (NODELANES_IDENTITY=token) through the browser: the IdP's code flow ends in a session
// cookie holding the ID token, and every per-user call carries that token to the cluster, which
// verifies it itself. This project's sandbox trusts the test IdP and names its users `oidc:<email>`
// (the dashboard names them `<email>`), so a refusal naming `oidc:…` can only come from the cluster
// reading the token — an impersonated call would name the dashboard's form.
import { OIDC_USERS } from '../test/support/oidc-provider';
import { test, expect } from './fixtures';

const restartPath = '/api/clusters/sandbox/deployments/apps/report-worker/restart';
type Deployment = { metadata: { resourceVersion: string; generation: number } };

test('a viewer signs in through the browser, sees the lanes, and the cluster itself refuses her write', async ({ page, signIn, lanes, kubectl, baseURL }) => {
  await signIn.signInAs(OIDC_USERS.vera);
  await expect(lanes.live).toHaveAttribute('data-state', 'live');
  expect(await lanes.laneNames()).toEqual(['general-pool', 'general-purpose', 'system']);
  await expect(lanes.userMenu.name).toHaveText('vera@example.test');
  await page.screenshot({ path: 'test-results/token-mode-lanes.png' });

  const before = await kubectl.json<Deployment>(['get', 'deployment', 'report-worker', '-n', 'apps']);
  const res = await page.request.post(restartPath, { data: {}, headers: { Origin: baseURL!, 'Sec-Fetch-Site': 'same-origin' } });
  expect(res.status()).toBe(403);
  expect((await res.json()).error.message).toContain('oidc:vera@example.test');
  const after = await kubectl.json<Deployment>(['get', 'deployment', 'report-worker', '-n', 'apps']);
  expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
});

test('an operator’s restart goes through with the operator’s own token', async ({ page, signIn, kubectl, baseURL }) => {
  await signIn.signInAs(OIDC_USERS.otto);
  const before = await kubectl.json<Deployment>(['get', 'deployment', 'report-worker', '-n', 'apps']);
  const res = await page.request.post(restartPath, { data: {}, headers: { Origin: baseURL!, 'Sec-Fetch-Site': 'same-origin' } });
  expect(res.status(), await res.text()).toBe(200);
  const after = await kubectl.json<Deployment>(['get', 'deployment', 'report-worker', '-n', 'apps']);
  expect(after.metadata.generation).toBeGreaterThan(before.metadata.generation);
});
