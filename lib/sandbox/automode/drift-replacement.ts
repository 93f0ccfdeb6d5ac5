// Drift replacement as Karpenter does it: the replacement NodeClaims launch first (planned as if
// the node's pods were pending), and only once they have initialized is the old node disrupted.
// A drifted node with no workload, or a sandbox without a provisioner, is disrupted at once.

import type { Verdict } from '@/lib/domain/consolidation';
import type { KObject } from '../store';
import { disrupt, workloadPodsOn, type DrainContext } from './drain';
import { NODECLAIMS, isInitialized, type Provisioner } from './provisioner';

export interface ReplaceContext extends DrainContext {
  provisioner?: Pick<Provisioner, 'launchFor'>;
  /** Drifted nodes whose replacement is launching: node name → the replacement NodeClaims. */
  replacing: Map<string, string[]>;
}

export function replaceDrifted(ctx: ReplaceContext, node: KObject, claim: KObject | undefined, v: Verdict) {
  const { store, record, provisioner, replacing } = ctx;
  const pods = workloadPodsOn(store, node.metadata.name);
  if (pods.length === 0 || !provisioner) {
    disrupt(ctx, node, claim, v);
    return;
  }
  const launched = replacing.get(node.metadata.name);
  if (!launched) {
    const claims = provisioner.launchFor(pods);
    if (claims.length === 0) {
      record(claim ?? node, 'Normal', 'DisruptionBlocked', `Cannot disrupt NodeClaim: Drifted, but no replacement can be launched for its ${pods.length} pod(s)`);
      return;
    }
    replacing.set(node.metadata.name, claims);
    record(claim ?? node, 'Normal', 'DisruptionLaunching', `Launching ${claims.length} replacement NodeClaim(s) for Drifted/Replace: ${claims.join(', ')}`);
    return;
  }
  const ready = launched.every((name) => {
    const c = store.get(NODECLAIMS, undefined, name);
    return !c || isInitialized(c);
  });
  if (!ready) return;
  replacing.delete(node.metadata.name);
  disrupt(ctx, node, claim, v);
}
