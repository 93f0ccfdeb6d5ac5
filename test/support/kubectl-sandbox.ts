// One sandbox process and kubectl against it for a test file: started before its tests (with the
// test's namespace made), stopped after them. The two handles are bound late, so a file writes
// `const { kubectl, sandbox } = kubectlSandbox({ … })` at its top and uses them in its tests.
import { afterAll, beforeAll } from 'vitest';
import { startSandboxProcess, type SandboxProcess } from './sandbox-process';
import { kubectlFor } from './kubectl';

type Kubectl = ReturnType<typeof kubectlFor>;

export function kubectlSandbox(opts: { timeScale?: number; scenario?: string; namespace?: string }): { kubectl: Kubectl; sandbox: SandboxProcess } {
  let sandbox: SandboxProcess | undefined;
  let kubectl: Kubectl | undefined;
  beforeAll(async () => {
    sandbox = await startSandboxProcess({ timeScale: opts.timeScale ?? 10, ...(opts.scenario ? { scenario: opts.scenario } : {}) });
    kubectl = kubectlFor(sandbox.kubeconfig);
    if (opts.namespace) await kubectl.ok(['create', 'namespace', opts.namespace]);
  }, 120_000);
  afterAll(async () => {
    kubectl?.cleanup();
    await sandbox?.stop();
  });
  return { kubectl: late(() => kubectl, 'kubectl'), sandbox: late(() => sandbox, 'the sandbox') };
}

/** A stand-in that forwards to the object once it exists (after beforeAll). */
function late<T extends object>(get: () => T | undefined, what: string): T {
  return new Proxy({} as T, {
    get(_target, prop) {
      const value = get();
      if (!value) throw new Error(`${what} is used before beforeAll started it`);
      const member = (value as Record<PropertyKey, unknown>)[prop];
      return typeof member === 'function' ? member.bind(value) : member;
    },
  });
}
