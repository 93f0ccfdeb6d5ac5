// The review of a cluster before Auto Mode scales it down: every node with what it asks for, what
// it uses, what it costs, and its consolidation verdict in words a platform engineer can act on
// ("its 3 pods fit on X and Y", "blocked by PodDisruptionBudget apps/db protecting apps/db-0",
// "budget opens at 17:00 UTC"). The verdicts are the ones the sandbox's consolidation acts on:
// the same candidate builder, the same consolidationVerdicts, judged at the same moment.

import { buildCandidates, type CandidateModel, type CandidateOptions } from './consolidation-candidates';
import { consolidationVerdicts, type Verdict, type VerdictCode, type VerdictState } from './consolidation';
import { formatAge } from './format';
import { placementWords, reviewWords } from './verdict-words';
import { redactVerdict } from './verdict-redaction';
import type { NodeInfo, NodegroupInfo, Resources } from './model';
import { HOURS_PER_MONTH, nodeHourly } from './pricing';

const GI = 1024 ** 3;

/** What a node uses now, from metrics.k8s.io (CPU in millicores, memory in bytes). */
export interface NodeUsage {
  cpuMillis: number;
  memoryBytes: number;
}

export interface ReviewInput extends CandidateModel {
  /** Managed node groups from the EKS API, for their min size (absent off EKS). */
  nodegroups?: readonly NodegroupInfo[];
}

export interface ReviewOptions extends CandidateOptions {
  /** Usage per node, when the metrics API answered. */
  usage?: ReadonlyMap<string, NodeUsage>;
  /**
   * Namespaces whose pods the reader may list. The verdicts are judged on every pod given (a
   * hidden pod still takes room and can block a node); names outside this are replaced in the
   * answer. Absent: the reader may list them all.
   */
  canSee?: (namespace: string) => boolean;
}

export interface ReviewRow {
  node: string;
  /** The lane the node belongs to (NodePool, node group, …); empty when unpooled. */
  pool: string;
  poolSource: NodeInfo['pool']['source'];
  instanceType?: string;
  capacityType?: string;
  zone?: string;
  nodeClaim?: string;
  createdAt: string;
  ageSeconds: number;
  /** kubectl's AGE column. */
  age: string;
  pods: number;
  requested: Pick<Resources, 'cpuMillis' | 'memoryBytes'>;
  allocatable: Pick<Resources, 'cpuMillis' | 'memoryBytes'>;
  used?: NodeUsage;
  /** Estimated USD/hour (undefined when the type is not priced). */
  hourly?: number;
  state: VerdictState;
  code: VerdictCode;
  /** The verdict in the review's words, with names, destinations and times filled in (verdict-words.ts). */
  words: string;
  reason?: Verdict['reason'];
  /** When a waiting node becomes a candidate. */
  eligibleAt?: string;
  /** Where each pod would go (pod key → node). */
  destinations?: Record<string, string>;
  /** For a node that stays: where each pod would go if it went now (null: nowhere). */
  placement?: Record<string, string | null>;
  /** `placement` in words. */
  placementWords?: string;
  blockedBy?: Verdict['blockedBy'];
  drift?: string;
  nodeGroup?: string;
  receivingFrom?: string;
  misfit?: Verdict['misfit'];
  /** For Replace: the cheaper node launched instead, and what that saves per hour. */
  replacement?: { instanceType: string; hourly: number; hourlySavings: number };
  /** Counted in the savings: Auto Mode removes it now or once its pods have settled. */
  candidate: boolean;
  /** Cordoned (spec.unschedulable). */
  unschedulable: boolean;
  /** The node itself carries karpenter.sh/do-not-disrupt. */
  doNotDisrupt: boolean;
}

export interface ReviewTotals {
  nodes: number;
  requested: { cpuMillis: number; memoryBytes: number };
  allocatable: { cpuMillis: number; memoryBytes: number };
  hourly: number;
  /** Allocatable that nothing requests. */
  waste: { vcpu: number; gib: number; usdPerMonth: number };
  /** What removing the candidates would save. */
  savings: { nodes: number; usdPerMonth: number };
}

