// The worker thread of list-ahead.ts, bundled on its own beside server.js by `npm run build`
// (scripts/build-prefetch.mjs): it lists what it is handed and posts the compact objects back.
import { parentPort, workerData } from 'node:worker_threads';
import { listAheadHere, type ListAheadRequests } from './list-ahead';

if (parentPort) void listAheadHere(workerData as ListAheadRequests, (message) => parentPort!.postMessage(message));
