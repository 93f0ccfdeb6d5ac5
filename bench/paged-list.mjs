// The physical limit the app is measured against: a plain Node script that lists nodes and pods
// in pages of 500 and JSON.parses each page, nothing more. Run as its own process by
// bench/references.ts (plain JavaScript, so no loader's start-up is in its time).
// usage: BENCH_TOKEN=… node bench/paged-list.mjs SERVER  → one JSON line: items, bytes, peak heap.
import http from 'node:http';
import https from 'node:https';

const server = process.argv[2];
const token = process.env.BENCH_TOKEN;
const secure = server.startsWith('https:');
const agent = secure ? new https.Agent({ keepAlive: true, rejectUnauthorized: false }) : new http.Agent({ keepAlive: true });

function get(path) {
  return new Promise((resolve, reject) => {
    const req = (secure ? https : http).get(new URL(path, server), { agent, headers: { Accept: 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks)) : reject(new Error(`${path}: ${res.statusCode}`))));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

let items = 0;
let bytes = 0;
let peakHeap = 0;
for (const collection of ['/api/v1/nodes', '/api/v1/pods']) {
  let cont = '';
  do {
    const body = await get(`${collection}?limit=500${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`);
    bytes += body.length;
    const page = JSON.parse(body.toString('utf8'));
    items += page.items.length;
    cont = page.metadata.continue ?? '';
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  } while (cont);
}
console.log(JSON.stringify({ items, bytes, peakHeapBytes: peakHeap }));
agent.destroy();
