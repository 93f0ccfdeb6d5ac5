// Adding and tuning capacity through the UI: a managed node group with a label (checked, created
// through the EKS API, followed until its nodes are Ready) that a deployment is then pinned to;
// and a NodePool edit planned as a diff with the node it would drift, refused with a 409 when
// someone changed the pool meanwhile, then applied.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { DeleteNodegroupCommand, EKSClient } from '@aws-sdk/client-eks';
import { test, expect } from './fixtures';
import type { kubectlFor } from '../test/support/kubectl';
import { MovePage } from './pages/actions.page';
import { NodegroupFormPage, NodePoolEditPage } from './pages/capacity.page';

/** The sandbox's EKS API, as its env file describes it: the specs after this one expect the seed's lanes back. */
function sandboxEks(sandboxDir: string): EKSClient {
  const vars = Object.fromEntries(
    fs
      .readFileSync(path.resolve(__dirname, '..', sandboxDir, 'env'), 'utf8')
      .split('\n')
      .map((l) => /^([A-Z_]+)=(.*)$/.exec(l.trim()))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1], m[2].replace(/^"(.*)"$/, '$1')]),
  );
  return new EKSClient({ region: vars.AWS_REGION, endpoint: vars.AWS_ENDPOINT_URL_EKS, credentials: { accessKeyId: vars.AWS_ACCESS_KEY_ID, secretAccessKey: vars.AWS_SECRET_ACCESS_KEY } });
}

