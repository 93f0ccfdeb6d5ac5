'use client';
// The two steps of moving workloads and what they leave to show: plan (the what-if for the
// picked deployments and target), then apply (pin them all under one activity, whose live view
// opens). A refusal is kept as words; a batch that stopped half way says how far it got.
import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { PinBatchError, pinBatch, requestPlan, type PinTarget, type PlanResponse } from './move-steps';

export function useMoveSteps(cluster: string, base: string) {
  const router = useRouter();
  const [plan, setPlan] = useState<PlanResponse | undefined>();
  const [busy, setBusy] = useState<'plan' | 'apply' | undefined>();
  const [failure, setFailure] = useState<string | undefined>();
  const [progress, setProgress] = useState<string | undefined>();

  async function makePlan(chosen: string[], target: PinTarget | undefined) {
    if (!target || chosen.length === 0) return;
    setBusy('plan');
    setFailure(undefined);
    try {
      setPlan(await requestPlan(base, chosen, target));
    } catch (err) {
      setFailure(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(undefined);
    }
  }

  async function apply(target: PinTarget | undefined, restart: boolean) {
    if (!plan || !target) return;
    setBusy('apply');
    setFailure(undefined);
    const activityId = crypto.randomUUID();
    try {
      await pinBatch(base, plan, { target, restart, activityId }, setProgress);
      router.push(`/clusters/${encodeURIComponent(cluster)}/activity/${activityId}`);
    } catch (err) {
      const { message, pinned } = err instanceof PinBatchError ? err : { message: err instanceof Error ? err.message : String(err), pinned: 0 };
      setFailure(pinned > 0 ? `${pinned} of ${plan.deployments.length} pinned, then: ${message}` : message);
      if (pinned > 0) setProgress(`Some were pinned: follow them at /clusters/${cluster}/activity/${activityId}`);
      setBusy(undefined);
    }
  }

  /** The plan no longer fits what is picked: it goes, and must be made again. */
  const invalidate = () => setPlan(undefined);

  return { plan, busy, failure, progress, makePlan, apply, invalidate };
}
