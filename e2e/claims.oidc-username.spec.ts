// A non-email user name (issue 27): this project's dashboard reads `preferred_username`
// (NODELANES_OIDC_USERNAME_CLAIM) with no prefix configured, so, as kube-apiserver's OIDC
// authenticator does, it names the user `<issuer>#<name>`. A name a person picked at the IdP then
// cannot borrow a binding the cluster grants to that bare name for someone else: the cluster
// refuses the action and the page says who the user really is.
import { COLLIDING_OIDC_USERS, HOSTILE_OIDC_USERS } from '../test/support/oidc-provider';
import { test, expect } from './fixtures';

const target = ['deployment', 'report-worker', '-n', 'apps'];
const restartPath = '/api/clusters/sandbox/deployments/apps/report-worker/restart';
const binding = 'e2e-olivia-operator';
type Deployment = { metadata: { resourceVersion: string; generation: number } };

test('a user name chosen at the IdP is prefixed: a binding for the bare name grants it nothing', async ({ page, signIn, lanes, kubectl, baseURL }, testInfo) => {
  const issuer = String(testInfo.project.metadata.oidcIssuer);
  const olivia = COLLIDING_OIDC_USERS.olivia;
  const prefixed = `${issuer}#${olivia.login}`;
  // The cluster grants the bare name `olivia` the operator's rights (as it would a person signing
  // in some other way, a certificate or another authenticator), and not the prefixed one.
  await kubectl.ok(['create', 'clusterrolebinding', binding, '--clusterrole=nodelanes:operator', `--user=${olivia.login}`]);
  try {
    expect((await kubectl.run(['auth', 'can-i', 'patch', 'deployments.apps', '-n', 'apps', `--as=${olivia.login}`])).stdout.trim()).toBe('yes');
    expect((await kubectl.run(['auth', 'can-i', 'patch', 'deployments.apps', '-n', 'apps', `--as=${prefixed}`])).stdout.trim()).toBe('no');

    await signIn.signInAs(olivia);
    await expect(lanes.live).toHaveAttribute('data-state', 'live');
    await expect(lanes.userMenu.name).toHaveText(prefixed);
    const me = await (await page.request.get('/api/clusters/sandbox/me')).json();
    expect(me.user).toMatchObject({ name: prefixed, groups: ['viewers'] });
    expect(me.capabilities).toMatchObject({ patchDeployments: [], patchNodes: false });

    // She restarts anyway, with her own session and the right Origin: the cluster refuses it,
    // naming the prefixed user, and nothing changes.
    const before = await kubectl.json<Deployment>(['get', ...target]);
    const res = await page.request.post(restartPath, { data: {}, headers: { Origin: baseURL!, 'Sec-Fetch-Site': 'same-origin' } });
    expect(res.status()).toBe(403);
    const body = await res.json();
    expect(body.error.code).toBe('forbidden');
    expect(body.error.message).toContain(`User "${prefixed}"`);
    const after = await kubectl.json<Deployment>(['get', ...target]);
    expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
  } finally {
    await kubectl.run(['delete', 'clusterrolebinding', binding, '--ignore-not-found']);
  }
});

test('with this claim too, mallory’s group under "system:" refuses her sign-in', async ({ page, signIn }) => {
  await page.goto('/clusters/sandbox/lanes');
  await signIn.button.click();
  await signIn.fillIdpForm(HOSTILE_OIDC_USERS.mallory);
  await page.waitForURL((url) => url.pathname === '/signin' && url.searchParams.get('reason') === 'group_reserved');
  await expect(signIn.error).toContainText('One of your groups is under "system:"');
  expect((await page.request.get('/api/clusters/sandbox/me')).status()).toBe(401);
});

test('eve’s unverified email naming the admin is no name here: she is her own prefixed user name, and may not act', async ({ page, signIn, baseURL }, testInfo) => {
  const eve = HOSTILE_OIDC_USERS.eve;
  const prefixed = `${String(testInfo.project.metadata.oidcIssuer)}#${eve.login}`;
  await signIn.signInAs(eve);
  const me = await (await page.request.get('/api/clusters/sandbox/me')).json();
  expect(me.user).toMatchObject({ name: prefixed, groups: ['viewers'] });
  // Nor is the unverified address shown as hers.
  expect(me.user.email).toBeUndefined();
  const res = await page.request.post(restartPath, { data: {}, headers: { Origin: baseURL!, 'Sec-Fetch-Site': 'same-origin' } });
  expect(res.status()).toBe(403);
  expect((await res.json()).error.message).toContain(`User "${prefixed}"`);
});
