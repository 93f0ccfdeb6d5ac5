import { expect, type Locator, type Page } from '@playwright/test';

/** New managed node group: the form, its check (EKS has no dry run) and create. */
export class NodegroupFormPage {
  constructor(readonly page: Page) {}

  async open(cluster = 'sandbox') {
    await this.page.goto(`/clusters/${cluster}/nodegroups/new`);
  }

  async fill(opts: { name: string; instanceTypes?: string[]; min?: string; desired?: string; max?: string; labels?: string }) {
    await this.page.getByLabel(/^Name\b/).fill(opts.name);
    for (const t of opts.instanceTypes ?? []) await this.page.getByTestId('instance-types').getByRole('checkbox', { name: new RegExp(`^${t.replace('.', '\\.')}\\b`) }).check();
    if (opts.min !== undefined) await this.page.getByLabel(/^Minimum/).fill(opts.min);
    if (opts.desired !== undefined) await this.page.getByLabel(/^Desired/).fill(opts.desired);
    if (opts.max !== undefined) await this.page.getByLabel(/^Maximum/).fill(opts.max);
    if (opts.labels !== undefined) await this.page.getByLabel(/^Node labels/).fill(opts.labels);
  }

  async check() {
    await this.page.getByRole('button', { name: 'Check (dry run)' }).click();
  }

  get preview(): Locator {
    return this.page.getByTestId('nodegroup-preview');
  }

  get createButton(): Locator {
    return this.page.getByTestId('create-nodegroup');
  }

  get error(): Locator {
    return this.page.getByTestId('action-error');
  }

  fieldError(path: string): Locator {
    return this.page.getByTestId(`error-${path}`);
  }
}

/** The node pools list and one pool's edit form (plan, dry run, apply). */
export class NodePoolEditPage {
  constructor(readonly page: Page) {}

  async openList(cluster = 'sandbox') {
    await this.page.goto(`/clusters/${cluster}/node-pools`);
  }

  row(name: string): Locator {
    return this.page.getByTestId(`nodepool-${name}`);
  }

  async edit(name: string) {
    await this.row(name).getByRole('link', { name: 'Edit' }).click();
    await expect(this.page.getByLabel('consolidateAfter')).toBeVisible();
  }

  async plan() {
    await this.page.getByRole('button', { name: 'Plan and dry run' }).click();
  }

  get planPanel(): Locator {
    return this.page.getByTestId('node-pool-plan');
  }

  get applyButton(): Locator {
    return this.page.getByTestId('apply-node-pool');
  }

  get error(): Locator {
    return this.page.getByTestId('action-error');
  }
}
