// The node lifecycle controller, and the kubelet switch that gives it work. Annotating a node
// `sandbox.nodelanes.dev/kubelet=stopped` stops its kubelet: no more status, its pods left as
// they are; after the node monitor grace period the controller sets the node's conditions
// Unknown ("Kubelet stopped posting node status."). `…/kubelet=not-ready` keeps the kubelet
// posting, but Ready False (its network plugin not ready). Either way the controller marks the
// node's pods not Ready and taints the node (unreachable or not-ready, NoSchedule and NoExecute)
// so the taint manager (sim/taint-manager.ts) evicts them once their tolerations run out.
// Removing the annotation brings the kubelet back: the node turns Ready and the taints go.
import type { KObject, Store } from '../store';
import type { RecordEvent } from '../events';
import { NOT_READY_TAINT, UNREACHABLE_TAINT, withReadinessTaints } from '@/lib/domain/noexecute';

export const KUBELET_ANNOTATION = 'sandbox.nodelanes.dev/kubelet';
/** How long a node may stay silent before it is marked Unknown (kube-controller-manager 1.32's --node-monitor-grace-period). */
export const NODE_MONITOR_GRACE_SECONDS = 50;

export type KubeletMode = 'running' | 'stopped' | 'not-ready';

export function kubeletMode(node: Readonly<KObject>): KubeletMode {
  const v = node.metadata.annotations?.[KUBELET_ANNOTATION];
  return v === 'stopped' || v === 'not-ready' ? v : 'running';
}

type Condition = { type: string; status: string; [k: string]: unknown };
const readyStatus = (n: Readonly<KObject>) => ((n.status?.conditions ?? []) as Condition[]).find((c) => c.type === 'Ready')?.status;

const NOT_READY = {
  reason: 'KubeletNotReady',
  message: 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized',
};

/** Whether a Ready condition is the one this controller or a switched kubelet wrote (not one a test wrote through nodes/status). */
export function writtenBySwitch(ready: { status?: string; reason?: string; message?: string }): boolean {
  return (ready.status === 'Unknown' && ready.reason === 'NodeStatusUnknown') || (ready.status === 'False' && ready.reason === NOT_READY.reason && ready.message === NOT_READY.message);
}

export class NodeLifecycle {
  private readonly stoppedSince = new Map<string, number>();

  constructor(
    private readonly store: Store,
    private readonly record: RecordEvent,
    private readonly kubeletRecord: RecordEvent = record,
  ) {}

  run() {
    const now = this.store.now().getTime();
    const seen = new Set<string>();
    for (const n of [...this.store.peek('nodes')]) {
      const name = n.metadata.name;
      seen.add(name);
      const mode = kubeletMode(n);
      const status = readyStatus(n);
      if (mode !== 'stopped') this.stoppedSince.delete(name);
      if (!status) continue;
      let node = n as KObject;
      if (mode === 'stopped') {
        const since = this.stoppedSince.get(name) ?? now;
        this.stoppedSince.set(name, since);
        if (status !== 'Unknown' && now - since >= NODE_MONITOR_GRACE_SECONDS * 1000) node = this.markUnknown(node);
      } else if (mode === 'not-ready' && status !== 'False') node = this.postNotReady(node);
      this.taint(node);
    }
    for (const name of this.stoppedSince.keys()) if (!seen.has(name)) this.stoppedSince.delete(name);
  }

  private markUnknown(n: KObject): KObject {
    const t = this.store.timestamp();
    const conditions = ((n.status?.conditions ?? []) as Condition[]).map((c) => ({ ...c, status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: t }));
    return this.notReady(this.store.update('nodes', { ...n, status: { ...n.status, conditions } }));
  }

  /** The kubelet's own post: Ready False while its runtime's network is not ready. */
  private postNotReady(n: KObject): KObject {
    const t = this.store.timestamp();
    const conditions = ((n.status?.conditions ?? []) as Condition[]).map((c) => (c.type === 'Ready' ? { ...c, status: 'False', ...NOT_READY, lastHeartbeatTime: t, lastTransitionTime: t } : c));
    const updated = this.store.update('nodes', { ...n, status: { ...n.status, conditions } });
    this.kubeletRecord(updated, 'Normal', 'NodeNotReady', `Node ${n.metadata.name} status is now: NodeNotReady`);
    return this.notReady(updated);
  }

  /** What the controller does when it sees a node no longer Ready: an event, and its pods not Ready. */
  private notReady(n: KObject): KObject {
    const t = this.store.timestamp();
    if (readyStatus(n) === 'Unknown') this.record(n, 'Normal', 'NodeNotReady', `Node ${n.metadata.name} status is now: NodeNotReady`);
    for (const p of [...this.store.peek('pods')]) {
      if (p.spec?.nodeName !== n.metadata.name) continue;
      const conditions = (p.status?.conditions ?? []) as Condition[];
      if (!conditions.some((c) => c.type === 'Ready' && c.status === 'True')) continue;
      const next = conditions.map((c) => (c.type === 'Ready' ? { ...c, status: 'False', lastTransitionTime: t } : c));
      const updated = this.store.update('pods', { ...(p as KObject), status: { ...p.status, conditions: next } });
      this.record(updated, 'Warning', 'NodeNotReady', 'Node is not ready');
    }
    return n;
  }

  /** The readiness taints for the node's Ready status, written only when they change. */
  private taint(n: KObject) {
    const current = (n.spec?.taints ?? []) as { key: string; value?: string; effect: string }[];
    if (readyStatus(n) === 'True' && !current.some((t) => t.key === NOT_READY_TAINT || t.key === UNREACHABLE_TAINT)) return;
    const taints = withReadinessTaints(current, readyStatus(n), this.store.timestamp());
    if (JSON.stringify(taints) === JSON.stringify(current)) return;
    const { taints: _old, ...spec } = n.spec ?? {};
    this.store.update('nodes', { ...n, spec: taints.length ? { ...spec, taints } : spec });
  }
}
