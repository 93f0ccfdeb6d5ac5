// The apiserver's bootstrap controller: Service `kubernetes` in `default`, the API's in-cluster
// address (the service CIDR's first IP, 10.100.0.1 on EKS) on port 443.
import type { KObject, Store } from '../store';
import { admitCreate } from '../kube-api/admission';
import { defaultObject } from '../kube-api/defaults';

export function ensureKubernetesService(store: Store) {
  if (!store.get('namespaces', undefined, 'default') || store.get('services', 'default', 'kubernetes')) return;
  const svc: KObject = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: { type: 'ClusterIP', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 443 }] },
  };
  admitCreate(store, 'services', svc);
  store.create('services', defaultObject('services', svc));
}
