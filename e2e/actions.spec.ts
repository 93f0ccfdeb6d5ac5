// The action forms' refusals and warnings, through the UI: a plan blocked by a pool's limits,
// invalid input answered field by field with nothing changed in the cluster, and a concurrent
// change explained as a 409 instead of being overwritten.
import { test, expect } from './fixtures';
import { MovePage, NodeClassFormPage } from './pages/actions.page';

type Listed = { items: Array<{ metadata: { name: string; resourceVersion: string } }> };
const versions = (list: Listed) => Object.fromEntries(list.items.map((i) => [i.metadata.name, i.metadata.resourceVersion]));

test.describe('actions refuse what they must', () => {
  test('invalid input gets field errors and changes nothing in the cluster', async ({ page, kubectl }) => {
    const form = new NodeClassFormPage(page);
    const before = { classes: versions(await kubectl.json<Listed>(['get', 'nodeclasses'])), pools: versions(await kubectl.json<Listed>(['get', 'nodepools'])) };
    await form.open();
    await form.fill({ name: 'AI_ML', pool: 'ai', instanceTypes: ['c6a.large'], limitsCpu: 'lots' });
    await form.preview();
    await expect(form.error).toBeVisible();
    await expect(form.fieldError('name')).toContainText('lowercase RFC 1123');
    await expect(form.createButton).toBeDisabled();
    await form.fill({ name: 'ai-ok', pool: 'ai' });
    await form.preview();
    await expect(form.fieldError('nodePool.limits.cpu')).toContainText('Kubernetes quantity');
    await page.screenshot({ path: 'test-results/node-class-errors.png', fullPage: true });
    expect({ classes: versions(await kubectl.json<Listed>(['get', 'nodeclasses'])), pools: versions(await kubectl.json<Listed>(['get', 'nodepools'])) }).toEqual(before);
  });

  test('the form takes categories, two taints and a scheduled budget; a bad cron is answered beside its field and nothing typed is lost', async ({ page, kubectl }) => {
    const form = new NodeClassFormPage(page);
    const pools = versions(await kubectl.json<Listed>(['get', 'nodepools']));
    await form.open();
    await form.fill({ name: 'batch-node-class', pool: 'batch' });
    await form.choose('nodePool.instanceCategories', 'c', 'm');
    await form.choose('nodePool.instanceGenerations', '6');
    await expect(page.getByTestId('allowed-types')).toContainText('c6a.large, c6a.xlarge, m6a.large, m6a.xlarge, m6a.2xlarge');
    await form.addTaint({ key: 'batch.example.com/preemptible', value: 'true', effect: 'NoExecute' });
    await form.addScheduledBudget({ schedule: '61 9 * * mon-fri', duration: '8h' });
    await page.getByTestId('add-subnetSelectorTerms').click();
    await form.field('subnetSelectorTerms.0.text').fill('Name=private-*');
    await page.locator('textarea[name="tags"]').fill('team=batch');
    await form.preview();
    await expect(form.fieldError('nodePool.budgets.1')).toContainText('not a schedule Karpenter can read');
    await expect(form.createButton).toBeDisabled();
    // A refused check keeps everything the user typed.
    await expect(form.field('nodePool.taints.1.key')).toHaveValue('batch.example.com/preemptible');
    await expect(form.choice('nodePool.instanceCategories', 'm')).toBeChecked();
    await page.screenshot({ path: 'test-results/node-class-form-cron-error.png', fullPage: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: 'test-results/node-class-form-cron-error-dark.png', fullPage: true });
    await page.emulateMedia({ colorScheme: 'light' });

    await form.field('budget-0-schedule').fill('0 9 * * mon-fri');
    await form.preview();
    await expect(form.previewPanel).toContainText('The API server accepted both objects in a dry run.');
    await expect(form.previewPanel).toContainText('eks.amazonaws.com/instance-category');
    await expect(form.previewPanel).toContainText('key: batch.example.com/preemptible');
    await expect(form.previewPanel).toContainText('schedule: 0 9 * * mon-fri');
    await expect(form.previewPanel).toContainText('Name: private-*');
    await expect(form.previewPanel).toContainText('team: batch');
    await expect(form.fieldError('nodePool.budgets.1')).toHaveCount(0);
    await page.screenshot({ path: 'test-results/node-class-form-preview.png', fullPage: true });
    // Previewed only: the dry run created nothing.
    expect(versions(await kubectl.json<Listed>(['get', 'nodepools']))).toEqual(pools);
  });

  test('the what-if reports a pool blocked by its limits', async ({ page }) => {
    const form = new NodeClassFormPage(page);
    await form.open();
    await form.fill({ name: 'tiny-node-class', pool: 'tiny', instanceTypes: ['m6a.xlarge'], limitsCpu: '1' });
    await form.preview();
    await expect(form.previewPanel).toBeVisible();
    await form.createButton.click();
    await expect(page.getByTestId('activity')).toBeVisible();

    const move = new MovePage(page);
    await move.open();
    await move.pick('apps/image-proctoring');
    await move.target(/NodePool tiny/);
    await move.plan();
    await expect(page.getByTestId('plan-blocked')).toContainText('blocked by limits');
    await expect(page.getByTestId('plan-pending')).toContainText('2');
    await page.screenshot({ path: 'test-results/plan-blocked.png', fullPage: true });
  });

  test('someone else changing the deployment after the plan is a 409, explained, and nothing is pinned', async ({ page, kubectl }) => {
    const move = new MovePage(page);
    await move.open();
    await move.pick('apps/report-worker');
    await move.target(/NodeClass default/);
    await move.plan();
    // Another operator edits the spec (without moving pods) while this one reads the plan.
    await kubectl.ok(['patch', 'deployment/report-worker', '-n', 'apps', '-p', '{"spec":{"revisionHistoryLimit":4}}']);
    await move.applyButton.click();
    await expect(move.error).toContainText('changed by someone else since you opened it');
    await expect(move.error).toContainText('Plan again');
    const d = await kubectl.json<{ spec: { template: { spec: { nodeSelector?: Record<string, string> } } } }>(['get', 'deployment', 'report-worker', '-n', 'apps']);
    expect(d.spec.template.spec.nodeSelector?.['eks.amazonaws.com/nodeclass']).toBeUndefined();
  });

  test('restart shows the PDB that covers the pods, then restarts as kubectl does and follows it live', async ({ page, kubectl }) => {
    const move = new MovePage(page);
    await move.open();
    await page.getByTestId('restart-apps/backend-api').click();
    const dialog = page.locator('dialog[open]').getByTestId('restart-dialog');
    await expect(dialog.getByTestId('restart-pdbs')).toContainText('backend-api (1 disruption allowed now)');
    await expect(dialog).toContainText('kubectl rollout restart deployment/backend-api -n apps');
    await page.screenshot({ path: 'test-results/restart-dialog.png', fullPage: true });
    await dialog.getByTestId('restart-confirm').click();
    await expect(page.getByTestId('activity')).toContainText('Rollout restart');
    await expect(page.getByTestId('activity-state')).toHaveText('Settled.', { timeout: 60_000 });
    const d = await kubectl.json<{ spec: { template: { metadata: { annotations?: Record<string, string> } } } }>(['get', 'deployment', 'backend-api', '-n', 'apps']);
    expect(d.spec.template.metadata.annotations?.['kubectl.kubernetes.io/restartedAt']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });
});
