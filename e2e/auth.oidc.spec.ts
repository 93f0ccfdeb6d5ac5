// Sign-in against a real OpenID provider (test/support/oidc-provider.ts) and the sandbox's RBAC:
// what each group sees, signing out, and the API without a session.
import { HOSTILE_OIDC_USERS, OIDC_USERS } from '../test/support/oidc-provider';
import { test, expect } from './fixtures';

test.describe('signed out', () => {
  test('pages send you to sign-in and the API answers 401 JSON', async ({ page, request }) => {
    for (const path of ['/api/clusters', '/api/clusters/sandbox/topology', '/api/clusters/sandbox/topology/stream', '/api/clusters/sandbox/me']) {
      const res = await request.get(path);
      expect(res.status(), path).toBe(401);
      expect(res.headers()['content-type']).toContain('application/json');
      expect(await res.json()).toEqual({ error: { code: 'unauthenticated', message: 'Sign in to use nodelanes.' } });
    }
    // A forged cookie is no session.
    const forged = await request.get('/api/clusters', { headers: { cookie: 'next-auth.session-token=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..x.y.z' } });
    expect(forged.status()).toBe(401);

    await page.goto('/clusters/sandbox/lanes');
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fclusters%2Fsandbox%2Flanes$/);
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await page.screenshot({ path: 'test-results/signin.png', fullPage: true });
  });

  test('a wrong password is refused by the identity provider', async ({ page, signIn }) => {
    await page.goto('/signin');
    await signIn.button.click();
    await signIn.fillIdpForm({ login: 'vera', password: 'not-her-password' });
    await expect(page.getByRole('alert')).toHaveText('Unknown user or wrong password.');
  });
});

