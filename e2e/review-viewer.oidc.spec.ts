// The review is judged on the whole cluster, whoever reads it: nora, who may list nodes but view
// only namespace apps, sees on her page the same verdict for every node, the same pod counts and
// the same savings as ada, an admin, side by side in two browsers. Pods of namespaces she may not
// list are counted on her page, never named.
import type { Browser, Page, TestInfo } from '@playwright/test';
import { OIDC_USERS, type TestUser } from '../test/support/oidc-provider';
import { test, expect } from './fixtures';
import { ReviewPage } from './pages/review.page';
import { SignInPage } from './pages/signin.page';

interface Reading {
  rows: string[];
  totals: string[];
}

/** Every node's verdict code and pod count, and the totals' cards, as the page shows them. */
async function readReview(review: ReviewPage): Promise<Reading> {
  const rows = await review.table.locator('tr[data-node]').evaluateAll((trs) =>
    trs.map((tr) => `${tr.getAttribute('data-node')} ${tr.getAttribute('data-code')} ${/(\d+) pod\(s\)/.exec(tr.textContent ?? '')?.[1]}`).sort(),
  );
  const totals = await review.totals.locator('div').evaluateAll((cards) => cards.map((c) => c.textContent ?? ''));
  return { rows, totals };
}

async function reviewAs(browser: Browser, info: TestInfo, user: TestUser): Promise<{ page: Page; review: ReviewPage }> {
  const context = await browser.newContext({ baseURL: String(info.project.use.baseURL) });
  const page = await context.newPage();
  await new SignInPage(page).signInAs(user, '/clusters/sandbox/review');
  const review = new ReviewPage(page);
  await expect(review.table).toBeVisible();
  return { page, review };
}

test.describe('the review for a user limited to one namespace', () => {
  test('nora sees the same verdicts, pod counts and savings as an admin, and no name of a pod outside apps', async ({ browser, kubectl }, info) => {
    test.setTimeout(120_000);
    // node-readers may list nodes and nothing else; team-apps already views namespace apps.
    for (const args of [
      ['create', 'clusterrole', 'node-reader', '--verb=get,list,watch', '--resource=nodes'],
      ['create', 'clusterrolebinding', 'node-readers', '--clusterrole=node-reader', '--group=node-readers'],
    ]) {
      const r = await kubectl.run(args);
      if (r.code !== 0 && !r.stderr.includes('AlreadyExists')) throw new Error(r.stderr);
    }
    const admin = await reviewAs(browser, info, OIDC_USERS.ada);
    const nora = await reviewAs(browser, info, OIDC_USERS.nora);
    await expect(nora.page.getByRole('alert').filter({ hasText: 'may not list nodes' })).toHaveCount(0);

    // Each page refreshes on its own and countdowns end: compare readings taken together until
    // a pair agrees, and see that the cluster has pods everywhere (not a still-starting one).
    await expect(async () => {
      const [a, n] = await Promise.all([readReview(admin.review), readReview(nora.review)]);
      expect(a.rows.length).toBeGreaterThan(0);
      expect(a.rows.some((r) => !r.endsWith(' 0'))).toBe(true);
      expect(n).toEqual(a);
    }).toPass({ timeout: 60_000 });

    // Her page counts the pods of other namespaces (above) and names none of them; the admin's names some.
    const pods = await kubectl.json<{ items: Array<{ metadata: { namespace: string; name: string } }> }>(['get', 'pods', '-A']);
    const outside = pods.items.filter((p) => p.metadata.namespace !== 'apps').map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
    expect(outside.length).toBeGreaterThan(0);
    const noraText = (await nora.review.table.textContent()) ?? '';
    for (const name of outside) expect(noraText).not.toContain(name);
    const adminText = (await admin.review.table.textContent()) ?? '';
    expect(outside.some((name) => adminText.includes(name))).toBe(true);
    expect(noraText).toContain('(hidden pod');

    await nora.page.screenshot({ path: info.outputPath('review-viewer.png'), fullPage: true });
    await admin.page.context().close();
    await nora.page.context().close();
  });
});
