// Every cost says which price table it comes from: the demo server runs with no override, so the
// lanes and the review both name the built-in table beside their estimates.
import { test, expect } from './fixtures';
import { PriceNotePage } from './pages/price-note.page';

test('the lanes and the review name the price table beside their cost estimates', async ({ page }) => {
  const prices = new PriceNotePage(page);

  await prices.openLanes();
  await expect(prices.note).toHaveText(/Prices: built-in us-east-1 on-demand table/);
  await expect(prices.lanesEstimate).toContainText(/≈ \$[\d.,]+\/h \(estimate\)/);

  await prices.openReview();
  await expect(prices.note).toHaveText('Prices: built-in us-east-1 on-demand table');
});
