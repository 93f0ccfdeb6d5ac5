// What one pass of each sandbox controller costs at a synthetic size, in this process, without
// the API (`npx tsx bench/sim-pass-cost.ts 5000x30`): the controllers' loop, then Auto Mode's
// provisioner and consolidator. A pass holds the API's event loop, and every watch event, as long.
import { Store } from '@/lib/sandbox/store';
import { seedSynthetic, seededRandom } from '@/lib/sandbox/sim/scenario';
import { seedRbac } from '@/lib/sandbox/rbac/policy';
import { seedCrds } from '@/lib/sandbox/crds';
import { seedPriorityClasses } from '@/lib/sandbox/kube-api/priority-admission';
import { eventRecorder } from '@/lib/sandbox/events';
import { WorkloadControllers } from '@/lib/sandbox/sim/workloads';
import { KindControllers } from '@/lib/sandbox/sim/kinds';
import { schedule } from '@/lib/sandbox/sim/scheduler';
import { runKubelet } from '@/lib/sandbox/sim/kubelet';
import { KubeletMemory } from '@/lib/sandbox/sim/container-fate';
import { NodeLifecycle } from '@/lib/sandbox/sim/node-lifecycle';
import { TaintManager } from '@/lib/sandbox/sim/taint-manager';
import { updateNodePoolStatus } from '@/lib/sandbox/sim/nodepool-status';
// Each pass as wall ms / CPU ms of this process (on a busy machine the CPU figure is the steadier).
const cpuMs = (since: NodeJS.CpuUsage) => { const d = process.cpuUsage(since); return ((d.user + d.system) / 1000).toFixed(0); };
const [n, p] = (process.argv[2] ?? '1000x30').split('x').map(Number);
const store = new Store();
let t = performance.now();
seedSynthetic(store, n, p); seedRbac(store); seedCrds(store); seedPriorityClasses(store);
console.log('seed', (performance.now() - t).toFixed(0));
const record = (c: string) => eventRecorder(store, c);
const workloads = new WorkloadControllers(store, record, seededRandom(99));
const kinds = new KindControllers(store, record, seededRandom(7), 'x');
const se = record('default-scheduler'); const ke = record('kubelet');
const km = new KubeletMemory(store);
const nl = new NodeLifecycle(store, record('node-controller'), ke);
const tm = new TaintManager(store, record('taint-eviction-controller'));
const retry = new Map<string, number>();
const steps: [string, () => void][] = [
  ['kubelet', () => runKubelet(store, ke, km)], ['nodeLifecycle', () => nl.run()], ['taint', () => tm.run()],
  ['workloads', () => workloads.reconcile()], ['kinds', () => kinds.reconcile()], ['schedule', () => schedule(store, se, retry)], ['nodepool', () => updateNodePoolStatus(store)],
];
for (let k = 0; k < 4; k++) {
  const out: string[] = [];
  for (const [name, f] of steps) { t = performance.now(); const c = process.cpuUsage(); f(); out.push(`${name} ${(performance.now() - t).toFixed(0)}/${cpuMs(c)}`); }
  console.log(out.join('  '));
}
for (const key of ['pods']) {
  t = performance.now(); let c = 0; for (const _ of store.scan(key)) c++; console.log('scan', c, (performance.now() - t).toFixed(0));
}
import { startAutoMode } from '@/lib/sandbox/automode';
import { SimClock } from '@/lib/sandbox/sim/clock';
{
  const clock = new SimClock(1);
  const am = startAutoMode(store, { now: clock.now, setTimeout: () => undefined });
  for (let k = 0; k < 3; k++) {
    const out: string[] = [];
    for (const [name, f] of [['provisioner', () => am.provisioner.reconcile()], ['consolidator', () => am.consolidator.reconcile()], ['nodeclasses', () => am.refreshNodeClasses?.()]] as const) {
      const t1 = performance.now(); const c = process.cpuUsage(); f(); out.push(`${name} ${(performance.now() - t1).toFixed(0)}/${cpuMs(c)}`);
    }
    console.log(out.join('  '));
  }
  t = performance.now(); store.list('pods'); console.log('list pods', (performance.now() - t).toFixed(0));
}
