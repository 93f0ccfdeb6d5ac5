// What a node costs, one rule for every view: the instance type's list price, plus the Auto Mode
// management fee for nodes Auto Mode runs (compute-type `auto`, or a Karpenter NodePool's node).

import { hourlyPrice } from './instance-types';
import type { NodeInfo } from './model';

export const HOURS_PER_MONTH = 730;

export function isAutoModeNode(node: Pick<NodeInfo, 'labels' | 'pool'>): boolean {
  return node.labels['eks.amazonaws.com/compute-type'] === 'auto' || node.pool.source === 'karpenter-nodepool';
}

/** Estimated USD/hour; undefined when the instance type is not in the price table. */
export function nodeHourly(node: Pick<NodeInfo, 'labels' | 'pool' | 'instanceType'>): number | undefined {
  return hourlyPrice(node.instanceType, { autoMode: isAutoModeNode(node) });
}

/** Node count and estimated USD/hour of a set of nodes (unpriced types count as 0). */
export function clusterCost(nodes: readonly Pick<NodeInfo, 'labels' | 'pool' | 'instanceType'>[]): { nodes: number; hourly: number } {
  return { nodes: nodes.length, hourly: nodes.reduce((sum, n) => sum + (nodeHourly(n) ?? 0), 0) };
}
