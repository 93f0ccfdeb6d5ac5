// The functions a CPU profile (a .cpuprofile from BENCH_PROFILE_DIR or Chrome DevTools) spent the
// most time in, by self time and by total time: `npx tsx bench/profile-summary.ts <file> [top]`.
import fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, top = '25'] = process.argv.slice(2);
const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const label = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}:${n.callFrame.columnNumber}`;

const self = new Map<string, number>();
const total = new Map<string, number>();
// Total time: a function's own samples and its callees', counted once per stack it is on.
function walk(id: number, onStack: Set<string>): number {
  const node = byId.get(id)!;
  const key = label(node);
  let sum = selfUs.get(id) ?? 0;
  self.set(key, (self.get(key) ?? 0) + sum);
  const inner = new Set(onStack).add(key);
  for (const child of node.children ?? []) sum += walk(child, inner);
  if (!onStack.has(key)) total.set(key, (total.get(key) ?? 0) + sum);
  return sum;
}
walk(profile.nodes[0].id, new Set());
const show = (m: Map<string, number>) =>
  [...m].sort((a, b) => b[1] - a[1]).slice(0, Number(top)).map(([k, us]) => `${(us / 1000).toFixed(1).padStart(8)} ms  ${k}`).join('\n');
console.log(`self time\n${show(self)}\n\ntotal time\n${show(total)}`);
