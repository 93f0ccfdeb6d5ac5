// `npm start`. With nothing to start beside the server (kubeconfig, in-cluster and file modes) and
// a build present, this process becomes the standalone server (serve-standalone.mjs). Otherwise
// (the sandbox mode, or no build yet) it runs scripts/start.ts under tsx, which starts the sandbox
// and builds as needed, then runs the server as its child.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { clusterMode, serveStandalone, standaloneBuild } from './serve-standalone.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const buildId = clusterMode(process.env) === 'sandbox' ? undefined : standaloneBuild(root);
if (buildId) {
  await serveStandalone(root, buildId);
} else {
  await import('tsx');
  await import('./start.ts');
}
