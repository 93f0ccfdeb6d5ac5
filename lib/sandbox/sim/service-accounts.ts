// What every namespace gets from the controller manager as soon as it exists: the `default`
// ServiceAccount (service-account controller) and the `kube-root-ca.crt` ConfigMap with the
// cluster's CA (root-ca-cert-publisher). Clusters from 1.24 on mint no token Secrets for them.
import type { KObject, Store } from '../store';

export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';
/** Where no CA is given (controllers run without the sandbox's listeners), a placeholder stands in. */
const PLACEHOLDER_CA = '-----BEGIN CERTIFICATE-----\nc2FuZGJveCBjbHVzdGVyIENBIChubyBUTFMp\n-----END CERTIFICATE-----\n';

/** `caPem`: the CA of the sandbox's HTTPS listener, published as the cluster's. */
export function reconcileNamespaceDefaults(store: Store, caPem = PLACEHOLDER_CA) {
  for (const ns of store.peek('namespaces')) {
    if (ns.metadata.deletionTimestamp || ns.status?.phase === 'Terminating') continue;
    const name = ns.metadata.name;
    if (!store.get('serviceaccounts', name, 'default')) {
      store.create('serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: name } } as KObject);
    }
    if (!store.get('configmaps', name, ROOT_CA_CONFIGMAP)) {
      store.create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: ROOT_CA_CONFIGMAP, namespace: name }, data: { 'ca.crt': caPem } } as KObject);
    }
  }
}
