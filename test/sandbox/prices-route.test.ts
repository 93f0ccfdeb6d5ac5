// The price override reaches what the routes answer: the review's rows and totals and the move
// plan's costs follow NODELANES_PRICES, and each names the table it used.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as review } from '@/app/api/clusters/[cluster]/review/route';
import { POST as plan } from '@/app/api/clusters/[cluster]/deployments/[namespace]/[name]/plan/route';
import { callRoute } from '../support/route-call';
import { startRouteSandbox, type RouteSandbox } from '../support/route-sandbox';

let env: RouteSandbox;

beforeAll(async () => {
  env = await startRouteSandbox({ timeScale: 10 });
});

afterAll(async () => {
  delete process.env.NODELANES_PRICES;
  await env?.stop();
});

const HALF = JSON.stringify({ name: 'half price for the test', discountPercent: 50 });
const planBody = { target: { key: 'eks.amazonaws.com/nodeclass', value: 'default' } };
const planParams = { cluster: 'sandbox', namespace: 'apps', name: 'frontend' };

describe('routes priced with the configured table', () => {
  it('review and plan: the built-in table, then the override at half the price, each named', async () => {
    delete process.env.NODELANES_PRICES;
    const builtIn = await callRoute(review, { cluster: 'sandbox' });
    const builtInPlan = await callRoute(plan, planParams, { body: planBody });
    expect(builtIn.status).toBe(200);
    expect(builtIn.body.prices).toEqual({ name: 'built-in us-east-1 on-demand table', source: 'built-in' });
    expect(builtInPlan.body.plan.cost.prices.source).toBe('built-in');

    process.env.NODELANES_PRICES = HALF;
    const priced = await callRoute(review, { cluster: 'sandbox' });
    const pricedPlan = await callRoute(plan, planParams, { body: planBody });
    expect(priced.status).toBe(200);
    expect(priced.body.prices).toEqual({ name: 'half price for the test', source: 'NODELANES_PRICES' });
    // The sandbox may have moved between the two reads: compare node by node.
    const before = new Map<string, number>(builtIn.body.nodes.map((r: { node: string; hourly: number }) => [r.node, r.hourly]));
    const compared = priced.body.nodes.filter((r: { node: string }) => before.has(r.node));
    expect(compared.length).toBeGreaterThan(0);
    for (const r of compared) expect(r.hourly).toBeCloseTo(before.get(r.node)! / 2, 10);
    expect(pricedPlan.body.plan.cost.prices).toEqual({ name: 'half price for the test', source: 'NODELANES_PRICES' });
    expect(pricedPlan.body.plan.cost.beforeHourly).toBeGreaterThan(0);
  });
});
