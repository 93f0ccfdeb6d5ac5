import { memo, useState } from 'react';
import type { LaneNode } from '@/lib/domain/lanes';
import type { NodeClaimInfo, PodInfo } from '@/lib/domain/model';
import type { UsedResources } from '@/lib/domain/usage';
import { formatCpu, formatHourlyCost, formatMemory, formatPercent } from '@/lib/domain/format';
import { workloadOf } from '@/lib/domain/lane-view';
import { Badge } from '@/components/ui/badge';
import { UtilizationBar } from '@/components/ui/utilization-bar';
import { nodeTroubles, podTroubleReason, type NodeTrouble } from '@/lib/domain/trouble';
import { PodChip } from './pod-chip';
import { TroubleIcon } from './trouble-marks';

export interface TileHandlers {
  onOpenNode: (name: string) => void;
  onOpenPod: (pod: PodInfo) => void;
  /** `namespace/name` of the highlighted workload. */
  highlight?: string;
  selectedNode?: string;
  /** The node a search just jumped to: drawn with a ring for a moment. */
  flashNode?: string;
  /** The jump itself, while the ring shows: a lane's strip of tiles scrolls sideways to the node. */
  jumpTo?: { node: string; seq: number };
  /** Node usage from metrics.k8s.io; undefined while unknown or when the cluster has no metrics. */
  usage?: Record<string, { cpuMillis: number; memoryBytes: number }>;
  /** Pod usage keyed `namespace/name`; undefined when not asked for or the metrics API does not answer. */
  podUsage?: Record<string, UsedResources>;
}

const FLASH = 'ring-4 ring-amber-400';

interface TileTrouble {
  node: NodeTrouble[];
  pods: { pod: PodInfo; reason: string }[];
}

/** The node's own trouble and its pods in trouble (lib/domain/trouble.ts decides what counts). */
function troubleOf({ node, pods }: LaneNode): TileTrouble {
  const troubled: TileTrouble['pods'] = [];
  for (const pod of pods) {
    const reason = podTroubleReason(pod);
    if (reason) troubled.push({ pod, reason });
  }
  return { node: nodeTroubles(node), pods: troubled };
}

/** Named pods in trouble, a few of them: what a screen reader hears on a cell. */
const NAMED_PODS = 3;

function troubleWordsOf(t: TileTrouble): string {
  const parts = t.node.map((n) => n.reason);
  if (t.pods.length) {
    const named = t.pods.slice(0, NAMED_PODS).map((p) => `${p.pod.namespace}/${p.pod.name} ${p.reason}`);
    if (t.pods.length > NAMED_PODS) named.push(`${t.pods.length - NAMED_PODS} more`);
    parts.push(`${t.pods.length} ${t.pods.length === 1 ? 'pod' : 'pods'} in trouble: ${named.join(', ')}`);
  }
  return parts.join('; ');
}

const nodeLabel = ({ node, pods }: LaneNode, t: TileTrouble) => {
  const trouble = troubleWordsOf(t);
  return `Node ${node.name}, ${node.instanceType ?? 'unknown type'}, ${pods.length} pods${trouble ? `; in trouble: ${trouble}` : ''}`;
};

/** Attributes the tests and styles read: the node's own trouble words, and how many pods are in trouble. */
const troubleData = (t: TileTrouble) => ({
  'data-trouble-node': t.node.length ? t.node.map((n) => n.reason).join(',') : undefined,
  'data-trouble-pods': t.pods.length || undefined,
});

