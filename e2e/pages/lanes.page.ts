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

  async laneNames(): Promise<string[]> {
    return this.page.getByTestId('lane').evaluateAll((els) => els.map((e) => e.getAttribute('data-lane') ?? ''));
  }
}