export interface PoolReview extends ReviewTotals {
  pool: string;
  poolSource: NodeInfo['pool']['source'];
}

export interface Review {
  generatedAt: string;
  nodes: ReviewRow[];
  pools: PoolReview[];
  totals: ReviewTotals;
  /** Whether the used columns come from metrics.k8s.io. */
  metrics: boolean;
}

export function reviewCluster(input: ReviewInput, now: Date, options: ReviewOptions = {}): Review {
  const { nodes: candidates, pools } = buildCandidates(input, options);
  const canSee = options.canSee;
  const verdicts = new Map(consolidationVerdicts(candidates, pools, now).map((v) => [v.node, canSee ? redactVerdict(v, canSee) : v]));
  const candidateOf = new Map(candidates.map((c) => [c.name, c]));
  const groups = new Map((input.nodegroups ?? []).map((g) => [g.name, g]));

  const rows = input.nodes.map((node): ReviewRow => {
    const candidate = candidateOf.get(node.name)!;
    const verdict = verdicts.get(node.name)!;
    const createdMs = Date.parse(node.createdAt);
    const row: ReviewRow = {
      node: node.name,
      pool: node.pool.name,
      poolSource: node.pool.source,
      createdAt: node.createdAt,
      ageSeconds: Number.isFinite(createdMs) ? Math.max(0, Math.floor((now.getTime() - createdMs) / 1000)) : 0,
      age: formatAge(node.createdAt, now),
      pods: candidate.pods.length,
      requested: { cpuMillis: candidate.used.cpuMillis, memoryBytes: candidate.used.memoryBytes },
      allocatable: { cpuMillis: node.allocatable.cpuMillis, memoryBytes: node.allocatable.memoryBytes },
      state: verdict.state,
      code: verdict.code,
      words: reviewWords(verdict, now, { nodegroup: verdict.nodeGroup ? groups.get(verdict.nodeGroup) : undefined }),
      unschedulable: node.unschedulable,
      doNotDisrupt: node.doNotDisrupt === true,
      candidate: verdict.state === 'consolidate' || (verdict.state === 'waiting' && (verdict.code === 'Empty' || verdict.code === 'Underutilized')),
    };
    if (node.instanceType) row.instanceType = node.instanceType;
    if (node.capacityType) row.capacityType = node.capacityType;
    if (node.zone) row.zone = node.zone;
    if (candidate.nodeClaim) row.nodeClaim = candidate.nodeClaim;
    const used = options.usage?.get(node.name);
    if (used) row.used = used;
    const hourly = nodeHourly(node, options.prices);
    if (hourly !== undefined) row.hourly = hourly;
    if (verdict.eligibleAt) row.eligibleAt = verdict.eligibleAt;
    if (verdict.destinations) row.destinations = verdict.destinations;
    if (verdict.replacement) row.replacement = { ...verdict.replacement, hourlySavings: verdict.hourlySavings ?? 0 };
    if (verdict.placement) Object.assign(row, { placement: verdict.placement, placementWords: placementWords(verdict.placement) });
    if (verdict.blockedBy) row.blockedBy = verdict.blockedBy;
    if (verdict.drift) row.drift = verdict.drift;
    if (verdict.reason) row.reason = verdict.reason;
    if (verdict.nodeGroup) row.nodeGroup = verdict.nodeGroup;
    if (verdict.receivingFrom) row.receivingFrom = verdict.receivingFrom;
    if (verdict.misfit) row.misfit = verdict.misfit;
    return row;
  });

  const byPool = new Map<string, ReviewRow[]>();
  for (const r of rows) byPool.set(r.pool, [...(byPool.get(r.pool) ?? []), r]);
  const poolReviews = [...byPool.entries()]
    .map(([pool, list]): PoolReview => ({ pool, poolSource: list[0].poolSource, ...totalsOf(list) }))
    .sort((a, b) => a.pool.localeCompare(b.pool));

  return { generatedAt: now.toISOString(), nodes: rows, pools: poolReviews, totals: totalsOf(rows), metrics: Boolean(options.usage) };
}

