// A session is only as good as the ID token it came from: the dashboard re-checks it at the IdP
// (refresh grant) when the ID token runs out, and takes the groups the IdP answers then. Rory's ID
// tokens live 15 s at the test IdP (test/support/oidc-provider.ts), so the re-check happens inside
// the test; the groups are changed at the IdP between sign-in and re-check.
import { REFRESHING_OIDC_USERS, setOidcGroups } from '../test/support/oidc-provider';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

const rory = REFRESHING_OIDC_USERS.rory;
const restartPath = '/api/clusters/sandbox/deployments/apps/report-worker/restart';

test.describe.configure({ mode: 'serial' });

test.beforeEach(async () => {
  await setOidcGroups(issuer(), rory.login, rory.groups);
});
test.afterAll(async () => {
  await setOidcGroups(issuer(), rory.login, rory.groups);
});

function issuer(): string {
  return String(test.info().project.metadata.oidcIssuer);
}

test('a group removed at the IdP leaves the dashboard at the next re-check, and the cluster refuses what it allowed', async ({ page, signIn, kubectl, baseURL }) => {
  test.setTimeout(120_000);
  await signIn.signInAs(rory);
  const me = async () => (await page.request.get('/api/clusters/sandbox/me')).json();
  expect((await me()).user.groups).toEqual(['operators']);
  const cookieAtSignIn = await sessionCookie(page);

  await setOidcGroups(issuer(), rory.login, ['viewers']);
  // The ID token lives 15 s; the re-check is due then and happens on the next request.
  await expect.poll(async () => (await me()).user?.groups, { timeout: 45_000, intervals: [1_000] }).toEqual(['viewers']);
  expect(await sessionCookie(page)).not.toBe(cookieAtSignIn);
  expect((await me()).capabilities).toMatchObject({ patchDeployments: [], patchNodes: false });

  const before = await kubectl.json<{ metadata: { resourceVersion: string } }>(['get', 'deployment', 'report-worker', '-n', 'apps']);
  const res = await page.request.post(restartPath, { data: {}, headers: { Origin: baseURL!, 'Sec-Fetch-Site': 'same-origin' } });
  expect(res.status(), await res.text()).toBe(403);
  const after = await kubectl.json<{ metadata: { resourceVersion: string } }>(['get', 'deployment', 'report-worker', '-n', 'apps']);
  expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
});

test('a refresh that answers with a name the claim rules refuse ends the session', async ({ page, signIn }) => {
  test.setTimeout(120_000);
  await signIn.signInAs(rory);
  expect((await page.request.get('/api/clusters/sandbox/me')).status()).toBe(200);

  await setOidcGroups(issuer(), rory.login, [' system:masters', 'operators']);
  await expect.poll(async () => (await page.request.get('/api/clusters/sandbox/me')).status(), { timeout: 45_000, intervals: [1_000] }).toBe(401);
  await page.goto('/clusters/sandbox/lanes');
  await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
});

async function sessionCookie(page: Page): Promise<string> {
  const pieces = (await page.context().cookies()).filter((c) => c.name.includes('session-token'));
  expect(pieces.length).toBeGreaterThan(0);
  return pieces.map((c) => c.value).join('');
}