test.describe('capacity', () => {
  test('a managed node group with a label, then a deployment pinned to it', async ({ page, kubectl }, testInfo) => {
    test.setTimeout(180_000);
    try {
      await createAndPin(page, kubectl);
    } finally {
      // Back to the seed: report-worker on general-pool, the new group and its nodes gone.
      await kubectl.run(['patch', 'deployment/report-worker', '-n', 'apps', '-p', '{"spec":{"template":{"spec":{"nodeSelector":{"workload":"cpu","eks.amazonaws.com/nodegroup":null}}}}}']);
      const eks = sandboxEks(String(testInfo.project.metadata.sandboxDir ?? '.sandbox'));
      await eks.send(new DeleteNodegroupCommand({ clusterName: 'sandbox', nodegroupName: 'batch-pool' })).catch(() => undefined);
      eks.destroy();
      await expect
        .poll(async () => (await kubectl.json<{ items: unknown[] }>(['get', 'nodes', '-l', 'eks.amazonaws.com/nodegroup=batch-pool'])).items.length, { timeout: 60_000 })
        .toBe(0);
    }
  });

  async function createAndPin(page: Page, kubectl: ReturnType<typeof kubectlFor>) {
    const form = new NodegroupFormPage(page);
    await form.open();
    await form.fill({ name: 'batch-pool', instanceTypes: ['m6a.large'], min: '1', desired: '3', max: '2', labels: 'workload=batch' });
    await form.check();
    await expect(form.fieldError('scaling.desiredSize')).toContainText('between the minimum (1) and the maximum (2)');
    await expect(form.createButton).toBeDisabled();
    await form.fill({ name: 'batch-pool', desired: '2', max: '3' });
    await form.check();
    await expect(form.preview).toContainText('eksctl create nodegroup --cluster sandbox --name batch-pool --node-type m6a.large --nodes 2 --nodes-min 1 --nodes-max 3 --node-labels workload=batch --managed');
    await expect(page.getByText('EKS has no dry run')).toBeVisible();
    await page.screenshot({ path: 'test-results/nodegroup-check.png', fullPage: true });
    await form.createButton.click();

    const created = page.getByTestId('created-state');
    await expect(created).toContainText('Node group batch-pool is ACTIVE: 2 of 2 nodes Ready.', { timeout: 60_000 });
    await expect(page.getByTestId('nodegroup-batch-pool')).toContainText('workload=batch');
    await page.screenshot({ path: 'test-results/nodegroup-created.png', fullPage: true });
    const nodes = await kubectl.json<{ items: Array<{ metadata: { labels: Record<string, string> } }> }>(['get', 'nodes', '-l', 'eks.amazonaws.com/nodegroup=batch-pool']);
    expect(nodes.items.map((n) => n.metadata.labels.workload)).toEqual(['batch', 'batch']);

    await page.getByRole('link', { name: 'Move workloads to it' }).click();
    const move = new MovePage(page);
    await expect(page.getByTestId('deployment-list')).toBeVisible();
    await move.pick('apps/report-worker');
    // report-worker selects `workload=cpu` (general-pool's label): pinning by the group's own label replaces that key.
    await move.customTarget('workload', 'batch');
    await move.plan();
    await move.applyButton.click();
    await expect(page.getByTestId('activity')).toBeVisible();
    await expect
      .poll(
        async () => {
          const pods = await kubectl.json<{ items: Array<{ spec: { nodeName?: string }; metadata: { deletionTimestamp?: string } }> }>(['get', 'pods', '-n', 'apps', '-l', 'app=report-worker']);
          const names = new Set((await kubectl.json<{ items: Array<{ metadata: { name: string } }> }>(['get', 'nodes', '-l', 'eks.amazonaws.com/nodegroup=batch-pool'])).items.map((n) => n.metadata.name));
          const live = pods.items.filter((p) => !p.metadata.deletionTimestamp);
          return live.length > 0 && live.every((p) => p.spec.nodeName && names.has(p.spec.nodeName));
        },
        { timeout: 90_000 },
      )
      .toBe(true);
  }

  test('a NodePool edit: planned diff and drift, a 409 when someone else changed it, then applied', async ({ page, kubectl }) => {
    test.setTimeout(120_000);
    await kubectl.ok(['apply', '-f', '-'], {
      input: JSON.stringify({
        apiVersion: 'karpenter.sh/v1',
        kind: 'NodePool',
        metadata: { name: 'edit-me' },
        spec: {
          template: { spec: { nodeClassRef: { group: 'eks.amazonaws.com', kind: 'NodeClass', name: 'default' }, requirements: [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['c6a.large', 'm6a.large'] }] } },
          limits: { cpu: '16' },
          disruption: { consolidationPolicy: 'WhenEmpty', consolidateAfter: '10m' },
        },
      }),
    });
    try {
      await editPool(page, kubectl);
    } finally {
      await kubectl.run(['delete', 'nodepool', 'edit-me', '--ignore-not-found']);
    }
  });

  async function editPool(page: Page, kubectl: ReturnType<typeof kubectlFor>) {
    const edit = new NodePoolEditPage(page);
    await edit.openList();
    await expect(edit.row('general-purpose')).toContainText('not editable');
    await page.screenshot({ path: 'test-results/node-pools.png', fullPage: true });
    await edit.edit('edit-me');
    await page.getByTestId('instance-types').getByRole('checkbox', { name: /^c6a\.large\b/ }).uncheck();
    await page.getByLabel('CPU limit').fill('32');
    await page.getByLabel('consolidateAfter').fill('1m');
    await edit.plan();
    await expect(edit.planPanel).toContainText('The API server accepted the change in a dry run.');
    await expect(page.getByTestId('spec-diff')).toContainText("+ cpu: '32'");
    await expect(page.getByTestId('spec-diff')).toContainText('- consolidateAfter: 10m');
    await page.screenshot({ path: 'test-results/node-pool-plan.png', fullPage: true });

    await kubectl.ok(['patch', 'nodepool', 'edit-me', '--type', 'merge', '-p', '{"spec":{"weight":3}}']);
    await edit.applyButton.click();
    await expect(edit.error).toContainText('was changed by someone else since you opened it');
    await page.screenshot({ path: 'test-results/node-pool-409.png', fullPage: true });
    let pool = await kubectl.json<{ spec: { limits: Record<string, string>; weight: number } }>(['get', 'nodepool', 'edit-me']);
    expect(pool.spec).toMatchObject({ limits: { cpu: '16' }, weight: 3 });

    await page.getByRole('button', { name: 'Start again from the pool as it is now' }).click();
    await expect(edit.error).toBeHidden();
    await page.getByLabel('CPU limit').fill('32');
    await edit.plan();
    await expect(edit.planPanel).toBeVisible();
    await edit.applyButton.click();
    await expect(page.getByTestId('activity')).toBeVisible();
    await expect(page.getByTestId('pool-status')).toContainText('NodePool edit-me uses NodeClass default');
    await page.screenshot({ path: 'test-results/node-pool-applied.png', fullPage: true });
    pool = await kubectl.json(['get', 'nodepool', 'edit-me']);
    expect(pool.spec).toMatchObject({ limits: { cpu: '32' }, weight: 3 });
  }
});