/**
 * Waste is what is allocatable and not requested, priced per node by the share of the node that
 * the busier resource leaves idle: a node full on memory wastes nothing even if its CPU is idle,
 * because no further pod could land there.
 */
export function totalsOf(rows: readonly ReviewRow[]): ReviewTotals {
  const t: ReviewTotals = {
    nodes: rows.length,
    requested: { cpuMillis: 0, memoryBytes: 0 },
    allocatable: { cpuMillis: 0, memoryBytes: 0 },
    hourly: 0,
    waste: { vcpu: 0, gib: 0, usdPerMonth: 0 },
    savings: { nodes: 0, usdPerMonth: 0 },
  };
  for (const r of rows) {
    t.requested.cpuMillis += r.requested.cpuMillis;
    t.requested.memoryBytes += r.requested.memoryBytes;
    t.allocatable.cpuMillis += r.allocatable.cpuMillis;
    t.allocatable.memoryBytes += r.allocatable.memoryBytes;
    const hourly = r.hourly ?? 0;
    t.hourly += hourly;
    const idleCpu = Math.max(0, r.allocatable.cpuMillis - r.requested.cpuMillis);
    const idleMemory = Math.max(0, r.allocatable.memoryBytes - r.requested.memoryBytes);
    t.waste.vcpu += idleCpu / 1000;
    t.waste.gib += idleMemory / GI;
    const busiest = Math.max(ratio(r.requested.cpuMillis, r.allocatable.cpuMillis), ratio(r.requested.memoryBytes, r.allocatable.memoryBytes));
    t.waste.usdPerMonth += hourly * Math.max(0, 1 - busiest) * HOURS_PER_MONTH;
    if (r.candidate) {
      t.savings.nodes += 1;
      t.savings.usdPerMonth += hourly * HOURS_PER_MONTH;
    }
    // A replaced node is not one fewer node, only a cheaper one.
    if (r.replacement) t.savings.usdPerMonth += r.replacement.hourlySavings * HOURS_PER_MONTH;
  }
  return t;
}

const ratio = (a: number, b: number) => (b > 0 ? Math.min(1, a / b) : 1);

const CSV_COLUMNS = [
  'node',
  'pool',
  'instanceType',
  'age',
  'pods',
  'requestedCpuMillis',
  'requestedMemoryBytes',
  'allocatableCpuMillis',
  'allocatableMemoryBytes',
  'usedCpuMillis',
  'usedMemoryBytes',
  'hourlyUsd',
  'state',
  'code',
  'words',
  'eligibleAt',
] as const;

/** RFC 4180: quote fields holding a comma, quote or line break; double the quotes inside. */
function csvField(value: unknown): string {
  const text = value === undefined || value === null ? '' : String(value);
  // A cell starting with = + - @ is a formula to spreadsheet programs: keep it text.
  const safe = /^[=+\-@\t\r]/.test(text) && !/^-?\d/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function reviewCsv(review: Review): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of review.nodes) {
    const cells = [
      r.node,
      r.pool,
      r.instanceType,
      r.age,
      r.pods,
      r.requested.cpuMillis,
      r.requested.memoryBytes,
      r.allocatable.cpuMillis,
      r.allocatable.memoryBytes,
      r.used ? Math.round(r.used.cpuMillis) : '',
      r.used ? r.used.memoryBytes : '',
      r.hourly !== undefined ? r.hourly.toFixed(4) : '',
      r.state,
      r.code,
      r.words,
      r.eligibleAt,
    ];
    lines.push(cells.map(csvField).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
