// What the pod-making controllers (Job, StatefulSet) share: the controller reference they stamp
// on what they make, finding what a controller owns, and pods built from a template as the
// apiserver would store them (pod admission defaults included).
import type { KObject, OwnerReference, Store } from '../store';
import { defaultObject } from '../kube-api/defaults';
import { hasTrueCondition } from '../conditions';

export const controllerRef = (owner: KObject): OwnerReference => ({
  apiVersion: owner.apiVersion,
  kind: owner.kind,
  name: owner.metadata.name,
  uid: owner.metadata.uid!,
  controller: true,
  blockOwnerDeletion: true,
});

export const isControlledBy = (o: Readonly<KObject>, owner: Readonly<KObject>) =>
  (o.metadata.ownerReferences ?? []).some((r) => r.controller && r.uid === owner.metadata.uid);

export const isFinished = (p: Readonly<KObject>) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
export const isActivePod = (p: Readonly<KObject>) => !p.metadata.deletionTimestamp && !isFinished(p);
export const isReadyPod = (p: Readonly<KObject>) => hasTrueCondition(p, 'Ready');

/** Pods in the owner's namespace that it controls, uncloned. */
export function podsOf(store: Store, owner: Readonly<KObject>): KObject[] {
  const out: KObject[] = [];
  for (const p of store.scan('pods', { namespace: owner.metadata.namespace })) if (isControlledBy(p, owner)) out.push(p as KObject);
  return out;
}

const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** The apiserver's five-character generateName suffix. */
export function randomSuffix(random: () => number): string {
  let out = '';
  for (let i = 0; i < 5; i++) out += ALPHABET[Math.floor(random() * ALPHABET.length)];
  return out;
}

export function podFromTemplate(owner: KObject, template: KObject, name: string, extra: { labels?: Record<string, string>; spec?: Record<string, unknown> } = {}): KObject {
  return defaultObject('pods', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      generateName: `${owner.metadata.name}-`,
      namespace: owner.metadata.namespace,
      labels: { ...template.metadata?.labels, ...extra.labels },
      ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
      ownerReferences: [controllerRef(owner)],
    },
    spec: { ...structuredClone(template.spec), ...extra.spec },
  });
}

/** Graceful delete, as a DELETE without options: the kubelet stand-in finishes it. */
export function deletePod(store: Store, p: Readonly<KObject>) {
  const grace = p.spec?.terminationGracePeriodSeconds ?? 30;
  if (p.metadata.deletionTimestamp) return;
  // Finalizers keep a pod, deleted or not, until they are removed.
  if ((!p.spec?.nodeName || grace === 0) && !p.metadata.finalizers?.length) {
    store.remove('pods', p.metadata.namespace, p.metadata.name);
    return;
  }
  const deadline = new Date(store.now().getTime() + grace * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  store.update('pods', { ...(p as KObject), metadata: { ...p.metadata, deletionTimestamp: deadline, deletionGracePeriodSeconds: grace } });
}
