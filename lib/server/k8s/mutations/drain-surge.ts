// The surge a drain by restart gives a deployment that would not surge (Recreate, maxSurge 0) when
// the user asked for it: RollingUpdate maxSurge 1 / maxUnavailable 0, so the new pod runs before
// the old one stops; set back to what it was once the rollout is done (or the drain ends), unless
// someone changed the strategy meanwhile — then it is left as they made it, and an Event says so.
// Both through patchDeploymentAsUser: as the user, dry run first, an Event on the deployment.

import type { V1Deployment } from '@kubernetes/client-node';
import type { SurgeOffer } from '@/lib/domain/node-action-plan';
import { strategyWords } from '@/lib/domain/node-action-words';
import { AppError } from '../../errors';
import type { UserApis } from '../impersonation';
import { patchDeploymentAsUser } from './patch-deployment';
import { recordActionEvent } from './record-event';

type Apis = Pick<UserApis, 'apps' | 'core'>;
const SURGE = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } };

const split = (key: string) => {
  const [namespace, name] = key.split('/');
  return { namespace, name };
};

/** Gives the deployment its surge (a dry run only, with `dryRun`). */
export async function applySurge(apis: Apis, offer: SurgeOffer, actor: string, requestId: string, dryRun = false): Promise<void> {
  await patchDeploymentAsUser(
    apis,
    { ...split(offer.deployment), dryRun },
    {
      build: (d) => ({ patch: { metadata: { resourceVersion: d.metadata?.resourceVersion }, spec: { strategy: SURGE } }, extra: undefined }),
      event: () => ({ reason: 'SurgeForDrain', message: `Strategy set to RollingUpdate maxSurge 1, maxUnavailable 0 by ${actor} through nodelanes for a node drain (was ${strategyWords(offer.from)}; set back after the rollout)` }),
    },
    requestId,
  );
}

const stillOurs = (d: V1Deployment) => {
  const s = d.spec?.strategy;
  return s?.type === 'RollingUpdate' && String(s.rollingUpdate?.maxSurge) === '1' && String(s.rollingUpdate?.maxUnavailable) === '0';
};

function restorePatch(from: SurgeOffer['from']): object {
  if (from.type === 'Recreate') return { type: 'Recreate', rollingUpdate: null };
  return { type: 'RollingUpdate', rollingUpdate: { maxSurge: from.maxSurge, maxUnavailable: from.maxUnavailable ?? '25%' } };
}

/** Sets each surged deployment back; never throws (the drain's outcome stands), saying what it left. */
export async function restoreSurges(apis: Apis, surged: readonly SurgeOffer[], actor: string, requestId: string): Promise<void> {
  for (const offer of surged) {
    try {
      await patchDeploymentAsUser(
        apis,
        split(offer.deployment),
        {
          build: (d) => {
            if (!stillOurs(d)) throw new AppError(409, 'strategy_changed', 'its strategy was changed by someone else meanwhile');
            return { patch: { metadata: { resourceVersion: d.metadata?.resourceVersion }, spec: { strategy: restorePatch(offer.from) } }, extra: undefined };
          },
          event: () => ({ reason: 'SurgeRestored', message: `Strategy set back to ${strategyWords(offer.from)} by ${actor} through nodelanes after the drain's rollout` }),
        },
        requestId,
      );
    } catch (err) {
      const { namespace, name } = split(offer.deployment);
      const why = err instanceof Error ? err.message : String(err);
      await recordActionEvent(
        apis,
        { apiVersion: 'apps/v1', kind: 'Deployment', namespace, name },
        { reason: 'SurgeLeft', message: `Strategy not set back to ${strategyWords(offer.from)} after the drain: ${why}. It is left as it is now.`, type: 'Warning' },
        requestId,
      );
    }
  }
}
