'use client';
// What the action forms (new node class, new node group, NodePool edit) share: a form is checked
// first (the server's dry run, or a plan) and only a checked form may be submitted. The check's
// answer belongs to the exact input it was made for (`fingerprint`): once the user edits, it is no
// longer shown as current and the form must be checked again. While a step runs the form is busy;
// a refusal leaves the words to show, the errors per field (zod's, or the preflight's findings)
// and the HTTP status.
import { useCallback, useState } from 'react';
import { failureOf } from './field-errors';

export type Failure = ReturnType<typeof failureOf>;

export function useCheckedSubmit<Step extends string, Checked>(fingerprint: string) {
  const [checked, setChecked] = useState<{ for: string; result: Checked } | undefined>();
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [failure, setFailure] = useState<Failure | undefined>();
  const [busy, setBusy] = useState<Step | undefined>();

  /** Runs one step (check or submit): busy meanwhile, earlier errors cleared, a refusal kept. */
  const run = useCallback(async (step: Step, work: () => Promise<void>, onFailure?: (failure: Failure) => void) => {
    setBusy(step);
    setFailure(undefined);
    setErrors({});
    try {
      await work();
    } catch (err) {
      const failed = failureOf(err);
      setErrors(failed.fields);
      setFailure(failed);
      onFailure?.(failed);
    } finally {
      setBusy(undefined);
    }
  }, []);

  /** Keeps a check's answer for the input it was made for. */
  const remember = useCallback((forFingerprint: string, result: Checked) => setChecked({ for: forFingerprint, result }), []);

  /** Starts over: no answer, no refusal. */
  const clear = useCallback(() => {
    setChecked(undefined);
    setFailure(undefined);
    setErrors({});
  }, []);

  return {
    /** The check's answer, when it was made for the input as it is now. */
    current: checked?.for === fingerprint ? checked.result : undefined,
    busy,
    errors,
    failure,
    run,
    remember,
    forget: useCallback(() => setChecked(undefined), []),
    clear,
  };
}
