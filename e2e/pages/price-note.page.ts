import { expect, type Locator, type Page } from '@playwright/test';

/** The note beside a cost estimate naming the price table behind it, on the pages that show costs. */
export class PriceNotePage {
  constructor(readonly page: Page) {}

  get note(): Locator {
    return this.page.getByTestId('price-table');
  }

  async openLanes(cluster = 'sandbox') {
    await this.page.goto(`/clusters/${cluster}/lanes`);
    await expect(this.page.getByTestId('summary')).toBeVisible();
  }

  async openReview(cluster = 'sandbox') {
    await this.page.goto(`/clusters/${cluster}/review`);
    await expect(this.page.getByTestId('review-table')).toBeVisible();
  }

  /** The estimate the note sits beside on the lanes page (`≈ $0.79/h (estimate)`). */
  get lanesEstimate(): Locator {
    return this.note.locator('xpath=..');
  }
}