/** Memo: buildLanes hands back the same entry for a node whose object and pods did not change. */
export const NodeTile = memo(function NodeTile({ entry, handlers }: { entry: LaneNode; handlers: TileHandlers }) {
  const { node, pods, requested, utilization } = entry;
  const selected = handlers.selectedNode === node.name;
  const flash = handlers.flashNode === node.name;
  const trouble = troubleOf(entry);
  return (
    <article
      tabIndex={0}
      aria-label={nodeLabel(entry, trouble)}
      data-testid="node"
      data-node={node.name}
      {...troubleData(trouble)}
      data-selected={selected || undefined}
      data-flash={flash || undefined}
      onClick={() => handlers.onOpenNode(node.name)}
      className={`flex w-72 shrink-0 cursor-pointer flex-col gap-2 rounded-lg border bg-white p-3 shadow-sm outline-none focus-visible:ring-2 focus-visible:ring-sky-500 dark:bg-slate-900 ${
        selected ? 'border-sky-500 ring-1 ring-sky-500' : trouble.node.length ? 'border-red-500 dark:border-red-500' : 'border-slate-200 dark:border-slate-700'
      } ${flash ? FLASH : ''}`}
    >
      <header className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <h4 className="truncate font-mono text-xs font-semibold text-slate-900 dark:text-slate-100" title={node.name}>
            {node.name}
          </h4>
          <p className="text-[11px] text-slate-500 dark:text-slate-400">{[node.instanceType, node.zone, node.capacityType].filter(Boolean).join(' · ') || 'no instance details'}</p>
        </div>
        {entry.hourlyCost !== undefined && (
          <span className="shrink-0 text-[11px] tabular-nums text-slate-500 dark:text-slate-400" title="Estimated price per hour (the price table is named above the lanes)">
            ~{formatHourlyCost(entry.hourlyCost)}
          </span>
        )}
      </header>
      {(trouble.node.length > 0 || trouble.pods.length > 0 || node.unschedulable || node.terminating) && (
        <div className="flex flex-wrap gap-1">
          {trouble.node.map((t) => (
            <Badge key={t.reason} tone="red" title={t.kind === 'node-not-ready' ? 'The node is not Ready (its Ready condition)' : `The node reports ${t.reason}`}>
              <TroubleIcon className="mr-1" />
              {t.reason}
            </Badge>
          ))}
          {trouble.pods.length > 0 && (
            <Badge tone="red" title="Pods on this node in trouble (marked below)">
              <TroubleIcon className="mr-1" />
              {trouble.pods.length} {trouble.pods.length === 1 ? 'pod' : 'pods'} in trouble
            </Badge>
          )}
          {node.unschedulable && <Badge tone="amber">Cordoned</Badge>}
          {node.terminating && (
            <Badge tone="violet" title="Being removed by Auto Mode consolidation">
              Disrupting
            </Badge>
          )}
        </div>
      )}
      <div className="space-y-1">
        <UtilizationBar label="cpu" ratio={utilization.cpu} detail={`${formatCpu(requested.cpuMillis)} of ${formatCpu(node.allocatable.cpuMillis)} requested`} />
        <UtilizationBar label="mem" ratio={utilization.memory} detail={`${formatMemory(requested.memoryBytes)} of ${formatMemory(node.allocatable.memoryBytes)} requested`} />
        <UtilizationBar label="pods" ratio={utilization.pods} detail={`${requested.pods} of ${node.allocatable.pods} pods`} />
      </div>
      <UsageLine name={node.name} allocatable={node.allocatable} usage={handlers.usage} />
      {pods.length === 0 ? (
        <p className="text-[11px] italic text-slate-400">No pods</p>
      ) : (
        <PodList nodeName={node.name} pods={pods} handlers={handlers} />
      )}
    </article>
  );
});

/**
 * A tile's pods as one tab stop (roving tabindex): Tab from the tile lands on its last-visited
 * chip, arrows and Home/End move between chips, Enter opens the pod, Escape returns to the tile,
 * and Tab again goes on to the next tile.
 */
