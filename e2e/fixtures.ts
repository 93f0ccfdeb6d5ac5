import fs from 'node:fs';
import path from 'node:path';
import { test as base } from '@playwright/test';
import { kubectlFor } from '../test/support/kubectl';
import { LanesPage } from './pages/lanes.page';

/** kubectl against the sandbox the dashboard under test embeds (it writes .sandbox/kubeconfig). */
function sandboxKubectl() {
  const kubeconfig = path.resolve(__dirname, '..', '.sandbox', 'kubeconfig');
  if (!fs.existsSync(kubeconfig)) throw new Error(`no sandbox kubeconfig at ${kubeconfig}: is the dashboard running on the sandbox?`);
  return kubectlFor(kubeconfig);
}

export const test = base.extend<{ lanes: LanesPage; kubectl: ReturnType<typeof kubectlFor> }>({
  lanes: async ({ page }, use) => use(new LanesPage(page)),
  kubectl: async ({}, use) => {
    const k = sandboxKubectl();
    await use(k);
    k.cleanup();
  },
});

export { expect } from '@playwright/test';
