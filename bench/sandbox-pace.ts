// The sandbox alone, in this process, at a synthetic size (`npx tsx bench/sandbox-pace.ts 5000x30`):
// merge patches of a pod label (serial, then 100 a second for 10 s) and how late a cluster-wide pod
// watch sees each (label value = send time), then a paged list of every pod (500 a page, as the
// benchmark's paged-list.mjs). SERIAL, PACED and REPS set how many of each (0 skips). No app, no
// browser: what the API server itself costs.
import { startSandbox } from '@/lib/sandbox/sandbox';
import { ADMIN_TOKEN } from '@/lib/sandbox/kube-api/authentication';
import http from 'node:http';
import { kubeRequest } from './kube-http';
async function main() {
const size = process.argv[2] ?? '1000x30';
const t0 = performance.now();
const sb = await startSandbox({ scenario: `synthetic:${size}`, quiet: true, dir: '/tmp/perfsb/sb' });
console.log('start', (performance.now() - t0).toFixed(0));
const [n, p] = size.split('x').map(Number);
// watch pods
const seen = new Map<string, number>();
const lat: number[] = [];
await new Promise<void>((resolve) => {
  const req = http.get(`${sb.url}/api/v1/pods?watch=1&resourceVersion=${sb.store.resourceVersion}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }, (res) => {
    resolve();
    let buf = '';
    res.on('data', (c) => {
      buf += c; let i;
      while ((i = buf.indexOf('\n')) >= 0) { const line = buf.slice(0, i); buf = buf.slice(i + 1); const e = JSON.parse(line); const s = Number(e.object?.metadata?.labels?.['bench-t']); if (s) lat.push(Date.now() - s); }
    });
  });
});
const target = { server: sb.url, token: ADMIN_TOKEN };
const patch = (name: string) => kubeRequest(target, 'PATCH', `/api/v1/namespaces/load/pods/${name}`, { metadata: { labels: { 'bench-t': String(Date.now()) } } }, 'application/merge-patch+json').then((r) => { if (r.status >= 300) throw new Error(r.body); return { text: async () => r.body }; });
const times: number[] = [];
for (let k = 0; k < Number(process.env.SERIAL ?? 200); k++) {
  const i = k % n, j = k % p;
  const t = performance.now();
  const r = await patch(`svc-${(i * p + j) % 500}-${i}-${j}`);
  await r.text();
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b); console.log('serial done');
if (times.length) console.log('patch serial ms p50', times[Math.floor(times.length / 2)].toFixed(1), 'p99', times[Math.floor(times.length * 0.99)].toFixed(1));
// paced 100/s for 10 s
const sent: Promise<unknown>[] = []; let failed = 0;
for (let k = 0; k < Number(process.env.PACED ?? 1000); k++) {
  const i = (k * 7) % n, j = k % p;
  sent.push(patch(`svc-${(i * p + j) % 500}-${i}-${j}`).then((r) => r.text()).catch((e) => { failed++; if (failed < 3) console.log(String(e)); }));
  await new Promise((r) => setTimeout(r, 10));
}
await Promise.race([Promise.all(sent), new Promise((r) => setTimeout(r, 60_000))]); console.log('failed', failed);
await new Promise((r) => setTimeout(r, 1000));
const l = lat.slice(Number(process.env.SERIAL ?? 200)).sort((a, b) => a - b);
console.log('watch latency paced n', l.length, 'p50', l[Math.floor(l.length / 2)], 'p99', l[Math.floor(l.length * 0.99)], 'max', l[l.length - 1]);
// paged list
for (let rep = 0; rep < Number(process.env.REPS ?? 2); rep++) {
  let cont = ''; let count = 0; const t = performance.now();
  do {
    const path = `/api/v1/pods?limit=500${cont ? `&continue=${cont}` : ''}`;
    // A kept-alive socket the server closed meanwhile: ask again on a new one.
    const r = await kubeRequest(target, 'GET', path).catch(() => kubeRequest(target, 'GET', path));
    const j = JSON.parse(r.body); count += j.items.length; cont = j.metadata.continue ?? '';
  } while (cont);
  console.log('paged list', count, 'pages of 500 ms', (performance.now() - t).toFixed(0));
}
await sb.stop();
process.exit(0);

}
void main();
