// What a process tree costs, read from /proc (Linux): resident memory and CPU time of a process
// and all its descendants, e.g. `npm start` → tsx → scripts/start.ts → the Next server.
import fs from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux this runs on

interface ProcInfo {
  pid: number;
  ppid: number;
  command: string;
  rssBytes: number;
  cpuSeconds: number;
}

function readProc(pid: number): ProcInfo | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command sits in parentheses and may hold spaces; the fields after it are space-separated.
    const close = stat.lastIndexOf(')');
    const fields = stat.slice(close + 2).split(' ');
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
    return {
      pid,
      ppid: Number(fields[1]),
      command: cmdline || stat.slice(stat.indexOf('(') + 1, close),
      rssBytes: rssKb * 1024,
      // utime and stime: fields 14 and 15 of stat, 12 and 13 after the command.
      cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND,
    };
  } catch {
    return undefined; // gone meanwhile
  }
}

export function processTree(rootPid: number): ProcInfo[] {
  const all = fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map((d) => readProc(Number(d)))
    .filter((p): p is ProcInfo => p !== undefined);
  const tree: ProcInfo[] = [];
  const want = new Set([rootPid]);
  // Parents come before children in no guaranteed order: sweep until nothing new joins.
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all) {
      if (!want.has(p.pid) && !want.has(p.ppid)) continue;
      if (tree.includes(p)) continue;
      want.add(p.pid);
      tree.push(p);
      grew = true;
    }
  }
  return tree;
}

export interface TreeUsage {
  rssBytes: number;
  cpuSeconds: number;
  /** The Next server's own RSS (the process named next-server), apart from its launchers. */
  serverRssBytes: number;
  /** npm's own CLI process (`npm start`), which the dashboard does not need: reported beside it. */
  npmRssBytes: number;
  processes: { pid: number; command: string; rssMiB: number }[];
}

export function treeUsage(rootPid: number): TreeUsage {
  const tree = processTree(rootPid);
  return {
    rssBytes: tree.reduce((s, p) => s + p.rssBytes, 0),
    cpuSeconds: tree.reduce((s, p) => s + p.cpuSeconds, 0),
    serverRssBytes: tree.filter((p) => p.command.startsWith('next-server')).reduce((s, p) => s + p.rssBytes, 0),
    npmRssBytes: tree.filter((p) => p.command.startsWith('npm')).reduce((s, p) => s + p.rssBytes, 0),
    processes: tree.map((p) => ({ pid: p.pid, command: p.command.slice(0, 80), rssMiB: +(p.rssBytes / 2 ** 20).toFixed(1) })),
  };
}
