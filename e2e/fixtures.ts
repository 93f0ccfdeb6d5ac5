import fs from 'node:fs';
import path from 'node:path';
import { test as base } from '@playwright/test';
import { kubectlFor } from '../test/support/kubectl';
import { LanesPage } from './pages/lanes.page';
import { SignInPage } from './pages/signin.page';

/**
 * kubectl against the sandbox the project's dashboard embeds (it writes <sandboxDir>/kubeconfig),
 * with the sandbox's admin credentials: the tests' view of the truth, independent of any user.
 */
function sandboxKubectl(sandboxDir: string) {
  const kubeconfig = path.resolve(__dirname, '..', sandboxDir, 'kubeconfig');
  if (!fs.existsSync(kubeconfig)) throw new Error(`no sandbox kubeconfig at ${kubeconfig}: is the dashboard running on the sandbox?`);
  return kubectlFor(kubeconfig);
}

export const test = base.extend<{ lanes: LanesPage; signIn: SignInPage; kubectl: ReturnType<typeof kubectlFor> }>({
  lanes: async ({ page }, use) => use(new LanesPage(page)),
  signIn: async ({ page }, use) => use(new SignInPage(page)),
  kubectl: async ({}, use, testInfo) => {
    const k = sandboxKubectl(String(testInfo.project.metadata.sandboxDir ?? '.sandbox'));
    await use(k);
    k.cleanup();
  },
});

export { expect } from '@playwright/test';