test.describe('signed in', () => {
  test('a viewer sees every lane and who they are', async ({ page, signIn, lanes }) => {
    await signIn.signInAs(OIDC_USERS.vera);
    await expect(lanes.live).toHaveAttribute('data-state', 'live');
    expect(await lanes.laneNames()).toEqual(['general-pool', 'general-purpose', 'system']);
    await expect(lanes.lane('system').locator('[data-pod^="kube-system/coredns-"]')).toHaveCount(2);
    await expect(lanes.userMenu.name).toHaveText('vera@example.test');
    await lanes.userMenu.open();
    await expect(lanes.userMenu.groups).toHaveText('viewers');
    await page.screenshot({ path: 'test-results/user-menu.png' });
    const signOutButton = lanes.userMenu.root.getByRole('button', { name: 'Sign out' });
    await page.keyboard.press('Escape');
    await expect(signOutButton).toBeHidden();
    await lanes.userMenu.open();
    await page.getByRole('heading', { name: 'Lanes', exact: true }).click();
    await expect(signOutButton).toBeHidden();

    const me = await (await page.request.get('/api/clusters/sandbox/me')).json();
    expect(me).toMatchObject({
      user: { name: 'vera@example.test', groups: ['viewers'] },
      mode: 'oidc',
      scope: { nodes: true, namespaces: 'all', empty: false },
      capabilities: { patchDeployments: [], evictPods: [], patchNodes: false, createNodePools: false, createNodeClasses: false },
    });
  });

  test('a namespace of 1,000 pods is drawn in blocks near the window: the pods-only view stays light and every pod is reachable', async ({ page, signIn, lanes, kubectl }) => {
    // A thousand pods made through the API: the sandbox's controllers take a while on a busy machine.
    test.setTimeout(180_000);
    // Pods no scheduler here takes (another schedulerName), so Auto Mode launches nothing for them
    // and the rest of the cluster stays as the other specs expect.
    await kubectl.ok(['create', 'deployment', 'crowd', '-n', 'apps', '--image=public.ecr.aws/nginx/nginx:1.27', '--replicas=0']);
    try {
      await kubectl.ok(['patch', 'deployment', 'crowd', '-n', 'apps', '--type=merge', '-p', JSON.stringify({ spec: { replicas: 1000, template: { spec: { schedulerName: 'manual-scheduler' } } } })]);
      const listed = async () => (await kubectl.json<{ items: { metadata: { name: string } }[] }>(['get', 'pods', '-n', 'apps'])).items.map((p) => p.metadata.name);
      await expect.poll(async () => (await listed()).filter((n) => n.startsWith('crowd-')).length, { timeout: 120_000 }).toBe(1000);
      const names = (await listed()).sort((a, b) => a.localeCompare(b));

      await signIn.signInAs(OIDC_USERS.tess);
      await expect(lanes.live).toHaveAttribute('data-state', 'live', { timeout: 60_000 });
      await expect(page.getByText(`${names.length} pods in 1 namespace`)).toBeVisible();
      const chips = lanes.namespaceSection('apps').getByTestId('pod');
      // Only the blocks of 200 near the window are in the page, not every pod.
      await expect(chips.first()).toBeVisible();
      const drawn = await chips.count();
      expect(drawn).toBeGreaterThan(0);
      expect(drawn).toBeLessThan(names.length);
      await expect(lanes.pod(`apps/${names[0]}`)).toHaveCount(1);
      await expect(lanes.pod(`apps/${names.at(-1)}`)).toHaveCount(0);
      await page.screenshot({ path: 'test-results/pods-only-crowd-top.png' });

      // Scrolled to the end: the last pod is drawn, the first one is gone from the page.
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await expect(lanes.pod(`apps/${names.at(-1)}`)).toHaveCount(1);
      await expect(lanes.pod(`apps/${names[0]}`)).toHaveCount(0);
      expect(await chips.count()).toBeLessThan(names.length);
      await page.screenshot({ path: 'test-results/pods-only-crowd-bottom.png' });
    } finally {
      await kubectl.ok(['delete', 'deployment', 'crowd', '-n', 'apps']);
      await expect.poll(async () => (await kubectl.json<{ items: unknown[] }>(['get', 'pods', '-n', 'apps', '-l', 'app=crowd'])).items.length, { timeout: 60_000 }).toBe(0);
    }
  });

  test('an operator may act on workloads and nodes', async ({ page, signIn }) => {
    await signIn.signInAs(OIDC_USERS.otto);
    const me = await (await page.request.get('/api/clusters/sandbox/me')).json();
    expect(me.user).toEqual({ name: 'otto@example.test', email: 'otto@example.test', groups: ['operators'] });
    expect(me.capabilities).toMatchObject({ patchDeployments: 'all', patchNodes: true });
  });

  test('a user limited to one namespace sees only its pods and no nodes', async ({ page, signIn, lanes, kubectl }) => {
    await signIn.signInAs(OIDC_USERS.tess);
    await expect(lanes.nodesHidden).toContainText('does not let tess@example.test (groups team-apps) list nodes');
    await expect(lanes.live).toHaveAttribute('data-state', 'live');
    await expect(lanes.page.getByTestId('lane')).toHaveCount(0);
    await expect(lanes.page.getByTestId('namespace')).toHaveCount(1);
    const appsPods = await kubectl.json<{ items: unknown[] }>(['get', 'pods', '-n', 'apps']);
    await expect(lanes.namespaceSection('apps').getByTestId('pod')).toHaveCount(appsPods.items.length);
    await expect(page.locator('[data-pod^="kube-system/"]')).toHaveCount(0);
    await page.screenshot({ path: 'test-results/namespace-only.png', fullPage: true });

    // The API says the same: nothing outside `apps`, no nodes, no node pools.
    const topology = await (await page.request.get('/api/clusters/sandbox/topology')).json();
    expect(topology.nodes).toEqual([]);
    expect(topology.nodePools).toEqual([]);
    expect(new Set(topology.pods.map((p: { namespace: string }) => p.namespace))).toEqual(new Set(['apps']));
    expect(topology.events.every((e: { namespace: string }) => e.namespace === 'apps')).toBe(true);

    // And so does the live stream: a new pod elsewhere never reaches tess's page.
    await kubectl.ok(['delete', 'pod', '-n', 'kube-system', '-l', 'k8s-app=kube-dns', '--wait=false']);
    const victim = (await kubectl.json<{ items: { metadata: { name: string } }[] }>(['get', 'pods', '-n', 'apps', '-l', 'app=frontend'])).items[0].metadata.name;
    await kubectl.ok(['delete', 'pod', victim, '-n', 'apps', '--wait=false']);
    await expect(lanes.pod(`apps/${victim}`)).toHaveCount(0);
    await expect(page.locator('[data-pod^="kube-system/"]')).toHaveCount(0);
  });

  test('a user the cluster grants nothing gets an explanation, not an empty or broken page', async ({ page, signIn }) => {
    await signIn.signInAs(OIDC_USERS.nina);
    const nothing = page.getByTestId('nothing-visible');
    await expect(nothing).toContainText('Nothing in “sandbox” is visible to you');
    await expect(nothing).toContainText('nina@example.test');
    await expect(page.getByTestId('pod')).toHaveCount(0);
    const topology = await (await page.request.get('/api/clusters/sandbox/topology')).json();
    expect([topology.nodes, topology.pods, topology.deployments, topology.events]).toEqual([[], [], [], []]);
  });

  test('signing out ends the session', async ({ page, signIn, lanes }) => {
    await signIn.signInAs(OIDC_USERS.vera);
    await expect(lanes.live).toHaveAttribute('data-state', 'live');
    await lanes.userMenu.signOut();
    await expect(page).toHaveURL(/\/signin/);
    expect((await page.request.get('/api/clusters')).status()).toBe(401);
    await page.goto('/clusters/sandbox/lanes');
    await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
  });
});

