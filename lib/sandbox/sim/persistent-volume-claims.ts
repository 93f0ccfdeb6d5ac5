// PersistentVolumeClaims without storage: a claim is Bound at once to a volume that exists only
// by name (`pvc-<uid>`, as a dynamic provisioner names it), with the capacity it asked for, so
// `kubectl get pvc` and a StatefulSet's claims look as on a cluster with a default StorageClass.
// A StatefulSet's volumeClaimTemplates become claims `<template>-<set>-<ordinal>`, made before
// the pod that mounts them and kept when it goes (persistentVolumeClaimRetentionPolicy Retain, the
// default); `Delete` ties them to the set (whenDeleted) or removes a scaled-away ordinal's (whenScaled).
import type { KObject, Store } from '../store';
import type { RecordEvent } from '../events';
import { controllerRef } from './owned-pods';

export const PVCS = 'persistentvolumeclaims';

/** Binds every claim still Pending: no provisioner runs, the claim simply gets what it asked for. */
export function bindClaims(store: Store) {
  for (const c of store.list(PVCS)) {
    if (c.status?.phase === 'Bound' || c.metadata.deletionTimestamp) continue;
    const volumeName = c.spec?.volumeName || `pvc-${c.metadata.uid}`;
    const bound = store.update(PVCS, { ...c, spec: { ...c.spec, volumeName } });
    store.update(PVCS, {
      ...bound,
      metadata: { ...bound.metadata, annotations: { ...bound.metadata.annotations, 'pv.kubernetes.io/bind-completed': 'yes', 'pv.kubernetes.io/bound-by-controller': 'yes' } },
      status: { phase: 'Bound', accessModes: c.spec?.accessModes ?? [], capacity: { storage: c.spec?.resources?.requests?.storage ?? '0' } },
    });
  }
}

const templatesOf = (sts: KObject): KObject[] => sts.spec?.volumeClaimTemplates ?? [];
export const claimName = (template: KObject, sts: KObject, ordinal: number) => `${template.metadata.name}-${sts.metadata.name}-${ordinal}`;

/** Makes the ordinal's claims the set's pod will mount (those missing), as the StatefulSet controller does first. */
export function ensureClaims(store: Store, sts: KObject, ordinal: number, record: RecordEvent) {
  const deleteWithSet = sts.spec?.persistentVolumeClaimRetentionPolicy?.whenDeleted === 'Delete';
  for (const t of templatesOf(sts)) {
    const name = claimName(t, sts, ordinal);
    if (store.get(PVCS, sts.metadata.namespace, name)) continue;
    store.create(PVCS, {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        name,
        namespace: sts.metadata.namespace,
        labels: { ...t.metadata?.labels, ...sts.spec?.selector?.matchLabels },
        ...(deleteWithSet ? { ownerReferences: [{ ...controllerRef(sts), controller: true, blockOwnerDeletion: true }] } : {}),
      },
      spec: { volumeMode: 'Filesystem', ...structuredClone(t.spec) },
      status: { phase: 'Pending' },
    });
    record(sts, 'Normal', 'SuccessfulCreate', `create Claim ${name} Pod ${sts.metadata.name}-${ordinal} in StatefulSet ${sts.metadata.name} success`);
  }
}

/** The pod's volumes with each claim template mounted as its claim (replacing a volume of the same name). */
export function withClaimVolumes(sts: KObject, ordinal: number, volumes: Array<{ name: string }> = []): Array<{ name: string }> {
  const claims = templatesOf(sts).map((t) => ({ name: t.metadata.name as string, persistentVolumeClaim: { claimName: claimName(t, sts, ordinal) } }));
  if (!claims.length) return volumes;
  const names = new Set(claims.map((c) => c.name));
  return [...volumes.filter((v) => !names.has(v.name)), ...claims];
}

/** A scaled-away ordinal's claims, when the set says `whenScaled: Delete`. */
export function releaseScaledClaims(store: Store, sts: KObject, ordinal: number) {
  if (sts.spec?.persistentVolumeClaimRetentionPolicy?.whenScaled !== 'Delete') return;
  for (const t of templatesOf(sts)) {
    const name = claimName(t, sts, ordinal);
    if (store.get(PVCS, sts.metadata.namespace, name)) store.remove(PVCS, sts.metadata.namespace, name);
  }
}
