import { expect, type Locator, type Page } from '@playwright/test';

/** The review page: every node's consolidation verdict, totals, exports, history. */
export class ReviewPage {
  constructor(readonly page: Page) {}

  async open(cluster = 'sandbox') {
    await this.page.goto(`/clusters/${cluster}/review`);
    await expect(this.table).toBeVisible();
  }

  get table(): Locator {
    return this.page.getByTestId('review-table');
  }

  get totals(): Locator {
    return this.page.getByTestId('review-totals');
  }

  get poolTotals(): Locator {
    return this.page.getByTestId('pool-totals');
  }

  row(node: string): Locator {
    return this.table.locator(`tr[data-node="${node}"]`);
  }

  /** The verdict's reason code, as its badge shows it. */
  async code(node: string): Promise<string | null> {
    return this.row(node).getAttribute('data-code');
  }

  words(node: string): Locator {
    return this.row(node).getByTestId('verdict-words');
  }

  get nodesChart(): Locator {
    return this.page.getByTestId('history-nodes');
  }

  get costChart(): Locator {
    return this.page.getByTestId('history-cost');
  }

  get timeline(): Locator {
    return this.page.getByTestId('disruption-timeline');
  }

  get exportCsv(): Locator {
    return this.page.getByRole('link', { name: 'Export CSV' });
  }

  get exportJson(): Locator {
    return this.page.getByRole('button', { name: 'Export JSON' });
  }

  /** Opens the action's confirm dialog: its plan, nothing changed yet. */
  async act(node: string, action: string) {
    await this.row(node).getByText('Actions ▾').click();
    await this.row(node).getByRole('menuitem', { name: action }).click();
    await this.page.getByTestId('node-plan').waitFor();
  }

  /** Runs the action the open dialog planned. */
  async confirm() {
    await this.page.getByTestId('node-action-confirm').click();
  }
}
