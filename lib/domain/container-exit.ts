// The sandbox runs no containers; a run-to-completion container's exit code is read from what it
// was told to run, the way someone writing a failing Job would: `false`, or a shell script whose
// last statement is `exit N` (`sh -c "echo boom; exit 3"`). Anything else exits 0.

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);
const basename = (s: string) => s.slice(s.lastIndexOf('/') + 1);

export interface ContainerCommand {
  command?: string[];
  args?: string[];
}

/** The exit code of a shell script's final statement, when it is `exit N`, `exit` or `false`. */
function scriptExit(script: string): number {
  const statements = script
    .split(/;|&&|\|\||\n/)
    .map((s) => s.trim())
    .filter(Boolean);
  const last = statements.at(-1) ?? '';
  const exit = /^exit(?:\s+(\d+))?$/.exec(last);
  if (exit) return exit[1] === undefined ? 0 : Number(exit[1]) % 256;
  return basename(last.split(/\s+/)[0] ?? '') === 'false' ? 1 : 0;
}

export function simulatedExitCode(container: ContainerCommand): number {
  const argv = [...(container.command ?? []), ...(container.args ?? [])];
  if (argv.length === 0) return 0;
  const program = basename(argv[0]);
  if (program === 'false') return 1;
  if (SHELLS.has(program)) {
    const c = argv.indexOf('-c');
    if (c > 0 && argv[c + 1] !== undefined) return scriptExit(argv[c + 1]);
  }
  return 0;
}
