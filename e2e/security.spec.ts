// Headers on every response, and text from the cluster that stays text.
import { test, expect } from './fixtures';

test.describe('security headers and inert cluster text', () => {
  test('pages carry a nonce CSP without inline allowances for scripts, and still hydrate', async ({ page, lanes }) => {
    const response = await page.goto('/clusters/sandbox/lanes');
    const headers = response!.headers();
    const csp = headers['content-security-policy'];
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
    expect(nonce, csp).toBeTruthy();
    expect(csp).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['x-frame-options']).toBe('DENY');
    // HSTS only under https (lib/server/security-headers.test.ts): this server is plain http.
    expect(headers['strict-transport-security']).toBeUndefined();
    // Every script Next wrote into the page carries this response's nonce…
    const written = (await response!.text()).match(/<script\b[^>]*>/g) ?? [];
    expect(written.length).toBeGreaterThan(0);
    expect(written.filter((tag) => !tag.includes(`nonce="${nonce}"`))).toEqual([]);
    // …and a script added later (a chunk loaded on demand, which 'strict-dynamic' lets the trusted
    // scripts add) is the app's own file, never inline code without the nonce.
    const scripts = await page.locator('script').evaluateAll((els) => els.map((e) => ({ nonce: (e as HTMLScriptElement).nonce, src: (e as HTMLScriptElement).getAttribute('src') })));
    expect(scripts.filter((s) => s.nonce !== nonce && !s.src?.startsWith('/_next/static/'))).toEqual([]);
    // …and the app came alive under that policy: the live stream connected.
    await expect(lanes.live).toHaveAttribute('data-state', 'live');

    const second = await page.goto('/clusters/sandbox/lanes');
    expect(second!.headers()['content-security-policy']).not.toContain(nonce!);
  });

  test('API responses and built assets are covered too', async ({ page, request }) => {
    const api = await request.get('/api/clusters');
    expect(api.headers()['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(api.headers()['x-content-type-options']).toBe('nosniff');
    expect(api.headers()['referrer-policy']).toBe('no-referrer');
    const missing = await request.get('/api/clusters/nope/topology');
    expect(missing.headers()['x-content-type-options']).toBe('nosniff');

    await page.goto('/clusters/sandbox/lanes');
    const asset = await page.locator('script[src^="/_next/static/"]').first().getAttribute('src');
    const res = await request.get(asset!);
    expect(res.status()).toBe(200);
    expect(res.headers()['x-content-type-options']).toBe('nosniff');
  });

  test('markup in cluster data renders as inert text', async ({ page, lanes, kubectl }) => {
    const payload = '<img src=x onerror=alert(1)>';
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    // Label values cannot hold markup (the API server refuses them), so the payload goes where
    // free text can: a pod's status reason, which the pod chip shows as its status.
    const node = (await kubectl.json<{ items: { metadata: { name: string } }[] }>(['get', 'nodes'])).items[0].metadata.name;
    const refused = await kubectl.run(['patch', 'node', node, '--type=merge', '-p', JSON.stringify({ metadata: { labels: { evil: payload } } })]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('Invalid value');

    const pods = await kubectl.json<{ items: { metadata: { name: string } }[] }>(['get', 'pods', '-n', 'apps', '-l', 'app=report-worker']);
    const target = pods.items[0].metadata.name;
    await kubectl.ok(['patch', 'pod', target, '-n', 'apps', '--subresource=status', '--type=merge', '-p', JSON.stringify({ status: { reason: payload } })]);
    await lanes.open();
    const chip = lanes.pod(`apps/${target}`);
    await expect(chip).toHaveAttribute('data-status', payload);
    await expect(chip).toHaveAttribute('title', new RegExp(payload.replace(/[()]/g, '\\$&')));
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    await page.waitForTimeout(500);
    expect(dialogs).toEqual([]);
  });
});