test.describe('writes act as the signed-in user', () => {
  const target = ['deployment', 'report-worker', '-n', 'apps'];
  const restartPath = '/api/clusters/sandbox/deployments/apps/report-worker/restart';
  type Deployment = { metadata: { resourceVersion: string; generation: number; annotations?: Record<string, string> }; spec: { template: { metadata?: { annotations?: Record<string, string> } } } };

  test('a viewer’s forged restart is refused by the cluster’s RBAC and changes nothing', async ({ page, signIn, kubectl, baseURL }) => {
    await signIn.signInAs(OIDC_USERS.vera);
    const before = await kubectl.json<Deployment>(['get', ...target]);
    // The page offers vera no restart; she sends one anyway, with her own session and the right Origin.
    const res = await page.request.post(restartPath, { data: {}, headers: { Origin: baseURL!, 'Sec-Fetch-Site': 'same-origin' } });
    expect(res.status()).toBe(403);
    const body = await res.json();
    expect(body.error.code).toBe('forbidden');
    expect(body.error.message).toContain('vera@example.test');
    // From another site, even with her cookie, the request is refused before reaching the cluster.
    const foreign = await page.request.post(restartPath, { data: {}, headers: { Origin: 'http://127.0.0.1:3211.evil.example' } });
    expect(foreign.status()).toBe(403);
    const after = await kubectl.json<Deployment>(['get', ...target]);
    expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
  });

  test('an operator’s restart goes through as them', async ({ page, signIn, kubectl, baseURL }) => {
    await signIn.signInAs(OIDC_USERS.otto);
    const before = await kubectl.json<Deployment>(['get', ...target]);
    const res = await page.request.post(restartPath, { data: {}, headers: { Origin: baseURL!, 'Sec-Fetch-Site': 'same-origin' } });
    expect(res.status(), await res.text()).toBe(200);
    const after = await kubectl.json<Deployment>(['get', ...target]);
    expect(after.metadata.generation).toBeGreaterThan(before.metadata.generation);
    expect(after.spec.template.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt']).toBeTruthy();
  });
});

test.describe('identities the cluster must never see', () => {
  const cases = [
    { user: HOSTILE_OIDC_USERS.mallory, reason: 'group_reserved', says: 'One of your groups is under "system:"' },
    { user: HOSTILE_OIDC_USERS.eve, reason: 'email_unverified', says: 'Your email address is not verified' },
  ];
  for (const { user, reason, says } of cases) {
    test(`${user.login}'s sign-in is refused with the reason, and no session is made`, async ({ page, signIn }) => {
      await page.goto('/clusters/sandbox/lanes');
      await signIn.button.click();
      await signIn.fillIdpForm(user);
      await page.waitForURL((url) => url.pathname === '/signin' && url.searchParams.get('reason') === reason);
      await expect(signIn.error).toContainText(says);
      await expect(signIn.button).toBeVisible();
      expect((await page.request.get('/api/clusters')).status()).toBe(401);
      expect((await page.request.get('/api/clusters/sandbox/me')).status()).toBe(401);
    });
  }
});
