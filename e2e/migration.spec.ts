// The seed's migration done entirely through the dashboard, as the sandbox's demo operator:
// a new node class and pool, both AI/ML deployments pinned and restarted, the rebalancing
// followed live until the pods run on new nodes of that class and the emptied capacity goes.
import { test, expect } from './fixtures';
import { ActivityPage, MovePage, NodeClassFormPage } from './pages/actions.page';

interface Pod {
  metadata: { name: string; labels: Record<string, string>; deletionTimestamp?: string };
  spec: { nodeName?: string };
  status: { phase: string };
}
interface Node {
  metadata: { name: string; labels: Record<string, string> };
}

const HEAVY = ['image-proctoring', 'question-generator'];

test.describe('migrating AI/ML workloads to a new node class', () => {
  test('create ai-ml-node-class, pin both deployments, follow the rebalancing to its summary', async ({ page, kubectl }) => {
    test.setTimeout(240_000);
    const form = new NodeClassFormPage(page);
    const move = new MovePage(page);
    const activity = new ActivityPage(page);
    const defaultNodes = async () => (await kubectl.json<{ items: Node[] }>(['get', 'nodes', '-l', 'karpenter.sh/nodepool=general-purpose'])).items.map((n) => n.metadata.name);
    const before = await defaultNodes();

    await form.open();
    await expect(form.createButton).toBeDisabled();
    await form.fill({ name: 'ai-ml-node-class', pool: 'ai-ml', instanceTypes: ['m6a.xlarge', 'c6a.large'] });
    await form.preview();
    await expect(form.previewPanel).toContainText('kind: NodeClass');
    await expect(form.previewPanel).toContainText('kubectl apply -f ai-ml-node-class.yaml');
    await expect(form.previewPanel).toContainText('The API server accepted both objects in a dry run.');
    await page.screenshot({ path: 'test-results/node-class-preview.png', fullPage: true });
    await form.createButton.click();
    await expect(activity.root).toBeVisible();
    await expect(activity.poolStatus).toContainText('NodeClass ai-ml-node-class');
    await expect(activity.poolStatus).toContainText('Ready');
    expect((await kubectl.json<{ spec: { template: { spec: { requirements: unknown[] } } } }>(['get', 'nodepool', 'ai-ml'])).spec.template.spec.requirements).toContainEqual({
      key: 'node.kubernetes.io/instance-type',
      operator: 'In',
      values: ['m6a.xlarge', 'c6a.large'],
    });

    await move.open();
    await move.pick('apps/image-proctoring', 'apps/question-generator');
    await move.target(/NodeClass ai-ml-node-class/);
    await move.plan();
    await expect(page.getByTestId('plan-pending')).toContainText('0');
    await expect(page.getByTestId('plan-new-nodes')).toContainText(/m6a\.xlarge|c6a\.large/);
    await expect(page.getByTestId('placement-diff').first()).toContainText('added: nodeSelector eks.amazonaws.com/nodeclass: ai-ml-node-class');
    await page.screenshot({ path: 'test-results/move-plan.png', fullPage: true });
    await move.applyButton.click();

    await expect(activity.root).toBeVisible();
    await expect(page).toHaveURL(/\/clusters\/sandbox\/activity\/[0-9a-f-]{36}$/);
    await expect(activity.progress).toContainText('of 4 pods on ai-ml-node-class');
    await expect(activity.state).toHaveText('Settled.', { timeout: 120_000 });
    await expect(activity.progress).toContainText('4 of 4 pods on ai-ml-node-class');
    await expect(activity.summary).toContainText('Never scheduled0');

    // What the cluster says, independently of the view.
    const nodes = new Map((await kubectl.json<{ items: Node[] }>(['get', 'nodes'])).items.map((n) => [n.metadata.name, n]));
    const heavy = (await kubectl.json<{ items: Pod[] }>(['get', 'pods', '-n', 'apps'])).items.filter((p) => HEAVY.includes(p.metadata.labels.app) && !p.metadata.deletionTimestamp);
    expect(heavy).toHaveLength(4);
    for (const p of heavy) {
      const node = nodes.get(p.spec.nodeName ?? '');
      expect(node?.metadata.labels['eks.amazonaws.com/nodeclass']).toBe('ai-ml-node-class');
      expect(before).not.toContain(node?.metadata.name);
    }

    // Consolidation removes default-class capacity the move left behind; the view shows it.
    await expect
      .poll(async () => (await defaultNodes()).filter((n) => before.includes(n)).length, { timeout: 150_000, intervals: [2_000] })
      .toBeLessThan(before.length);
    await expect(activity.events).toContainText(/Disrupting NodeClaim: (Empty|Underutilized)/, { timeout: 30_000 });
    const current = (await kubectl.json<{ items: Node[] }>(['get', 'nodes'])).items.length;
    await expect(activity.summary.getByTestId('summary-nodes')).toHaveText(new RegExp(`→ ${current}$`), { timeout: 30_000 });
    await page.screenshot({ path: 'test-results/migration-summary.png', fullPage: true });

    // The view is the cluster's, not the browser's: it comes back the same after a reload.
    await page.reload();
    await expect(activity.progress).toContainText('4 of 4 pods on ai-ml-node-class');
  });
});
