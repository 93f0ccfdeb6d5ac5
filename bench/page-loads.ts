// Peak memory while many pages load at once: `n` GET /topology requests (gzip accepted, each read
// to the end at the pace of the connection) started together, the Next server's RSS sampled every
// 50 ms meanwhile, against its RSS just before. The goal: within 1.2× idle, i.e. no answer is
// held whole in memory per request.
import { treeUsage } from './proc';

const MiB = 2 ** 20;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function load(base: string, cluster: string): Promise<number> {
  const http = await import('node:http');
  return new Promise((resolve, reject) => {
    http
      .get(`${base}/api/clusters/${encodeURIComponent(cluster)}/topology`, { headers: { 'Accept-Encoding': 'gzip' } }, (res) => {
        let bytes = 0;
        res.on('data', (d: Buffer) => (bytes += d.length));
        res.on('end', () => (res.statusCode === 200 ? resolve(bytes) : reject(new Error(`topology: ${res.statusCode}`))));
      })
      .on('error', reject);
  });
}

export async function rssDuringPageLoads(base: string, cluster: string, pid: number, n = 50) {
  await sleep(2000);
  const idle = treeUsage(pid).serverRssBytes;
  let peak = idle;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peak = Math.max(peak, treeUsage(pid).serverRssBytes);
      await sleep(50);
    }
  })();
  const started = performance.now();
  await Promise.all(Array.from({ length: n }, () => load(base, cluster)));
  const ms = performance.now() - started;
  sampling = false;
  await sampler;
  return { loads: n, idleMiB: Math.round(idle / MiB), peakMiB: Math.round(peak / MiB), ratio: +(peak / idle).toFixed(2), ms: Math.round(ms) };
}
