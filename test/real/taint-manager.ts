// A kube-controller-manager 1.20 that runs only the node lifecycle controller, whose taint manager
// (--enable-taint-manager, on by default) is what evicts pods from NoExecute-tainted nodes in 1.20.
// The real tier's own controller-manager leaves nodelifecycle out because the node stand-in posts
// no heartbeats or Leases; here the grace periods are a day long, so during a test no node is
// judged unreachable and only the taints the test sets evict anything.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { until } from '../support/until';
import { send, type Server } from './http';

export interface TaintManagerProcess {
  /** Stops the process and gives every node back the taints it had before the start. */
  stop(): Promise<void>;
}

type Taint = { key: string; value?: string; effect: string };

/** Every node's taints, by name: the lifecycle controller adds some of its own (a cordoned node's unschedulable one). */
async function nodeTaints(server: Server): Promise<Map<string, Taint[]>> {
  const res = await send(server, { path: '/api/v1/nodes' });
  const items = (res.json?.items ?? []) as { metadata: { name: string }; spec?: { taints?: Taint[] } }[];
  return new Map(items.map((n) => [n.metadata.name, n.spec?.taints ?? []]));
}

async function restoreTaints(server: Server, before: Map<string, Taint[]>) {
  const now = await nodeTaints(server);
  for (const [name, taints] of now) {
    const was = before.get(name);
    if (!was || JSON.stringify(was) === JSON.stringify(taints)) continue;
    await send(server, { method: 'PATCH', path: `/api/v1/nodes/${name}`, contentType: 'application/merge-patch+json', body: { spec: { taints: was.length ? was : null } } });
  }
}

export async function startTaintManager(real: Server): Promise<TaintManagerProcess> {
  const dir = process.env.KUBE_REAL_DIR;
  if (!dir) throw new Error('KUBE_REAL_DIR missing: run this tier through scripts/test-real.sh');
  const bin = execFileSync('bash', [path.resolve('scripts/kube/build.sh')], { encoding: 'utf8' }).trim();
  const before = await nodeTaints(real);
  const child: ChildProcess = spawn(
    path.join(bin, 'kube-controller-manager'),
    [
      '--kubeconfig', path.join(dir, 'kubeconfig'),
      '--controllers', 'nodelifecycle',
      '--leader-elect=false', '--port', '0', '--secure-port', '0',
      '--node-monitor-grace-period', '24h', '--node-startup-grace-period', '24h', '--pod-eviction-timeout', '24h',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stdout?.on('data', (c) => (log += c));
  child.stderr?.on('data', (c) => (log += c));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    child.kill('SIGTERM');
    await exited;
    await restoreTaints(real, before);
  };
  try {
    // The taint manager starts once the lifecycle controller's node, pod, Lease and DaemonSet caches are in.
    await until('the taint manager to start', () => log.includes('Caches are synced for taint') && log.includes('Starting NoExecuteTaintManager'), 60_000, async () => log.slice(-2000));
  } catch (err) {
    await stop();
    throw err;
  }
  return { stop };
}
