// Every replica, from its start and then every DRAIN_BEAT_MS and a half, looks for drains whose
// runner has gone silent (a restarted or crashed server) and takes each over: it continues the
// drain as the user who started it (their identity as the server signed it), pauses it for that
// user when the server cannot act as them (token mode), or ends it failed, nothing done, when the
// identity is not one this server signed or the drain's deadline has passed. Which replica wins a
// drain is settled by the node's resourceVersion (drain-resume.ts).

import type { KubeConfig, V1Node } from '@kubernetes/client-node';
import { drainStateOf, type DrainActor, type DrainState } from '@/lib/domain/drain-state';
import { DRAIN_BEAT_MS, resumerStep, type ServerIdentityMode } from '@/lib/domain/drain-takeover';
import { getCluster, listClusters } from './clusters';
import { checkDrainActor, signDrainActor } from './drain-signature';
import { authModeOf, readServerEnv, type ServerEnv } from './env';
import { apisAs } from './k8s/impersonation';
import { jsonPages } from './k8s/client';
import { LIST_PAGE_SIZE, listAll, type KindSpec } from './k8s/informers';
import { THIS_RUNNER, continueDrain, readNode, type DrainOptions } from './k8s/mutations/drain-run';
import { settleUnrunDrain, takeOverDrain } from './k8s/mutations/drain-resume';
import { log } from './log';
import { drainEnded } from './metrics/registry';
import { realTimerClock, type TimerClock } from './timer-clock';
import { syncedTopologies } from './topology-hub';

/**
 * The key drains are signed with: NEXTAUTH_SECRET, which every replica shares; in the sandbox's
 * demo sign-in (no OpenID Connect, so no NEXTAUTH_SECRET) the sandbox's nonce, a secret too.
 */
export function drainSigningSecret(env: ServerEnv = readServerEnv()): string | undefined {
  return env.NEXTAUTH_SECRET ?? env.NODELANES_SANDBOX_NONCE;
}

export function serverIdentityMode(env: ServerEnv = readServerEnv()): ServerIdentityMode {
  if (authModeOf(env) === 'off') return 'off';
  return env.NODELANES_IDENTITY === 'token' ? 'token' : 'impersonate';
}

/** Signs `identity` for a drain (null: sign-in off, the server's own identity, nothing to sign). */
export function drainSigner(identity: { user: string; groups: string[] } | null, env: ServerEnv = readServerEnv()): (node: string, state: DrainState) => DrainActor | undefined {
  return (node, state) => (identity ? signDrainActor(drainSigningSecret(env), node, state, identity) : undefined);
}

export interface ResumeOutcome {
  node: string;
  id: string;
  kind: 'resume' | 'pause' | 'fail';
  /** A resumed drain's run, ending when the drain does. */
  done?: Promise<void>;
}

interface ResumerOptions {
  runner?: string;
  env?: ServerEnv;
  /** Passed on to resumed drains (tests: short polls and backoff, their own runner name). */
  drain?: DrainOptions;
  now?: () => number;
  /** The heartbeat the silence is counted in (tests: shorter than DRAIN_BEAT_MS). */
  beatMs?: number;
}

type Candidate = { name: string; annotations?: Record<string, string> };

/**
 * Candidates from the watch cache when it is synced; otherwise one list of the nodes, as plain
 * JSON pages keeping only names and annotations. The pass at process start runs while the first
 * sync is still under way: client-node's typed list would build a class instance per nested field
 * of every node (1.5 s of the main thread at 5,000 nodes), all to read two fields.
 */
async function nodesOf(clusterId: string, kc: KubeConfig): Promise<Candidate[]> {
  const synced = syncedTopologies().find((t) => t.cluster === clusterId);
  if (synced) return synced.snapshot.nodes;
  const spec: KindSpec<Candidate> = {
    resource: 'nodes',
    path: '/api/v1/nodes',
    transform: (raw) => {
      const meta = (raw as Partial<V1Node>).metadata;
      return { name: meta?.name ?? '', annotations: meta?.annotations };
    },
  };
  // The spec is not marked listedAhead: the worker's nodes are for the informer.
  return [...(await listAll({ listPage: jsonPages(kc) }, spec, LIST_PAGE_SIZE)).items.values()];
}

