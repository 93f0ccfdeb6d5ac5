// The two servers under comparison: the real kube-apiserver 1.20 started by scripts/test-real.sh
// (KUBE_API / KUBE_TOKEN) and a fresh sandbox started in this process.
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { startSandbox } from '@/lib/sandbox/sandbox';
import { installCrds } from './crds';
import { send, type Server } from './http';

export interface Pair {
  real: Server;
  sandbox: Server;
  stop(): Promise<void>;
}

export async function startPair(): Promise<Pair> {
  const api = process.env.KUBE_API;
  const token = process.env.KUBE_TOKEN;
  if (!api || !token) throw new Error('KUBE_API / KUBE_TOKEN missing: run this tier through scripts/test-real.sh (npm run test:real)');
  const real: Server = { name: 'real', base: api, token };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodelanes-diff-'));
  // The real watch cache keeps about 100 events per resource; give the sandbox the same window.
  const sb = await startSandbox({ scenario: 'empty', port: 0, dir, quiet: true, timeScale: 1, historySize: 100 });
  const sandbox: Server = { name: 'sandbox', base: sb.url };
  await installCrds(real);
  return {
    real,
    sandbox,
    async stop() {
      await sb.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Sends the same request to both servers. */
export async function both(pair: Pair, req: Parameters<typeof send>[1]) {
  const [real, sandbox] = await Promise.all([send(pair.real, req), send(pair.sandbox, req)]);
  return { real, sandbox };
}
