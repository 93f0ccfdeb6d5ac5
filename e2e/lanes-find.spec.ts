import { test, expect } from './fixtures';

// Group by any label the nodes carry, find any workload: labels under the platform's own domains
// (Karpenter's instance family, the node-role labels) make lanes, a namespace holding only a
// StatefulSet can be picked, and a pod is found by the start of its name and shown.

const FAMILY = 'karpenter.k8s.aws/instance-family';
const WORKER = 'node-role.kubernetes.io/worker';

test.describe('group by any label, find anything', () => {
  test('grouping by the instance family or the worker role label gives one lane per value', async ({ lanes, page, kubectl }) => {
    const nodes = (await kubectl.json<{ items: { metadata: { name: string } }[] }>(['get', 'nodes'])).items.map((n) => n.metadata.name).sort();
    const [a, b] = nodes;
    await kubectl.ok(['label', 'node', a, `${FAMILY}=m6a`, `${WORKER}=`]);
    await kubectl.ok(['label', 'node', b, `${FAMILY}=c6a`, `${WORKER}=`]);
    try {
      await lanes.open();
      await page.getByTestId('group-by').selectOption('label:');
      // The key field suggests the keys on the cluster's nodes.
      await expect(page.locator(`#node-label-keys option[value="${FAMILY}"]`)).toHaveAttribute('label', '2 nodes');
      await lanes.groupByLabel(FAMILY);
      await expect.poll(() => lanes.laneNames()).toEqual(['c6a', 'm6a', '']);
      await expect(lanes.nodesIn('c6a')).toHaveCount(1);
      await expect(lanes.node(b)).toBeVisible();
      await expect(lanes.nodesIn('')).toHaveCount(nodes.length - 2);

      await lanes.groupByLabel(WORKER);
      await expect.poll(() => lanes.laneNames()).toEqual(['(empty)', '']);
      await expect(lanes.nodesIn('(empty)')).toHaveCount(2);

      // The node panel shows every label, the platform's own included.
      await lanes.node(a).click();
      await expect(lanes.panel).toContainText(`${FAMILY}=m6a`);
      await expect(lanes.panel).toContainText('kubernetes.io/hostname=');
    } finally {
      await kubectl.ok(['label', 'node', a, b, `${FAMILY}-`, `${WORKER}-`]);
    }
  });

  test('a namespace with only a StatefulSet can be picked, and its pod found by name, opened and flashed', async ({ lanes, page, kubectl }) => {
    const ns = 'zz-only-sts';
    const sts = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'zz-ledger', namespace: ns },
      spec: {
        serviceName: 'zz-ledger',
        replicas: 1,
        selector: { matchLabels: { app: 'zz-ledger' } },
        template: { metadata: { labels: { app: 'zz-ledger' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests: { cpu: '50m', memory: '64Mi' } } }] } },
      },
    };
    await kubectl.ok(['create', 'namespace', ns]);
    try {
      await kubectl.ok(['apply', '-f', '-'], { input: JSON.stringify(sts) });
      await lanes.open();
      await expect(lanes.pod(`${ns}/zz-ledger-0`)).toBeVisible({ timeout: 30_000 });

      await lanes.filterNamespace(ns);
      await expect(page).toHaveURL(/namespace=zz-only-sts/);
      await expect(lanes.pods).toHaveCount(1);
      await lanes.filterNamespace('all');

      // Workload suggestions by prefix, of any owner kind.
      await page.getByTestId('filter-workload').fill('zz-only');
      await expect(page.locator(`#workload-names option[value="${ns}/zz-ledger"]`)).toHaveAttribute('label', 'StatefulSet');
      await page.getByTestId('filter-workload').fill('');

      const find = page.getByTestId('find');
      await find.fill('zz-led');
      const results = page.getByTestId('find-results');
      await expect(results.getByRole('option')).toHaveText([/StatefulSet\s*zz-ledger\s*zz-only-sts/, /Pod\s*zz-ledger-0\s*zz-only-sts/]);
      await page.getByRole('search').screenshot({ path: 'test-results/find-suggestions.png' });
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await expect(lanes.panelTitle).toHaveText(`Pod ${ns}/zz-ledger-0`);
      const node = (await kubectl.json<{ spec: { nodeName: string } }>(['get', 'pod', 'zz-ledger-0', '-n', ns])).spec.nodeName;
      await expect(lanes.node(node)).toHaveAttribute('data-flash', 'true');
      await expect(lanes.node(node)).toBeInViewport();
    } finally {
      await kubectl.ok(['delete', 'namespace', ns, '--wait=false']);
    }
  });
});