/** One pass over one cluster: takes over, pauses or fails each drain whose runner went silent. */
export async function resumeStaleDrains(clusterId: string, opts: ResumerOptions = {}): Promise<ResumeOutcome[]> {
  const handle = getCluster(clusterId);
  if (!handle) return [];
  const env = opts.env ?? readServerEnv();
  const runner = opts.runner ?? opts.drain?.runner ?? THIS_RUNNER;
  const now = opts.now ?? Date.now;
  const mode = serverIdentityMode(env);
  const server = apisAs(handle, null);
  const out: ResumeOutcome[] = [];
  for (const candidate of await nodesOf(clusterId, handle.kubeConfig)) {
    if (resumerStep(drainStateOf(candidate.annotations), now(), runner, mode, 'valid', opts.beatMs).kind === 'leave') continue;
    // The cache may be behind: decide again on the node as it is now, and write against its version.
    const node = await readNode(server, candidate.name);
    const st = drainStateOf(node.metadata?.annotations);
    if (!st) continue;
    const step = resumerStep(st, now(), runner, mode, checkDrainActor(drainSigningSecret(env), candidate.name, st), opts.beatMs);
    if (step.kind === 'leave') continue;
    const requestId = `drain-resume-${st.id}`;
    if (step.kind !== 'resume') {
      if (await settleUnrunDrain(server, node, st, step.kind === 'fail' ? 'failed' : 'paused', step.reason, requestId)) out.push({ node: candidate.name, id: st.id, kind: step.kind });
      continue;
    }
    const apis = apisAs(handle, step.as ? { user: step.as.user, groups: step.as.groups } : null);
    let taken: Awaited<ReturnType<typeof takeOverDrain>>;
    try {
      taken = await takeOverDrain(apis, node, st, runner, new Date(now()));
    } catch (err) {
      // The user may no longer patch the node (their rights changed): nothing is done as them.
      const why = `not resumed: acting as ${step.as?.user ?? 'the server'} the API server answered ${err instanceof Error ? err.message : String(err)}; the node is left cordoned`;
      if (await settleUnrunDrain(server, node, st, 'failed', why, requestId)) out.push({ node: candidate.name, id: st.id, kind: 'fail' });
      continue;
    }
    if (!taken) continue;
    log('info', 'drain resumed', { cluster: clusterId, node: candidate.name, id: st.id, as: step.as?.user ?? '(server)' });
    const ctx = { actor: step.as?.user ?? st.by, requestId };
    const options: DrainOptions = { gracePeriodSeconds: st.options?.gracePeriodSeconds, ...opts.drain, runner };
    // Counted where it ends, as on the replica that started it; timed from the drain's own start.
    const done = continueDrain(apis, taken.node, taken.state, ctx, options).then((end) => drainEnded(clusterId, end, (Date.now() - Date.parse(st.at)) / 1000));
    out.push({ node: candidate.name, id: st.id, kind: 'resume', done });
  }
  return out;
}

let timer: unknown;

/** Starts the resumer of this process (once): a pass now, then one every DRAIN_BEAT_MS × 1.5, on every known cluster. */
export function startDrainResumer(clock: TimerClock = realTimerClock): void {
  if (timer !== undefined) return;
  const pass = async () => {
    for (const c of listClusters()) {
      try {
        await resumeStaleDrains(c.id);
      } catch (err) {
        log('warn', 'drain resumer pass failed', { cluster: c.id, error: err instanceof Error ? err.message : String(err) });
      }
    }
    timer = clock.setTimeout(() => void pass(), DRAIN_BEAT_MS * 1.5);
  };
  timer = clock.setTimeout(() => void pass(), 0);
}
