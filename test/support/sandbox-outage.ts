// Drives the outage switch of a sandbox started by `npm start` / `npm run sandbox`
// (lib/sandbox/outage-signal.ts): its process id is in <sandboxDir>/pid, and each SIGUSR2 flips the
// API between unreachable and back.
import fs from 'node:fs';
import path from 'node:path';

export function sandboxOutage(sandboxDir: string) {
  const pid = Number(fs.readFileSync(path.join(sandboxDir, 'pid'), 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`no sandbox process id in ${sandboxDir}/pid`);
  let down = false;
  const flip = () => {
    process.kill(pid, 'SIGUSR2');
    down = !down;
  };
  return {
    down: () => (down ? undefined : flip()),
    up: () => (down ? flip() : undefined),
  };
}
