// Karpenter disruption budgets: how many of a NodePool's nodes may be voluntarily disrupted right
// now, for a given reason. A budget without a schedule is always active; one with a cron
// `schedule` is active for `duration` after each time the schedule fires. The most restrictive
// active budget wins, and nodes already being disrupted count against it. A pool with no budgets
// gets Karpenter's default of 10%.

import { matchesCron, parseCron } from './cron';

export type DisruptionReason = 'Empty' | 'Underutilized' | 'Drifted' | 'Expired';

export interface Budget {
  nodes: string;
  schedule?: string;
  duration?: string;
  reasons?: DisruptionReason[];
}

export const DEFAULT_BUDGETS: Budget[] = [{ nodes: '10%' }];

/** Nodes allowed by one budget for a pool of `total` nodes (percentages round up, like Karpenter). */
export function budgetNodes(nodes: string, total: number): number {
  const pct = /^(\d+)%$/.exec(nodes.trim());
  if (pct) return Math.ceil((Number(pct[1]) * total) / 100);
  const n = Number(nodes);
  return Number.isInteger(n) && n >= 0 ? n : 0;
}

export function isBudgetActive(budget: Budget, now: Date): boolean {
  if (!budget.schedule) return true;
  const minutes = Math.floor(parseDuration(budget.duration ?? '0s') / 60_000);
  if (minutes <= 0) return false;
  const cron = parseCron(budget.schedule);
  // Walk back minute by minute over the window; schedules are evaluated in UTC, as Karpenter does.
  const start = new Date(now);
  start.setUTCSeconds(0, 0);
  for (let i = 0; i < minutes; i++) {
    if (matchesCron(cron, new Date(start.getTime() - i * 60_000))) return true;
  }
  return false;
}

export interface AllowedDisruptions {
  allowed: number;
  /** The active budget that set the limit, for explanations. */
  limitedBy?: Budget;
}

export function allowedDisruptions(
  budgets: Budget[] | undefined,
  opts: { total: number; disrupting: number; reason: DisruptionReason; now: Date },
): AllowedDisruptions {
  const list = budgets && budgets.length > 0 ? budgets : DEFAULT_BUDGETS;
  let min = Number.POSITIVE_INFINITY;
  let limitedBy: Budget | undefined;
  for (const b of list) {
    if (b.reasons && b.reasons.length > 0 && !b.reasons.includes(opts.reason)) continue;
    if (!isBudgetActive(b, opts.now)) continue;
    const n = budgetNodes(b.nodes, opts.total);
    if (n < min) {
      min = n;
      limitedBy = b;
    }
  }
  if (!Number.isFinite(min)) return { allowed: Math.max(0, opts.total - opts.disrupting) };
  return { allowed: Math.max(0, min - opts.disrupting), limitedBy };
}

/**
 * When a scheduled budget that is active at `now` stops being active: its latest firing within
 * the window plus its duration. Undefined for budgets without a schedule or not active now.
 */
export function budgetWindowEnd(budget: Budget, now: Date): Date | undefined {
  if (!budget.schedule) return undefined;
  const durationMs = parseDuration(budget.duration ?? '0s');
  const minutes = Math.floor(durationMs / 60_000);
  const cron = parseCron(budget.schedule);
  const start = new Date(now);
  start.setUTCSeconds(0, 0);
  for (let i = 0; i < minutes; i++) {
    const fired = new Date(start.getTime() - i * 60_000);
    if (matchesCron(cron, fired)) return new Date(fired.getTime() + durationMs);
  }
  return undefined;
}

/**
 * When the budgets next allow a disruption for `reason`, if only time has to pass: the end of
 * the blocking scheduled windows, checked in turn (a window may open onto another that also
 * blocks). Undefined when a budget without a schedule blocks: that opens only when nodes already
 * going are gone, not at a time.
 */
export function budgetOpensAt(
  budgets: Budget[] | undefined,
  opts: { total: number; disrupting: number; reason: DisruptionReason; now: Date },
): Date | undefined {
  let at = opts.now;
  // A handful of back-to-back windows is plenty; beyond that, say nothing rather than guess.
  for (let step = 0; step < 8; step++) {
    const { allowed, limitedBy } = allowedDisruptions(budgets, { ...opts, now: at });
    if (allowed > 0) return step === 0 ? undefined : at;
    const end = limitedBy ? budgetWindowEnd(limitedBy, at) : undefined;
    if (!end || end.getTime() <= at.getTime()) return undefined;
    at = end;
  }
  return undefined;
}

/** Go-style durations as Kubernetes and Karpenter write them: `30s`, `5m`, `1h30m`, `720h`. */
export function parseDuration(text: string): number {
  const s = text.trim();
  if (s === '0') return 0;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let total = 0;
  let consumed = 0;
  for (const m of s.matchAll(re)) {
    const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
    total += Number(m[1]) * unit;
    consumed += m[0].length;
  }
  if (consumed !== s.length || s.length === 0) throw new Error(`invalid duration "${text}"`);
  return total;
}
