export function clusterMode(env: Record<string, string | undefined>): string;
export function listenAddress(env: Record<string, string | undefined>): '127.0.0.1' | '0.0.0.0';
export function absolutePathsIn<E extends Record<string, string | undefined>>(env: E, cwd?: string): E;
export function standaloneBuild(root: string): string | undefined;
export function assembleOnce(root: string, buildId: string): string;
export function serveStandalone(root: string, buildId: string): Promise<void>;
