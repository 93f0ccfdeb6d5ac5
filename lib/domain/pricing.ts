// What a node costs, one rule for every view: the instance type's price from a price table, plus
// the Auto Mode management fee for nodes Auto Mode runs (compute-type `auto`, or a Karpenter
// NodePool's node). The table is data handed in: the built-in us-east-1 on-demand list, or one
// the server loaded from its configuration (another region, a discount, spot prices) and passed
// to the views; this module never reads files or the environment, so the browser uses it too.

import { AUTO_MODE_FEE, INSTANCE_TYPES } from './instance-types';
import type { NodeInfo } from './model';
import { isSpot } from './capacity-type';

export const HOURS_PER_MONTH = 730;

/** Where a price table came from: the UI says which one every cost is estimated with. */
export type PriceSource = 'built-in' | 'NODELANES_PRICES_FILE' | 'NODELANES_PRICES';

export interface PriceTable {
  /** What people read, e.g. "eu-west-1 with 30% EDP". */
  name: string;
  source: PriceSource;
  /** USD per hour per instance type, before the discount. */
  onDemand: Readonly<Record<string, number>>;
  /** USD per hour for spot capacity; a spot node of a type without one is priced on demand. */
  spot: Readonly<Record<string, number>>;
  /** Taken off every price, the Auto Mode fee included (an EDP-style discount), 0–100. */
  discountPercent: number;
}

/** The instance types' public on-demand list prices in us-east-1. */
export const BUILT_IN_PRICES: PriceTable = {
  name: 'built-in us-east-1 on-demand table',
  source: 'built-in',
  onDemand: Object.fromEntries(INSTANCE_TYPES.map((s) => [s.type, s.price])),
  spot: {},
  discountPercent: 0,
};

/** "Prices: built-in us-east-1 on-demand table" / "Prices: eu-west-1 (from NODELANES_PRICES_FILE)". */
export function priceTableLabel(table: Pick<PriceTable, 'name' | 'source'>): string {
  return table.source === 'built-in' ? `Prices: ${table.name}` : `Prices: ${table.name} (from ${table.source})`;
}

const own = (record: Readonly<Record<string, number>>, key: string): number | undefined =>
  Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;

/**
 * Estimated USD/hour of one instance of a type; undefined when the table does not price it. Auto
 * Mode's fee is a share of the on-demand price whatever the capacity type, as EKS bills it.
 */
export function typeHourly(
  type: string | undefined,
  opts: { autoMode?: boolean; spot?: boolean } = {},
  table: PriceTable = BUILT_IN_PRICES,
): number | undefined {
  if (!type) return undefined;
  const onDemand = own(table.onDemand, type);
  const spot = opts.spot ? own(table.spot, type) : undefined;
  const base = spot ?? onDemand;
  if (base === undefined) return undefined;
  const fee = opts.autoMode && onDemand !== undefined ? onDemand * AUTO_MODE_FEE : 0;
  return (base + fee) * (1 - table.discountPercent / 100);
}

export function isAutoModeNode(node: Pick<NodeInfo, 'labels' | 'pool'>): boolean {
  return node.labels['eks.amazonaws.com/compute-type'] === 'auto' || node.pool.source === 'karpenter-nodepool';
}


type PricedNode = Pick<NodeInfo, 'labels' | 'pool' | 'instanceType'> & Partial<Pick<NodeInfo, 'capacityType'>>;

/** Estimated USD/hour; undefined when the instance type is not in the price table. */
export function nodeHourly(node: PricedNode, table: PriceTable = BUILT_IN_PRICES): number | undefined {
  return typeHourly(node.instanceType, { autoMode: isAutoModeNode(node), spot: isSpot(node.capacityType) }, table);
}

/** Node count and estimated USD/hour of a set of nodes (unpriced types count as 0). */
export function clusterCost(nodes: readonly PricedNode[], table: PriceTable = BUILT_IN_PRICES): { nodes: number; hourly: number } {
  return { nodes: nodes.length, hourly: nodes.reduce((sum, n) => sum + (nodeHourly(n, table) ?? 0), 0) };
}
