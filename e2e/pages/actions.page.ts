import { expect, type Locator, type Page } from '@playwright/test';

/** New node class: the NodeClass + NodePool form, its preview (dry run) and create. */
export class NodeClassFormPage {
  constructor(readonly page: Page) {}

  async open(cluster = 'sandbox') {
    await this.page.goto(`/clusters/${cluster}/node-classes/new`);
  }

  async fill(opts: { name: string; pool?: string; instanceTypes?: string[]; limitsCpu?: string }) {
    // By field name: a label's accessible name grows with the error shown inside it.
    await this.field('name').fill(opts.name);
    if (opts.pool) await this.field('poolName').fill(opts.pool);
    for (const t of opts.instanceTypes ?? []) await this.page.getByTestId('instance-types').getByRole('checkbox', { name: new RegExp(`^${t.replace('.', '\\.')}\\b`) }).check();
    if (opts.limitsCpu !== undefined) await this.field('limitsCpu').fill(opts.limitsCpu);
  }

  field(name: string): Locator {
    return this.page.locator(`input[name="${name}"]`);
  }

  /** Ticks choices of a list field, e.g. choose('nodePool.instanceCategories', 'c', 'm'). */
  async choose(path: string, ...options: string[]) {
    for (const o of options) await this.choice(path, o).check();
  }

  choice(path: string, option: string): Locator {
    return this.page.getByTestId(`choices-${path}`).getByRole('checkbox', { name: option, exact: true });
  }

  /** Adds a taint row and fills it. */
  async addTaint(taint: { key: string; value?: string; effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute' }) {
    await this.page.getByTestId('add-taint').click();
    const row = await this.page.getByTestId('taints').locator('[data-testid^="taint-"]').count() - 1;
    await this.field(`nodePool.taints.${row}.key`).fill(taint.key);
    if (taint.value !== undefined) await this.field(`nodePool.taints.${row}.value`).fill(taint.value);
    if (taint.effect) await this.page.locator(`select[name="nodePool.taints.${row}.effect"]`).selectOption(taint.effect);
  }

  /** Adds a scheduled budget row and fills what is given. */
  async addScheduledBudget(budget: { nodes?: string; schedule?: string; duration?: string }) {
    await this.page.getByTestId('add-scheduled-budget').click();
    const row = await this.page.getByTestId('scheduled-budgets').locator('[data-testid^="scheduled-budget-"]').count() - 1;
    if (budget.nodes !== undefined) await this.field(`budget-${row}-nodes`).fill(budget.nodes);
    if (budget.schedule !== undefined) await this.field(`budget-${row}-schedule`).fill(budget.schedule);
    if (budget.duration !== undefined) await this.field(`budget-${row}-duration`).fill(budget.duration);
  }

  async preview() {
    await this.page.getByRole('button', { name: 'Preview (dry run)' }).click();
  }

  get previewPanel(): Locator {
    return this.page.getByTestId('node-class-preview');
  }

  get createButton(): Locator {
    return this.page.getByTestId('create-node-class');
  }

  get error(): Locator {
    return this.page.getByTestId('action-error');
  }

  fieldError(path: string): Locator {
    return this.page.getByTestId(`error-${path}`);
  }
}

/** Move workloads: pick deployments and a target pool, plan, apply. */
export class MovePage {
  constructor(readonly page: Page) {}

  async open(cluster = 'sandbox') {
    await this.page.goto(`/clusters/${cluster}/move`);
    await expect(this.page.getByTestId('deployment-list')).toBeVisible();
  }

  async pick(...deployments: string[]) {
    for (const d of deployments) await this.page.getByTestId(`pick-${d}`).check();
  }

  async target(label: RegExp | string) {
    await this.page.getByRole('radio', { name: label }).check();
  }

  async customTarget(key: string, value: string) {
    await this.page.getByRole('radio', { name: 'Nodes with a label' }).check();
    await this.page.getByLabel('Label key').fill(key);
    await this.page.getByLabel('Label value').fill(value);
  }

  async plan() {
    await this.page.getByRole('button', { name: 'Plan the move' }).click();
    await expect(this.planPanel).toBeVisible();
  }

  get planPanel(): Locator {
    return this.page.getByTestId('plan');
  }

  get applyButton(): Locator {
    return this.page.getByTestId('apply-move');
  }

  get error(): Locator {
    return this.page.getByTestId('action-error');
  }
}

/** The live rebalancing view of one action. */
export class ActivityPage {
  constructor(readonly page: Page) {}

  get root(): Locator {
    return this.page.getByTestId('activity');
  }

  get progress(): Locator {
    return this.page.getByTestId('progress-text');
  }

  get state(): Locator {
    return this.page.getByTestId('activity-state');
  }

  get summary(): Locator {
    return this.page.getByTestId('activity-summary');
  }

  get events(): Locator {
    return this.page.getByTestId('activity-events');
  }

  get poolStatus(): Locator {
    return this.page.getByTestId('pool-status');
  }

  get timeTaken(): Locator {
    return this.page.getByTestId('summary-time');
  }

  get chartNotes(): Locator {
    return this.page.getByTestId('chart-notes');
  }

  /** The drawn lines of one chart (`chart-pods`, `chart-nodes`, `chart-cost`), as SVG path data. */
  async chartLines(testId: string): Promise<string[]> {
    return this.page.getByTestId(testId).locator('path.recharts-line-curve').evaluateAll((paths) => paths.map((p) => p.getAttribute('d') ?? ''));
  }
}