function PodList({ nodeName, pods, handlers }: { nodeName: string; pods: PodInfo[]; handlers: TileHandlers }) {
  const [active, setActive] = useState(0);
  const current = Math.min(active, pods.length - 1);
  const onKeyDown = (e: React.KeyboardEvent<HTMLUListElement>) => {
    const chips = [...e.currentTarget.querySelectorAll<HTMLElement>('[data-testid="pod-open"]')];
    const at = chips.indexOf(e.target as HTMLElement);
    if (at < 0) return;
    let next: HTMLElement | undefined;
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown') next = chips[Math.min(at + 1, chips.length - 1)];
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') next = chips[Math.max(at - 1, 0)];
    else if (e.key === 'Home') next = chips[0];
    else if (e.key === 'End') next = chips[chips.length - 1];
    else if (e.key === 'Escape') {
      // Back to the node; a panel that is open closes too (its own Escape), as anywhere else.
      e.currentTarget.closest<HTMLElement>('[data-testid="node"]')?.focus();
      return;
    } else if (e.key === 'Enter' || e.key === ' ') {
      // The button's own click opens the pod; the lanes' keys must not open the node as well.
      e.stopPropagation();
      return;
    } else return;
    // The lanes' arrow keys move between tiles; inside a tile's pods they move between pods.
    e.preventDefault();
    e.stopPropagation();
    next?.focus();
  };
  return (
    <ul className="flex flex-wrap gap-1" aria-label={`Pods on ${nodeName}`} onKeyDown={onKeyDown}>
      {pods.map((p, i) => (
        <PodChip
          key={`${p.namespace}/${p.name}`}
          pod={p}
          used={handlers.podUsage?.[`${p.namespace}/${p.name}`]}
          onOpen={handlers.onOpenPod}
          tabIndex={i === current ? 0 : -1}
          onFocus={() => setActive(i)}
          highlight={handlers.highlight ? (workloadOf(p) === handlers.highlight ? 'on' : 'off') : undefined}
        />
      ))}
    </ul>
  );
}

/** What the node uses (metrics.k8s.io) beside what its pods request, or that metrics are unavailable. */
function UsageLine({ name, allocatable, usage }: { name: string; allocatable: LaneNode['node']['allocatable']; usage: TileHandlers['usage'] }) {
  const used = usage?.[name];
  if (!usage) return null;
  if (!used) return <p className="text-[11px] text-slate-500 dark:text-slate-400" data-testid="node-usage">used: no sample yet</p>;
  const cpu = allocatable.cpuMillis ? used.cpuMillis / allocatable.cpuMillis : 0;
  const mem = allocatable.memoryBytes ? used.memoryBytes / allocatable.memoryBytes : 0;
  return (
    <p className="text-[11px] tabular-nums text-slate-600 dark:text-slate-300" data-testid="node-usage" title="Usage from metrics.k8s.io, beside the requests above">
      used: cpu {formatCpu(used.cpuMillis)} ({formatPercent(cpu)}) · mem {formatMemory(used.memoryBytes)} ({formatPercent(mem)})
    </p>
  );
}

/**
 * A node as a small cell, for large clusters: fill by CPU requested, and the pod count. Memo, as
 * NodeTile: a lane a batch of deltas changed draws again only the cells whose entries changed.
 */
