import { describe, expect, it } from 'vitest';
import { simulatedExitCode } from './container-exit';

describe('simulatedExitCode', () => {
  it('false and /bin/false exit 1', () => {
    expect(simulatedExitCode({ command: ['false'] })).toBe(1);
    expect(simulatedExitCode({ command: ['/bin/false'] })).toBe(1);
  });

  it("a shell script's last `exit N` is its code", () => {
    expect(simulatedExitCode({ command: ['sh', '-c', 'echo boom; exit 3'] })).toBe(3);
    expect(simulatedExitCode({ command: ['/bin/bash', '-c'], args: ['echo hi\nexit 1'] })).toBe(1);
    expect(simulatedExitCode({ command: ['sh', '-c', 'exit 257'] })).toBe(1);
    expect(simulatedExitCode({ command: ['sh', '-c', 'echo x && false'] })).toBe(1);
  });

  it('an exit that is not last, a bare exit, or anything else exits 0', () => {
    expect(simulatedExitCode({ command: ['sh', '-c', 'exit 1; echo never'] })).toBe(0);
    expect(simulatedExitCode({ command: ['sh', '-c', 'exit'] })).toBe(0);
    expect(simulatedExitCode({ command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'] })).toBe(0);
    expect(simulatedExitCode({})).toBe(0);
    expect(simulatedExitCode({ command: ['echo', 'false'] })).toBe(0);
  });
});
