import { describe, expect, it } from 'vitest';
import { BUILT_IN_PRICES, clusterCost, nodeHourly, priceTableLabel, typeHourly } from './pricing';
import { PriceOverrideError, mergePriceOverride, parsePriceOverride } from './price-override';
import { nodeInfo } from '@/test/support/model';

const parse = (value: unknown) => parsePriceOverride(JSON.stringify(value), 'NODELANES_PRICES');

function errorOf(value: unknown): string {
  try {
    parse(value);
  } catch (err) {
    expect(err).toBeInstanceOf(PriceOverrideError);
    return (err as Error).message;
  }
  throw new Error('expected the override to be refused');
}

describe('parsePriceOverride', () => {
  it('accepts a name with prices per type and a discount', () => {
    const o = parse({ name: 'eu-west-1 with 30% EDP', discountPercent: 30, prices: { 'm6a.large': { onDemand: 0.0972, spot: 0.04 }, 'm7i-flex.xlarge': { onDemand: 0.2 } } });
    expect(o).toEqual({ name: 'eu-west-1 with 30% EDP', discountPercent: 30, prices: { 'm6a.large': { onDemand: 0.0972, spot: 0.04 }, 'm7i-flex.xlarge': { onDemand: 0.2 } } });
  });

  it('names the bad entry and says what is wrong', () => {
    const message = errorOf({ name: 'x', prices: { 'm6a.large': { onDemand: -1 }, 'c5.large': { spot: 'cheap' } } });
    expect(message).toContain('NODELANES_PRICES: invalid price table');
    expect(message).toContain('prices."m6a.large".onDemand: must be more than 0');
    expect(message).toContain('prices."c5.large".spot: must be a number (USD per hour)');
  });

  it('refuses what is not a price table', () => {
    expect(errorOf({ name: 'x', prices: { 'not a type': { onDemand: 1 } } })).toMatch(/"not a type".*not an instance type name/);
    expect(errorOf({ name: 'x', prices: { 'm5.large': {} } })).toContain('give onDemand, spot or both');
    expect(errorOf({ name: 'x', discountPercent: 100 })).toContain('discountPercent: must be less than 100');
    expect(errorOf({ name: 'x' })).toContain('give prices, discountPercent or both');
    expect(errorOf({ discountPercent: 10 })).toContain('name:');
    expect(errorOf({ name: 'x', discountPercent: 10, region: 'eu-west-1' })).toContain('region');
    expect(errorOf({ name: 'x', prices: { 'm5.large': { onDemand: 1, reserved: 0.5 } } })).toContain('reserved');
    expect(() => parsePriceOverride('{"name":', 'NODELANES_PRICES_FILE="/p.json"')).toThrow(/NODELANES_PRICES_FILE="\/p.json": not valid JSON/);
  });

  it('keeps prototype keys out of the table', () => {
    expect(() => parsePriceOverride('{"name":"x","discountPercent":5,"prices":{"__proto__":{"onDemand":1}}}', 'NODELANES_PRICES')).toThrow(
      /NODELANES_PRICES: the key "__proto__" is not allowed/,
    );
  });
});

describe('mergePriceOverride and the prices it gives', () => {
  const table = mergePriceOverride(
    BUILT_IN_PRICES,
    parse({ name: 'eu-west-1 with 30% EDP', discountPercent: 30, prices: { 'm6a.large': { onDemand: 0.1, spot: 0.04 }, 'x9.huge': { onDemand: 2 } } }),
    'NODELANES_PRICES_FILE',
  );

  it('replaces the listed types, keeps the rest, adds new ones', () => {
    expect(table.onDemand['m6a.large']).toBe(0.1);
    expect(table.onDemand['t3.medium']).toBe(BUILT_IN_PRICES.onDemand['t3.medium']);
    expect(table.onDemand['x9.huge']).toBe(2);
    expect(table.spot).toEqual({ 'm6a.large': 0.04 });
    expect(BUILT_IN_PRICES.onDemand['m6a.large']).toBe(0.0864);
  });

  it('takes the discount off every price, the Auto Mode fee (12% of on-demand) included', () => {
    expect(typeHourly('m6a.large', {}, table)).toBeCloseTo(0.07, 10);
    expect(typeHourly('m6a.large', { autoMode: true }, table)).toBeCloseTo((0.1 + 0.012) * 0.7, 10);
    expect(typeHourly('m6a.large', { autoMode: true, spot: true }, table)).toBeCloseTo((0.04 + 0.012) * 0.7, 10);
    // No spot price for the type: priced on demand rather than not at all.
    expect(typeHourly('t3.medium', { spot: true }, table)).toBeCloseTo(0.0416 * 0.7, 10);
    expect(typeHourly('z1.unknown', {}, table)).toBeUndefined();
  });

  it('prices a node by its capacity type, and a cluster by its nodes', () => {
    const spot = nodeInfo('a', { 'karpenter.sh/nodepool': 'p' }, { capacityType: 'spot' });
    const onDemand = nodeInfo('b', { 'eks.amazonaws.com/nodegroup': 'g' }, { capacityType: 'ON_DEMAND' });
    expect(nodeHourly(spot, table)).toBeCloseTo((0.04 + 0.012) * 0.7, 10);
    expect(nodeHourly(onDemand, table)).toBeCloseTo(0.07, 10);
    expect(nodeHourly(onDemand)).toBe(0.0864);
    expect(clusterCost([spot, onDemand], table).hourly).toBeCloseTo((0.052 + 0.1) * 0.7, 10);
  });

  it('labels the table for the UI', () => {
    expect(priceTableLabel(BUILT_IN_PRICES)).toBe('Prices: built-in us-east-1 on-demand table');
    expect(priceTableLabel(table)).toBe('Prices: eu-west-1 with 30% EDP (from NODELANES_PRICES_FILE)');
  });
});
