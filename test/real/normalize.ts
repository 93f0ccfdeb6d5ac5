// What may legitimately differ between two servers holding "the same" object: identities,
// clocks, bookkeeping, and a few things the real 1.20 predates. Everything else must match.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const VOLATILE_META = ['uid', 'resourceVersion', 'creationTimestamp', 'managedFields', 'selfLink', 'deletionTimestamp'];

export function normalizeObject(input: Json, opts: { keepStatus?: boolean } = {}): Json {
  if (!input || typeof input !== 'object') return input;
  const o = structuredClone(input);
  if (o.metadata) {
    for (const k of VOLATILE_META) delete o.metadata[k];
    // Added by the apiserver from 1.21 on; the sandbox reports 1.32, the reference server is 1.20.
    if (o.kind === 'Namespace' && o.metadata.labels) {
      delete o.metadata.labels['kubernetes.io/metadata.name'];
      if (Object.keys(o.metadata.labels).length === 0) delete o.metadata.labels;
    }
    // Written by the deployment controller on its own schedule: racing it is not the point here.
    if (o.metadata.annotations) delete o.metadata.annotations['deployment.kubernetes.io/revision'];
    if (o.metadata.annotations && Object.keys(o.metadata.annotations).length === 0) delete o.metadata.annotations;
  }
  // The real tier runs 1.20 with the ServiceAccount admission plugin off (no kubelet to mount
  // tokens); on EKS it is on and the sandbox does as it does: a pod without one runs as `default`.
  if (o.kind === 'Pod' && o.spec?.serviceAccountName === 'default' && o.spec.serviceAccount === 'default') {
    delete o.spec.serviceAccountName;
    delete o.spec.serviceAccount;
  }
  // Controllers on both sides write status at their own pace; compare it only when asked.
  if (!opts.keepStatus) delete o.status;
  return o;
}

/** Only metadata (minus volatile fields) and spec: for kinds whose controllers race us. */
export function specAndMeta(input: Json): Json {
  const o = normalizeObject(input);
  return { kind: o?.kind, apiVersion: o?.apiVersion, metadata: o?.metadata, spec: o?.spec };
}
