// One in-process sandbox for tests that call route handlers: the dashboard's cluster registry
// points at it (NODELANES_CLUSTER=sandbox and its kubeconfig), kubectl reaches it, and `stop`
// forgets every informer, history and cache the routes started, so the next file begins clean.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { vi } from 'vitest';
import { startSandbox, type Sandbox } from '@/lib/sandbox/sandbox';
import { stopTopology } from '@/lib/server/topology-hub';
import { forgetHistory } from '@/lib/server/review-history';
import { clearAccessCache } from '@/lib/server/access';
import { kubectlFor } from './kubectl';

export interface RouteSandbox {
  sandbox: Sandbox;
  kubectl: ReturnType<typeof kubectlFor>;
  stop(): Promise<void>;
}

/** Starts the sandbox (migration scenario unless told otherwise) and quiets the request log. */
export async function startRouteSandbox(opts: { timeScale?: number; scenario?: string; quietLevels?: Array<'log' | 'warn' | 'error'> } = {}): Promise<RouteSandbox> {
  for (const level of opts.quietLevels ?? ['log']) vi.spyOn(console, level).mockImplementation(() => undefined);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodelanes-routes-'));
  const sandbox = await startSandbox({ dir, quiet: true, timeScale: opts.timeScale ?? 20, scenario: opts.scenario });
  process.env.NODELANES_CLUSTER = 'sandbox';
  process.env.NODELANES_SANDBOX_KUBECONFIG = sandbox.kubeconfigPath;
  delete process.env.NEXTAUTH_URL;
  const kubectl = kubectlFor(sandbox.kubeconfigPath);
  return {
    sandbox,
    kubectl,
    async stop() {
      stopTopology();
      forgetHistory();
      clearAccessCache();
      kubectl.cleanup();
      await sandbox.stop();
      fs.rmSync(dir, { recursive: true, force: true });
      vi.restoreAllMocks();
    },
  };
}
