import { expect, type Locator, type Page } from '@playwright/test';

/** The cluster picker in the header, and the front page's cluster list. */
export class ClusterPickerPage {
  constructor(readonly page: Page) {}

  get picker(): Locator {
    return this.page.getByTestId('cluster-picker');
  }

  get button(): Locator {
    return this.picker.getByRole('button', { name: /Cluster:/ });
  }

  get list(): Locator {
    return this.picker.getByRole('list', { name: 'Clusters' });
  }

  entry(cluster: string): Locator {
    return this.list.locator(`li[data-cluster="${cluster}"]`);
  }

  /** The health words of a cluster in the open picker. */
  health(cluster: string): Locator {
    return this.entry(cluster).getByTestId('cluster-health');
  }

  /** Waits until the picker answers keys (React has hydrated it). */
  async ready() {
    await expect(this.picker).toHaveAttribute('data-hydrated', 'true');
  }

  async open() {
    if ((await this.button.getAttribute('aria-expanded')) !== 'true') await this.button.click();
    await expect(this.list).toBeVisible();
  }

  async choose(cluster: string) {
    await this.open();
    await this.entry(cluster).getByRole('link').click();
  }

  /** The front page (several clusters): one entry per cluster with its health. */
  frontEntry(cluster: string): Locator {
    return this.page.locator(`main ul[aria-label="Clusters"] li[data-cluster="${cluster}"]`);
  }
}
