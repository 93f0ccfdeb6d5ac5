import { describe, expect, it } from 'vitest';
import { backoffLimitExceeded, retryDelaySeconds } from './job-backoff';

describe('backoffLimitExceeded', () => {
  it('Never: more failed pods than the limit (default 6)', () => {
    expect(backoffLimitExceeded({ restartPolicy: 'Never', backoffLimit: 2, failedPods: 2, restarts: 0 })).toBe(false);
    expect(backoffLimitExceeded({ restartPolicy: 'Never', backoffLimit: 2, failedPods: 3, restarts: 0 })).toBe(true);
    expect(backoffLimitExceeded({ restartPolicy: 'Never', failedPods: 6, restarts: 0 })).toBe(false);
    expect(backoffLimitExceeded({ restartPolicy: 'Never', failedPods: 7, restarts: 0 })).toBe(true);
    expect(backoffLimitExceeded({ restartPolicy: 'Never', backoffLimit: 0, failedPods: 1, restarts: 0 })).toBe(true);
  });

  it('OnFailure: restarts reaching the limit; a limit of 0 fails on the first restart', () => {
    expect(backoffLimitExceeded({ restartPolicy: 'OnFailure', backoffLimit: 2, failedPods: 0, restarts: 1 })).toBe(false);
    expect(backoffLimitExceeded({ restartPolicy: 'OnFailure', backoffLimit: 2, failedPods: 0, restarts: 2 })).toBe(true);
    expect(backoffLimitExceeded({ restartPolicy: 'OnFailure', backoffLimit: 0, failedPods: 0, restarts: 0 })).toBe(false);
    expect(backoffLimitExceeded({ restartPolicy: 'OnFailure', backoffLimit: 0, failedPods: 0, restarts: 1 })).toBe(true);
  });
});

describe('retryDelaySeconds', () => {
  it('doubles from 10s and stops at six minutes', () => {
    expect([0, 1, 2, 3, 6, 7, 50].map(retryDelaySeconds)).toEqual([0, 10, 20, 40, 320, 360, 360]);
  });
});
