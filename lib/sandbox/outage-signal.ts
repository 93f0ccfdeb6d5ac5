// An outage on demand, for end-to-end tests of what the dashboard does when its API server goes
// away: SIGUSR2 takes the sandbox's API off the network (connections refused, watches cut), the
// next SIGUSR2 puts it back on the same port. The process id goes to `<dir>/pid` for the tests to
// signal; SIGUSR1 is left alone, Node keeps it for its inspector.
import fs from 'node:fs';
import path from 'node:path';
import type { Sandbox } from './sandbox';

export function outageOnSignal(sandbox: Sandbox): () => void {
  const pidPath = path.join(path.dirname(sandbox.kubeconfigPath), 'pid');
  fs.writeFileSync(pidPath, `${process.pid}\n`);
  let reachable = true;
  let busy = Promise.resolve();
  const toggle = () => {
    reachable = !reachable;
    const want = reachable;
    busy = busy.then(async () => {
      await sandbox.setReachable(want);
      console.log(`[sandbox] SIGUSR2: API ${want ? 'reachable again' : 'unreachable (outage)'}`);
    });
  };
  process.on('SIGUSR2', toggle);
  return () => {
    process.off('SIGUSR2', toggle);
    fs.rmSync(pidPath, { force: true });
  };
}
