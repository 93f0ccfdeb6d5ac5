// What becomes of a container the sandbox "runs". The sandbox has no registry and no processes,
// so trouble is asked for by name, annotation or command, and never appears otherwise:
// - an image whose name contains `does-not-exist` or `nonexistent` cannot be pulled;
// - an image whose name contains `crashloop`, a pod annotated `sandbox.nodelanes.dev/crash`
//   (`true` for every container, or a comma-separated list of container names), or a command
//   that exits non-zero (`false`, `sh -c "…; exit 3"`) crashes a moment after it starts;
// - a pod annotated `sandbox.nodelanes.dev/memory-usage` (a quantity such as `600Mi`) uses that
//   much memory in each container; a container whose memory limit is lower is OOMKilled.
import { simulatedExitCode, type ContainerCommand } from './container-exit';
import { memoryToBytes } from './quantities';

export const CRASH_ANNOTATION = 'sandbox.nodelanes.dev/crash';
export const MEMORY_USAGE_ANNOTATION = 'sandbox.nodelanes.dev/memory-usage';
/** Simulated seconds a crashing container runs before it exits. */
export const CRASH_AFTER_SECONDS = 2;
/** The exit code of a container killed by the kernel's OOM killer (128 + SIGKILL). */
export const OOM_EXIT_CODE = 137;

export interface FateContainer extends ContainerCommand {
  name: string;
  image: string;
  resources?: { limits?: Record<string, unknown> | null } | null;
}

export type Fate = { kind: 'runs' } | { kind: 'pull-fails' } | { kind: 'exits'; exitCode: number; reason: 'Error' | 'OOMKilled' };

export const imageMissing = (image: string) => /does-not-exist|nonexistent/i.test(image);

function markedToCrash(container: FateContainer, annotations: Record<string, string>): boolean {
  if (/crashloop/i.test(container.image)) return true;
  const marked = annotations[CRASH_ANNOTATION]?.trim();
  if (!marked || marked === 'false') return false;
  return marked === 'true' || marked.split(',').some((n) => n.trim() === container.name);
}

function overMemoryLimit(container: FateContainer, annotations: Record<string, string>): boolean {
  const usage = memoryToBytes(annotations[MEMORY_USAGE_ANNOTATION]);
  const limit = memoryToBytes(container.resources?.limits?.memory as string | undefined);
  return usage > 0 && limit > 0 && usage > limit;
}

export function containerFate(container: FateContainer, annotations: Record<string, string> = {}): Fate {
  if (imageMissing(container.image)) return { kind: 'pull-fails' };
  if (overMemoryLimit(container, annotations)) return { kind: 'exits', exitCode: OOM_EXIT_CODE, reason: 'OOMKilled' };
  if (markedToCrash(container, annotations)) return { kind: 'exits', exitCode: 1, reason: 'Error' };
  const code = simulatedExitCode(container);
  return code === 0 ? { kind: 'runs' } : { kind: 'exits', exitCode: code, reason: 'Error' };
}

/**
 * The image reference containerd resolves: Docker Hub's registry and `library/` for official
 * images, and the `latest` tag when none is given.
 */
export function fullImageReference(image: string): string {
  const [first, ...rest] = image.split('/');
  const hasRegistry = rest.length > 0 && (/[.:]/.test(first) || first === 'localhost');
  let ref = hasRegistry ? image : rest.length ? `docker.io/${image}` : `docker.io/library/${image}`;
  const lastSegment = ref.slice(ref.lastIndexOf('/') + 1);
  if (!lastSegment.includes(':') && !lastSegment.includes('@')) ref += ':latest';
  return ref;
}

/** The error containerd gives the kubelet for an image that is not in the registry. */
export function pullNotFoundError(image: string): string {
  const ref = fullImageReference(image);
  return `rpc error: code = NotFound desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ${ref}: not found`;
}
