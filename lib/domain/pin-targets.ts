// The pools a workload can be pinned to, as the move form offers them: Auto Mode NodePools and
// NodeClasses, managed node groups (with or without nodes yet), and the custom-label lanes the
// cluster shows. Each is a node label (key=value) — the thing a nodeSelector can name.

import type { NodeInfo, NodeClassInfo, NodePoolInfo, NodegroupInfo } from './model';
import { NODECLASS_KEY } from './pin';

export type PinTargetKind = 'nodepool' | 'nodeclass' | 'nodegroup' | 'label';

export interface PinTargetOption {
  kind: PinTargetKind;
  key: string;
  value: string;
  /** How the form names it: "NodePool ai-ml", "Node group general-pool"… */
  label: string;
  nodes: number;
  /** Why it may not be what the user wants (built-in, not Ready…). */
  note?: string;
}

export function pinTargets(input: { nodes: readonly NodeInfo[]; nodePools: readonly NodePoolInfo[]; nodeClasses: readonly NodeClassInfo[]; nodegroups?: readonly NodegroupInfo[] }): PinTargetOption[] {
  const count = (key: string, value: string) => input.nodes.filter((n) => n.labels[key] === value).length;
  const out: PinTargetOption[] = [];
  for (const c of [...input.nodeClasses].sort((a, b) => a.name.localeCompare(b.name))) {
    out.push({ kind: 'nodeclass', key: NODECLASS_KEY, value: c.name, label: `NodeClass ${c.name}`, nodes: count(NODECLASS_KEY, c.name), ...(c.ready ? {} : { note: `not Ready${c.notReady ? `: ${c.notReady.reason}` : ''}` }) });
  }
  for (const p of [...input.nodePools].sort((a, b) => a.name.localeCompare(b.name))) {
    out.push({ kind: 'nodepool', key: 'karpenter.sh/nodepool', value: p.name, label: `NodePool ${p.name}`, nodes: count('karpenter.sh/nodepool', p.name), ...(p.builtIn ? { note: 'Auto Mode built-in pool' } : {}) });
  }
  const groups = new Set<string>(input.nodegroups?.map((g) => g.name) ?? []);
  for (const n of input.nodes) if (n.pool.source === 'eks-nodegroup') groups.add(n.pool.name);
  for (const g of [...groups].sort()) {
    const info = input.nodegroups?.find((x) => x.name === g);
    out.push({
      kind: 'nodegroup',
      key: 'eks.amazonaws.com/nodegroup',
      value: g,
      label: `Node group ${g}`,
      nodes: count('eks.amazonaws.com/nodegroup', g),
      ...(info ? { note: `${info.instanceTypes.join(', ') || 'any type'}, ${info.scaling.minSize}–${info.scaling.maxSize} nodes` } : {}),
    });
  }
  return out;
}
