import { expect, type Locator, type Page } from '@playwright/test';

/** The lanes view of one cluster: pools as lanes, nodes as tiles, pods as chips. */
export class LanesPage {
  constructor(readonly page: Page) {}

  /** `timeout`: how long to wait for the stream to go live (a big cluster's first sync takes a while). */
  async open(cluster = 'sandbox', timeout?: number) {
    await this.page.goto(`/clusters/${cluster}/lanes`);
    await expect(this.live).toHaveAttribute('data-state', 'live', { timeout });
  }

  get live(): Locator {
    return this.page.getByTestId('live');
  }

  lane(name: string): Locator {
    return this.page.locator(`[data-testid="lane"][data-lane="${name}"]`);
  }

  nodesIn(lane: string): Locator {
    return this.lane(lane).getByTestId('node');
  }

  pod(namespaceAndName: string): Locator {
    return this.page.locator(`[data-testid="pod"][data-pod="${namespaceAndName}"]`);
  }

  podsOf(workload: string): Locator {
    return this.page.locator(`[data-testid="pod"][data-pod^="apps/${workload}-"]`);
  }

  /** Opens the lanes with a query string, e.g. `?group=zone` (a deep link). */
  async openWith(search: string, cluster = 'sandbox') {
    await this.page.goto(`/clusters/${cluster}/lanes${search}`);
    await expect(this.live).toHaveAttribute('data-state', 'live');
  }

  async groupBy(grouping: string) {
    await this.page.getByTestId('group-by').selectOption(grouping);
  }

  /** Groups by a label key typed in, as `kubectl get nodes -L <key>` would show it. */
  async groupByLabel(key: string) {
    await this.page.getByTestId('group-by').selectOption('label:');
    const input = this.page.getByTestId('group-label-key');
    await input.fill(key);
    await input.press('Enter');
  }

  async filterNamespace(namespace: string) {
    await this.page.getByTestId('filter-namespace').selectOption(namespace);
  }

  async filterSelector(selector: string) {
    await this.page.getByTestId('filter-selector').fill(selector);
  }

  get selectorError(): Locator {
    return this.page.getByTestId('selector-error');
  }

  /** Highlights a workload (`namespace/name`), typed as a user would. */
  async highlight(workload: string) {
    await this.page.getByTestId('highlight').fill(workload);
  }

  async filterWorkload(workload: string) {
    await this.page.getByTestId('filter-workload').fill(workload);
  }

  get pods(): Locator {
    return this.page.getByTestId('pod');
  }

  node(name: string): Locator {
    return this.page.locator(`[data-testid="node"][data-node="${name}"]`);
  }

  get panel(): Locator {
    return this.page.getByTestId('details-panel');
  }

  get panelTitle(): Locator {
    return this.panel.locator('#details-title');
  }

  /** The kubectl commands the open panel offers to copy. */
  get panelKubectl(): Locator {
    return this.panel.locator('figure', { hasText: 'kubectl' }).locator('pre');
  }

  pendingReason(namespaceAndName: string): Locator {
    return this.page.locator(`[data-testid="pending-reason"][data-pod="${namespaceAndName}"]`);
  }

  ghostsIn(lane: string): Locator {
    return this.lane(lane).getByTestId('ghost-node');
  }

  get staleBanner(): Locator {
    return this.page.getByTestId('stale-banner');
  }

  /** The stale banner's list of kinds that cannot watch, with their reasons. */
  get staleKinds(): Locator {
    return this.staleBanner.getByTestId('stale-kinds');
  }

  /** The notice after kinds were listed whole again. */
  get caughtUp(): Locator {
    return this.page.getByTestId('caught-up');
  }

  /** The age the stale banner gives the data ("Data from 42 s ago"), in seconds. */
  async staleAgeSeconds(): Promise<number> {
    const text = (await this.staleBanner.textContent()) ?? '';
    const age = /Data from (\d+) s ago/.exec(text);
    if (!age) throw new Error(`the stale banner gives no age: "${text}"`);
    return Number(age[1]);
  }

  /** The pod panel's "Move…": a link while the data is fresh, aria-disabled while it is stale. */
  get moveLink(): Locator {
    return this.panel.getByTestId('move-link');
  }

  /** The server's first sync as the page shows it, one row per kind. */
  get syncProgress(): Locator {
    return this.page.getByTestId('sync-progress');
  }

  get userMenu(): UserMenu {
    return new UserMenu(this.page);
  }

  /** Shown instead of lanes to a user who may not list nodes. */
  get nodesHidden(): Locator {
    return this.page.getByTestId('nodes-hidden');
  }

  namespaceSection(namespace: string): Locator {
    return this.page.locator(`[data-testid="namespace"][data-namespace="${namespace}"]`);
  }

  async laneNames(): Promise<string[]> {
    return this.page.getByTestId('lane').evaluateAll((els) => els.map((e) => e.getAttribute('data-lane') ?? ''));
  }
}

/** The header's identity: the user menu (OIDC) or the demo / sign-in-off notice. */
export class UserMenu {
  constructor(readonly page: Page) {}

  get root(): Locator {
    return this.page.getByTestId('user-menu');
  }

  get name(): Locator {
    return this.root.getByTestId('user-name');
  }

  async open() {
    await this.root.locator('summary').click();
    await expect(this.root.getByRole('button', { name: 'Sign out' })).toBeVisible();
  }

  get groups(): Locator {
    return this.root.getByTestId('user-groups');
  }

  async signOut() {
    await this.open();
    await this.root.getByRole('button', { name: 'Sign out' }).click();
  }
}