export const NodeCell = memo(function NodeCell({ entry, handlers }: { entry: LaneNode; handlers: TileHandlers }) {
  const { node, pods, utilization } = entry;
  const ratio = Math.max(utilization.cpu, utilization.memory);
  const fill = ratio > 1 ? 'bg-red-500' : ratio > 0.8 ? 'bg-amber-500' : 'bg-emerald-500';
  const lit = handlers.highlight ? pods.some((p) => workloadOf(p) === handlers.highlight) : undefined;
  const trouble = troubleOf(entry);
  const troubled = trouble.node.length > 0 || trouble.pods.length > 0;
  const words = troubleWordsOf(trouble);
  return (
    <button
      type="button"
      data-testid="node"
      data-node={node.name}
      data-dense
      data-flash={handlers.flashNode === node.name || undefined}
      {...troubleData(trouble)}
      aria-label={nodeLabel(entry, trouble)}
      title={`${node.name} · ${node.instanceType ?? '?'} · ${pods.length} pods · cpu ${formatPercent(utilization.cpu)} · mem ${formatPercent(utilization.memory)}${words ? `\n⚠ ${words}` : ''}`}
      onClick={() => handlers.onOpenNode(node.name)}
      className={`relative h-9 w-9 overflow-hidden rounded border bg-slate-100 text-[10px] font-semibold tabular-nums outline-none focus-visible:ring-2 focus-visible:ring-sky-500 dark:bg-slate-800 ${
        handlers.selectedNode === node.name ? 'border-sky-500' : trouble.node.length ? 'border-2 border-red-500' : 'border-slate-300 dark:border-slate-600'
      } ${handlers.flashNode === node.name ? FLASH : lit === false ? 'opacity-25' : lit ? 'ring-2 ring-sky-500' : ''} ${node.unschedulable || node.terminating ? 'border-dashed' : ''}`}
    >
      <span aria-hidden className={`absolute inset-x-0 bottom-0 ${fill} opacity-60`} style={{ height: `${Math.min(100, ratio * 100)}%` }} />
      <span className="relative text-slate-900 dark:text-white">{pods.length}</span>
      {troubled && <CellTroubleMark trouble={trouble} />}
    </button>
  );
});

/** A cell's corner mark: the sign for a node in trouble, else how many of its pods are (the cell's label says which). */
function CellTroubleMark({ trouble }: { trouble: TileTrouble }) {
  return (
    <span aria-hidden data-testid="cell-trouble" className="absolute right-0 top-0 flex h-3.5 min-w-3.5 items-center justify-center rounded-bl bg-red-600 px-0.5 text-[9px] leading-none text-white">
      {trouble.node.length ? '!' : trouble.pods.length}
    </span>
  );
}

const STAGES: NodeClaimInfo['stage'][] = ['Pending', 'Launched', 'Registered', 'Initialized'];

/** A NodeClaim whose node is not here yet: a ghost of the node to come, with how far it got. */
export function GhostTile({ claim, dense }: { claim: NodeClaimInfo; dense: boolean }) {
  const step = STAGES.indexOf(claim.stage);
  const label = `NodeClaim ${claim.name}, ${claim.instanceType ?? 'instance type not chosen'}, ${claim.stage}`;
  if (dense) {
    return <span data-testid="ghost-node" data-claim={claim.name} data-stage={claim.stage} aria-label={label} title={label} className="h-9 w-9 rounded border-2 border-dashed border-violet-400" />;
  }
  return (
    <article
      data-testid="ghost-node"
      data-claim={claim.name}
      data-stage={claim.stage}
      aria-label={label}
      className="flex w-72 shrink-0 flex-col gap-2 rounded-lg border-2 border-dashed border-violet-300 bg-violet-50/40 p-3 text-violet-900 dark:border-violet-700 dark:bg-violet-950/30 dark:text-violet-100"
    >
      <h4 className="truncate font-mono text-xs font-semibold">{claim.name}</h4>
      <p className="text-[11px]">{[claim.instanceType, claim.zone, claim.capacityType].filter(Boolean).join(' · ') || 'choosing an instance'}</p>
      <ol className="flex gap-1 text-[10px]" aria-label="Launch progress">
        {STAGES.slice(1).map((s, i) => (
          <li key={s} className={`rounded px-1.5 py-0.5 ${i + 1 <= step ? 'bg-violet-600 text-white' : 'bg-violet-100 text-violet-700 dark:bg-violet-900 dark:text-violet-200'}`}>
            {s}
          </li>
        ))}
      </ol>
      {claim.notReadyReason && <p className="text-[11px] italic">{claim.notReadyReason}</p>}
      <p className="text-[11px]">
        for {claim.requests.pods} pods · {formatCpu(claim.requests.cpuMillis)} CPU · {formatMemory(claim.requests.memoryBytes)}
      </p>
    </article>
  );
}
