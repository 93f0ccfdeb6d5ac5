import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from './fixtures';

// The lanes page as a platform team uses it: regroup, filter, find a workload, inspect a node or a
// pod, see why something is pending and watch Auto Mode launch a node — on the sandbox cluster.

test.describe('exploring the lanes', () => {
  test('group by the typed label key `workload` shows a lane per value, and back returns to pools', async ({ lanes, page }) => {
    await lanes.open();
    await lanes.groupByLabel('workload');
    await expect(page).toHaveURL(/group=label%3Aworkload/);
    await expect(lanes.lane('cpu')).toBeVisible();
    await expect(lanes.nodesIn('cpu')).toHaveCount(2);
    await expect(lanes.lane('cpu')).toContainText('Label workload');
    // Nodes without the label sit together in one lane, after the labelled ones.
    expect(await lanes.laneNames()).toEqual(['cpu', '']);
    await lanes.groupBy('zone');
    await expect(lanes.lane('us-east-1a')).toBeVisible();
    await page.goBack();
    await expect(lanes.lane('cpu')).toBeVisible();
    await page.goBack();
    await expect.poll(() => lanes.laneNames()).toEqual(['general-pool', 'general-purpose', 'system']);
  });

  test('filters by namespace and by label selector; a bad selector gets the API server’s message', async ({ lanes, page }) => {
    await lanes.open();
    await lanes.filterNamespace('kube-system');
    await expect(lanes.pods.first()).toBeVisible();
    const namespaces = await lanes.pods.evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('data-pod')!.split('/')[0]))]);
    expect(namespaces).toEqual(['kube-system']);
    await expect(page).toHaveURL(/namespace=kube-system/);

    await lanes.filterNamespace('all');
    await lanes.filterSelector('app=frontend');
    await expect(lanes.pods).toHaveCount(3);
    await expect(lanes.podsOf('frontend')).toHaveCount(3);
    await expect(page).toHaveURL(/selector=app%3Dfrontend/);

    await lanes.filterSelector('app in (frontend');
    await expect(lanes.selectorError).toHaveText("Invalid label selector: unable to parse requirement: found '', expected: ',' or ')'");

    await lanes.filterSelector('');
    await lanes.filterWorkload('apps/backend-api');
    await expect(lanes.podsOf('frontend')).toHaveCount(0);
    await expect(lanes.podsOf('backend-api').first()).toBeVisible();
    expect(await lanes.pods.evaluateAll((els) => els.every((e) => e.getAttribute('data-pod')!.startsWith('apps/backend-api-')))).toBe(true);
  });

  test('highlighting a workload lights its pods across lanes and dims the rest', async ({ lanes }) => {
    await lanes.open();
    await lanes.highlight('apps/image-proctoring');
    await expect(lanes.podsOf('image-proctoring').first()).toHaveAttribute('data-highlight', 'on');
    await expect(lanes.podsOf('image-proctoring')).toHaveCount(2);
    for (const chip of await lanes.podsOf('image-proctoring').all()) await expect(chip).toHaveAttribute('data-highlight', 'on');
    await expect(lanes.podsOf('frontend').first()).toHaveAttribute('data-highlight', 'off');
  });

  test('node and pod panels say what kubectl would, and a deep link to a node panel survives a reload', async ({ lanes, page }) => {
    await lanes.open();
    const tile = lanes.nodesIn('general-pool').first();
    const name = (await tile.getAttribute('data-node'))!;
    await tile.click();
    await expect(lanes.panelTitle).toHaveText(`Node ${name}`);
    await expect(lanes.panel).toContainText('workload=cpu');
    await expect(lanes.panelKubectl).toContainText(`kubectl describe node ${name}`);
    await expect(lanes.panelKubectl).toContainText(`kubectl get pods -A -o wide --field-selector spec.nodeName=${name}`);
    await expect(page).toHaveURL(new RegExp(`panel=node%3A${name}`));

    await page.reload();
    await expect(lanes.panelTitle).toHaveText(`Node ${name}`);
    // The sandbox serves metrics.k8s.io: usage beside requests, on the tile and in the panel.
    await expect(lanes.panel.getByTestId('usage-note')).toContainText('metrics.k8s.io');
    await expect(tile.getByTestId('node-usage')).toContainText(/used: cpu \S+ \(\d+%\)/);

    // From the node to one of its pods.
    const podButton = lanes.panel.getByRole('button', { name: /^apps\/report-worker-/ });
    const podName = (await podButton.textContent())!.trim();
    await podButton.click();
    await expect(lanes.panelTitle).toHaveText(`Pod ${podName}`);
    const [ns, pod] = podName.split('/');
    await expect(lanes.panelKubectl).toContainText(`kubectl describe pod ${pod} -n ${ns}`);
    await expect(lanes.panelKubectl).toContainText(`kubectl rollout restart deployment/report-worker -n apps`);
    await expect(lanes.panel.getByTestId('move-link')).toHaveAttribute('href', '/clusters/sandbox/move?deployments=apps%2Freport-worker');

    await page.keyboard.press('Escape');
    await expect(lanes.panel).toHaveCount(0);
    await page.goBack();
    await expect(lanes.panelTitle).toHaveText(`Pod ${podName}`);
  });

  test('arrow keys move across tiles and Enter opens the focused node', async ({ lanes, page }) => {
    await lanes.open();
    const first = lanes.nodesIn('general-pool').first();
    await first.focus();
    await page.keyboard.press('ArrowRight');
    await expect(lanes.nodesIn('general-pool').nth(1)).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(lanes.nodesIn('general-purpose').first()).toBeFocused();
    const name = await lanes.nodesIn('general-purpose').first().getAttribute('data-node');
    await page.keyboard.press('Enter');
    await expect(lanes.panelTitle).toHaveText(`Node ${name}`);
  });

  test('dense mode draws nodes as cells that open the same details', async ({ lanes, page }) => {
    await lanes.openWith('?density=dense');
    const cell = lanes.nodesIn('general-purpose').first();
    await expect(cell).toHaveAttribute('data-dense', 'true');
    await expect(lanes.pods).toHaveCount(0);
    await cell.click();
    await expect(lanes.panelTitle).toHaveText(`Node ${await cell.getAttribute('data-node')}`);
    await page.getByRole('button', { name: 'comfortable' }).click();
    await expect(lanes.pods.first()).toBeVisible();
  });

  test('the theme follows the system until switched, and the choice is remembered', async ({ lanes, page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await lanes.open();
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const dark = await background();
    const toggle = page.getByTestId('theme-toggle');
    await expect(toggle).toHaveAttribute('data-theme', 'system');
    await toggle.click();
    await expect(toggle).toHaveAttribute('data-theme', 'light');
    expect(await background()).not.toBe(dark);
    await page.reload();
    await expect(page.getByTestId('theme-toggle')).toHaveAttribute('data-theme', 'light');
    expect(await background()).not.toBe(dark);
    await page.getByTestId('theme-toggle').click();
    await page.getByTestId('theme-toggle').click();
    await expect(page.getByTestId('theme-toggle')).toHaveAttribute('data-theme', 'system');
    expect(await background()).toBe(dark);
  });

  test('a pending pod says why: the scheduler’s and Auto Mode’s FailedScheduling', async ({ lanes, kubectl }) => {
    await lanes.open();
    const manifest = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'lanes-e2e-wrong-key', namespace: 'apps' },
      spec: { nodeSelector: { 'eks.amazonaws.com/node-class': 'ai-ml-node-class' }, containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests: { cpu: '100m' } } }] },
    };
    await kubectl.ok(['apply', '-f', '-'], { input: JSON.stringify(manifest) });
    try {
      await expect(lanes.pendingReason('apps/lanes-e2e-wrong-key')).toContainText('FailedScheduling');
      await expect(lanes.pendingReason('apps/lanes-e2e-wrong-key')).toContainText(/didn't match Pod's node affinity\/selector|eks\.amazonaws\.com\/node-class/);
    } finally {
      await kubectl.ok(['delete', 'pod', 'lanes-e2e-wrong-key', '-n', 'apps', '--wait=false']);
    }
  });

  test('kubectl changes show within 2 s without a reload: scale, cordon, delete pod', async ({ lanes, kubectl }) => {
    await lanes.open();
    const fast = { timeout: 2_000 };
    await kubectl.ok(['scale', 'deployment/report-worker', '-n', 'apps', '--replicas=3']);
    try {
      // The 2 s are the dashboard's: counted from when the API server has the third pod, not
      // including how long the simulated cluster's ReplicaSet controller takes to make it (which
      // went past 2 s once on a loaded machine).
      await expect
        .poll(async () => (await kubectl.json<{ items: unknown[] }>(['get', 'pods', '-n', 'apps', '-l', 'app=report-worker'])).items.length, { timeout: 30_000 })
        .toBe(3);
      await expect(lanes.podsOf('report-worker')).toHaveCount(3, fast);
    } finally {
      await kubectl.ok(['scale', 'deployment/report-worker', '-n', 'apps', '--replicas=2']);
    }
    const node = (await lanes.nodesIn('general-pool').first().getAttribute('data-node'))!;
    await kubectl.ok(['cordon', node]);
    try {
      await expect(lanes.node(node)).toContainText('Cordoned', fast);
    } finally {
      await kubectl.ok(['uncordon', node]);
    }
    await expect(lanes.node(node)).not.toContainText('Cordoned', fast);
    const victim = (await lanes.podsOf('frontend').first().getAttribute('data-pod'))!;
    await kubectl.ok(['delete', 'pod', victim.split('/')[1], '-n', 'apps', '--wait=false']);
    await expect(lanes.pod(victim)).toHaveCount(0, fast);
  });

  test('a ghost NodeClaim tile appears when a new pool needs a node, and turns into the node', async ({ lanes, page, kubectl }) => {
    // The waiting lane is drawn where it will stay (by name, among the pools), not first: a tall
    // window draws every lane, so the observer below sees its ghosts wherever it lands.
    await page.setViewportSize({ width: 1280, height: 4000 });
    await lanes.open();
    // Ghosts may come and go between two polls: record every one the page draws.
    await page.evaluate(() => {
      const seen: Array<{ claim: string; stage: string }> = [];
      (window as unknown as { ghosts: typeof seen }).ghosts = seen;
      new MutationObserver(() => {
        for (const el of document.querySelectorAll('[data-testid="ghost-node"]')) {
          const entry = { claim: el.getAttribute('data-claim')!, stage: el.getAttribute('data-stage')! };
          if (!seen.some((s) => s.claim === entry.claim && s.stage === entry.stage)) seen.push(entry);
        }
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lanes-ghost-'));
    const file = path.join(dir, 'ghost.yaml');
    fs.writeFileSync(
      file,
      `apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: lanes-e2e-ghost
spec:
  template:
    spec:
      nodeClassRef: {group: eks.amazonaws.com, kind: NodeClass, name: default}
      requirements:
        - {key: node.kubernetes.io/instance-type, operator: In, values: ["c6a.large"]}
  limits: {cpu: "8"}
  disruption:
    consolidationPolicy: WhenEmpty
    consolidateAfter: 10m
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: lanes-e2e-ghost
  namespace: apps
spec:
  replicas: 1
  selector: {matchLabels: {app: lanes-e2e-ghost}}
  template:
    metadata: {labels: {app: lanes-e2e-ghost}}
    spec:
      nodeSelector: {karpenter.sh/nodepool: lanes-e2e-ghost}
      containers: [{name: app, image: nginx:1.27, resources: {requests: {cpu: 500m, memory: 256Mi}}}]
`,
    );
    await kubectl.ok(['apply', '-f', file]);
    try {
      await expect(lanes.nodesIn('lanes-e2e-ghost')).toHaveCount(1, { timeout: 45_000 });
      const ghosts = await page.evaluate(() => (window as unknown as { ghosts: Array<{ claim: string; stage: string }> }).ghosts);
      expect(ghosts.length).toBeGreaterThan(0);
      expect(ghosts[0].claim).toMatch(/^lanes-e2e-ghost-/);
      await expect(lanes.ghostsIn('lanes-e2e-ghost')).toHaveCount(0);
      await expect(lanes.lane('lanes-e2e-ghost').getByTestId('nodepool-facts')).toContainText('Limits CPU 2 / 8');
      await expect(lanes.lane('lanes-e2e-ghost').getByTestId('nodepool-facts')).toContainText('WhenEmpty');
    } finally {
      // Leave the cluster as the other specs expect it: no extra pool, claim or node.
      await kubectl.ok(['delete', '-f', file, '--wait=false']);
      await kubectl.ok(['delete', 'nodeclaims', '-l', 'karpenter.sh/nodepool=lanes-e2e-ghost', '--wait=false']);
      await kubectl.ok(['delete', 'nodes', '-l', 'karpenter.sh/nodepool=lanes-e2e-ghost', '--wait=false']);
      fs.rmSync(dir, { recursive: true, force: true });
    }
    await expect(lanes.lane('lanes-e2e-ghost')).toHaveCount(0, { timeout: 30_000 });
  });
});
