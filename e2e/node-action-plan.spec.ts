// Every node action shows its plan before it runs: the review's Actions menu opens a dialog with
// the server's dry-run plan (steps, pods that leave or stay, where they land, refusals), and
// Cancel leaves the node as it was. A drain by restart of a general-pool node is refused in the
// dialog, naming node-agent's anti-affinity, with Confirm disabled.
import { test, expect } from './fixtures';
import { ReviewPage } from './pages/review.page';

interface Pod {
  spec: { nodeName?: string };
  status: { phase: string };
}

async function agentNode(kubectl: { json<T>(args: string[]): Promise<T> }): Promise<string> {
  const pods = await kubectl.json<{ items: Pod[] }>(['get', 'pods', '-n', 'platform', '-l', 'app=node-agent']);
  const running = pods.items.find((p) => p.status.phase === 'Running' && p.spec.nodeName);
  if (!running) throw new Error('node-agent is not running');
  return running.spec.nodeName!;
}

test.describe('node action plans', () => {
  test('each node action opens its plan first; Cancel changes nothing', async ({ page, kubectl }) => {
    test.setTimeout(120_000);
    await expect.poll(async () => agentNode(kubectl).catch(() => ''), { timeout: 60_000 }).not.toBe('');
    const node = await agentNode(kubectl);
    const review = new ReviewPage(page);
    await review.open();
    await expect(review.row(node)).toBeVisible();

    for (const [action, step] of [
      ['Cordon', 'Cordon the node'],
      ['Drain (evict)', 'Evict pods through the Eviction API'],
      ['Mark do-not-disrupt', 'Mark karpenter.sh/do-not-disrupt'],
    ] as const) {
      await review.act(node, action);
      const dialog = page.getByTestId('node-action-dialog');
      await expect(dialog.getByRole('heading', { name: `${action}: ${node}` })).toBeVisible();
      await expect(page.getByTestId('node-plan-steps')).toContainText(step);
      await expect(dialog).toContainText('platform/node-agent-');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await expect(dialog).toBeHidden();
    }
    const after = await kubectl.json<{ spec: { unschedulable?: boolean }; metadata: { annotations?: Record<string, string> } }>(['get', 'node', node]);
    expect(after.spec.unschedulable).toBeUndefined();
    expect(after.metadata.annotations?.['karpenter.sh/do-not-disrupt']).toBeUndefined();
  });

  test('a drain by restart the plan refuses says why and cannot be confirmed', async ({ page, kubectl }) => {
    const node = await agentNode(kubectl);
    const review = new ReviewPage(page);
    await review.open();
    await review.act(node, 'Drain by rollout restart');
    const refusals = page.getByTestId('node-plan-refusals');
    await expect(refusals).toContainText(/platform\/node-agent.*anti-affinity/);
    await expect(page.getByTestId('node-action-confirm')).toBeDisabled();
    await page.getByTestId('node-action-dialog').screenshot({ path: 'test-results/node-action-plan-refused.png' });
    // Keyboard: Escape closes the dialog, as a native modal dialog does.
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('node-action-dialog')).toBeHidden();
    expect((await kubectl.json<{ spec: { unschedulable?: boolean } }>(['get', 'node', node])).spec.unschedulable).toBeUndefined();
  });

  test('a drain by restart of a Recreate deployment offers the surge patch; ticked, the plan patches it first', async ({ page, kubectl }) => {
    test.setTimeout(120_000);
    const labels = { app: 'recreated' };
    await kubectl.ok(['apply', '-f', '-'], {
      input: JSON.stringify({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'recreated', namespace: 'apps' },
        spec: {
          replicas: 1,
          strategy: { type: 'Recreate' },
          selector: { matchLabels: labels },
          template: { metadata: { labels }, spec: { nodeSelector: { workload: 'cpu' }, containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: '50m', memory: '64Mi' } } }] } },
        },
      }),
    });
    const node = await expect
      .poll(async () => {
        const pods = await kubectl.json<{ items: Pod[] }>(['get', 'pods', '-n', 'apps', '-l', 'app=recreated']);
        return pods.items.find((p) => p.status.phase === 'Running')?.spec.nodeName ?? '';
      }, { timeout: 60_000 })
      .not.toBe('')
      .then(async () => (await kubectl.json<{ items: Pod[] }>(['get', 'pods', '-n', 'apps', '-l', 'app=recreated'])).items[0].spec.nodeName!);
    const review = new ReviewPage(page);
    await review.open();
    await review.act(node, 'Drain by rollout restart');
    const dialog = page.getByTestId('node-action-dialog');
    await expect(page.getByTestId('node-plan-refusals')).toContainText('Deployment apps/recreated uses the Recreate strategy');
    const offer = page.getByTestId('surge-offer');
    await expect(offer).toContainText('Patch maxSurge to 1 for this drain: apps/recreated (Recreate)');
    await dialog.screenshot({ path: 'test-results/node-action-surge-offer.png' });
    await offer.getByRole('checkbox').check();
    await expect(page.getByTestId('node-plan-steps')).toContainText('Patch to RollingUpdate maxSurge 1, maxUnavailable 0 (set back after the rollout): apps/recreated');
    await expect(dialog).not.toContainText('uses the Recreate strategy');
    await dialog.screenshot({ path: 'test-results/node-action-surge-accepted.png' });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    const d = await kubectl.json<{ spec: { strategy: { type: string } } }>(['get', 'deployment', 'recreated', '-n', 'apps']);
    expect(d.spec.strategy.type).toBe('Recreate');
    await kubectl.ok(['delete', 'deployment', 'recreated', '-n', 'apps']);
  });
});
