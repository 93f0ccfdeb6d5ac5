import { expect, type Locator, type Page } from '@playwright/test';

/** The lanes view of one cluster: pools as lanes, nodes as tiles, pods as chips. */
export class LanesPage {
  constructor(readonly page: Page) {}

  async open(cluster = 'sandbox') {
    await this.page.goto(`/clusters/${cluster}/lanes`);
    await expect(this.live).toHaveAttribute('data-state', 'live');
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
