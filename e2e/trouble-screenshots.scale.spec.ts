import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from './fixtures';
import { kubectlFor } from '../test/support/kubectl';
import { SCALE_SANDBOX_DIR } from '../playwright.scale.config';
import { clearTrouble, makeTrouble, type Trouble } from './support/trouble-cluster';

// The screenshots of the lanes with trouble in docs/images: tile and dense mode, light and dark,
// on the 1,000-node sandbox with a CrashLoopBackOff pod, an ImagePullBackOff pod and a NotReady
// node. Taken again by every run of this config; look at them when the marks change.

const OUT = path.resolve(__dirname, '..', 'docs', 'images');
const kubectl = kubectlFor(path.resolve(__dirname, '..', SCALE_SANDBOX_DIR, 'kubeconfig'));
let trouble: Trouble;
/** The server's first sync of 1,000 nodes, on a busy machine. */
const FIRST_SYNC_MS = 150_000;

test.beforeAll(async () => {
  trouble = await makeTrouble(kubectl);
  fs.mkdirSync(OUT, { recursive: true });
});

test.afterAll(async () => {
  if (trouble) await clearTrouble(kubectl, trouble);
  kubectl.cleanup();
});

for (const theme of ['light', 'dark'] as const) {
  test(`tiles and dense cells with trouble, ${theme}`, async ({ lanes, page }) => {
    await page.setViewportSize({ width: 1400, height: 1000 });
    await page.emulateMedia({ colorScheme: theme });
    await page.addInitScript((t) => localStorage.setItem('nodelanes.theme', t), theme);

    // Dense (the default at 1,000 nodes), stepped to the crashing pod's node.
    await lanes.open('sandbox', FIRST_SYNC_MS);
    for (let i = 0; i < 3; i++) await page.keyboard.press('t');
    await expect(lanes.node(trouble.crash.node)).toBeFocused();
    await page.mouse.move(0, 0);
    await page.screenshot({ path: path.join(OUT, `trouble-dense-${theme}.png`) });

    // Tiles, stepped to the crashing pod's chip.
    await lanes.openWith('?density=comfortable');
    for (let i = 0; i < 3; i++) await page.keyboard.press('t');
    await expect(lanes.pod(trouble.crash.pod).getByTestId('pod-open')).toBeFocused();
    await page.screenshot({ path: path.join(OUT, `trouble-tiles-${theme}.png`) });
  });
}
