// A real control plane started by scripts/kube/up.sh DIR, as the convergence runs see it: its API
// server (direct, admin token), its etcd, and the two faults only a real one has — restarting the
// API server (gracefully or killed) and compacting etcd's history.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Server } from '../../real/http';

export interface ControlPlane {
  /** `strict` (watch cache off, 5 s compaction) or `defaults` (the API server's own: watch cache on, 5 min). */
  name: string;
  dir: string;
  server: Server;
  etcd: string;
  kubeconfig: string;
}

const root = path.resolve(__dirname, '../../..');

function readEnvFile(file: string): Record<string, string> {
  return Object.fromEntries(
    fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
}

export function controlPlaneIn(name: string, dir: string): ControlPlane {
  const env = readEnvFile(path.join(dir, 'env'));
  if (!env.KUBE_API || !env.KUBE_TOKEN || !env.KUBE_ETCD) throw new Error(`${dir}/env lacks KUBE_API, KUBE_TOKEN or KUBE_ETCD: start it with scripts/kube/up.sh`);
  return { name, dir, server: { name, base: env.KUBE_API, token: env.KUBE_TOKEN }, etcd: env.KUBE_ETCD, kubeconfig: env.KUBECONFIG };
}

/** The control planes scripts/test-real.sh started: the strict one always, the one with production defaults when asked. */
export function controlPlanesFromEnv(): ControlPlane[] {
  const planes: ControlPlane[] = [];
  if (process.env.KUBE_REAL_DIR) planes.push(controlPlaneIn('strict', process.env.KUBE_REAL_DIR));
  if (process.env.KUBE_DEFAULTS_DIR) planes.push(controlPlaneIn('defaults', process.env.KUBE_DEFAULTS_DIR));
  return planes;
}

/** Stops the API server (SIGTERM, or SIGKILL with `kill`) and starts it again with the same configuration. */
export function restartApiServer(plane: ControlPlane, how: 'stop' | 'kill'): void {
  if (how === 'kill') {
    const pidFile = path.join(plane.dir, 'pids', 'kube-apiserver');
    const pid = Number(fs.readFileSync(pidFile, 'utf8'));
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
    for (let i = 0; i < 50; i++) {
      try {
        process.kill(pid, 0);
      } catch {
        break;
      }
      execFileSync('sleep', ['0.1']);
    }
    fs.rmSync(pidFile, { force: true });
  } else {
    execFileSync('bash', [path.join(root, 'scripts/kube/down.sh'), plane.dir, 'kube-apiserver']);
  }
  startAgain(plane);
}

/**
 * up.sh for a stopped API server. A start that fails (on a loaded machine the old process may
 * still hold its port, or readiness may take longer than up.sh waits) is tried once more, and a
 * second failure says why: up.sh's own words and the end of the API server's log.
 */
function startAgain(plane: ControlPlane): void {
  for (let attempt = 1; ; attempt++) {
    try {
      execFileSync('bash', [path.join(root, 'scripts/kube/up.sh'), plane.dir], { stdio: ['ignore', 'ignore', 'pipe'] });
      return;
    } catch (err) {
      if (attempt < 2) {
        execFileSync('bash', [path.join(root, 'scripts/kube/down.sh'), plane.dir, 'kube-apiserver']);
        execFileSync('sleep', ['2']);
        continue;
      }
      const stderr = String((err as { stderr?: Buffer }).stderr ?? '');
      let logTail = '';
      try {
        logTail = fs.readFileSync(path.join(plane.dir, 'logs', 'kube-apiserver.log'), 'utf8').split('\n').slice(-15).join('\n');
      } catch {
        // No log: nothing to add.
      }
      throw new Error(`the ${plane.name} API server did not start again: ${stderr.trim()}\n${logTail}`);
    }
  }
}

async function etcdPost(plane: ControlPlane, api: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${plane.etcd}${api}`, { method: 'POST', body: JSON.stringify(body) });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`etcd ${api}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Compacts etcd's history up to its current revision (what the API server does every few minutes). */
export async function compactEtcd(plane: ControlPlane): Promise<number> {
  const range = await etcdPost(plane, '/v3/kv/range', { key: Buffer.from('/').toString('base64'), limit: 1 });
  const revision = Number((range.header as { revision?: string }).revision);
  try {
    await etcdPost(plane, '/v3/kv/compaction', { revision: String(revision), physical: true });
  } catch (err) {
    // The API server's own compactor (every 5 s on the strict plane) got there first: compacted all the same.
    if (!String(err).includes('has been compacted')) throw err;
  }
  return revision;
}
