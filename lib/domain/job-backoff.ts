// When a Job has failed too often, as the Job controller counts it. With restartPolicy Never
// each failed pod is a failure and the Job fails once there are more than backoffLimit; with
// OnFailure the kubelet restarts the container in place and the Job fails once its pods'
// restarts reach backoffLimit (any restart, for a limit of 0). Replacement pods wait 10s, 20s,
// 40s … (at most six minutes) after the latest failure.

export const DEFAULT_BACKOFF_LIMIT = 6;
const FIRST_DELAY_SECONDS = 10;
const MAX_DELAY_SECONDS = 360;

export function backoffLimitExceeded(o: { restartPolicy?: string; backoffLimit?: number; failedPods: number; restarts: number }): boolean {
  const limit = o.backoffLimit ?? DEFAULT_BACKOFF_LIMIT;
  if (o.restartPolicy === 'OnFailure') return limit === 0 ? o.restarts > 0 : o.restarts >= limit;
  return o.failedPods > limit;
}

/** Seconds to wait after the latest failure before a replacement pod, given the failures so far. */
export function retryDelaySeconds(failures: number): number {
  if (failures <= 0) return 0;
  return Math.min(MAX_DELAY_SECONDS, FIRST_DELAY_SECONDS * 2 ** Math.min(failures - 1, 16));
}
