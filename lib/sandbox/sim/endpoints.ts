// The endpoints and EndpointSlice controllers: for every Service with a selector, the addresses
// of the pods it selects (ready ones as addresses, not-ready ones apart), on the ports its
// targetPorts name or number. Endpoints carry the Service's name and labels; slices (stored as
// discovery.k8s.io/v1: each endpoint's nodeName and zone) are owned by the Service and labelled
// with it.
import { equal, type KObject, type Store } from '../store';
import { fromLabelSelectorObject, matchesLabelSelector } from '@/lib/domain/label-selector';
import { controllerRef, isReadyPod, randomSuffix } from './owned-pods';

export const ENDPOINTS = 'endpoints';
export const SLICES = 'discovery.k8s.io/endpointslices';
const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
const MANAGED_BY = { 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' };
const HEADLESS_LABEL = 'service.kubernetes.io/headless';

interface ServicePort {
  name?: string;
  port: number;
  protocol?: string;
  targetPort?: number | string;
}

/** The pod's port for a service port: a number as is, a name looked up in its containers. */
function podPort(pod: Readonly<KObject>, sp: ServicePort): number | undefined {
  const target = sp.targetPort ?? sp.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) if (p.name === target && (p.protocol ?? 'TCP') === (sp.protocol ?? 'TCP')) return p.containerPort;
  }
  return undefined;
}

function selected(store: Store, svc: KObject): Readonly<KObject>[] {
  const selector = svc.spec?.selector;
  if (!selector || Object.keys(selector).length === 0) return [];
  const parsed = fromLabelSelectorObject({ matchLabels: selector });
  const out: Readonly<KObject>[] = [];
  for (const p of store.scan('pods', { namespace: svc.metadata.namespace })) {
    if (!p.status?.podIP || p.metadata.deletionTimestamp || p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue;
    if (matchesLabelSelector(parsed, p.metadata.labels)) out.push(p);
  }
  return out.sort((a, b) => (a.status!.podIP as string).localeCompare(b.status!.podIP as string));
}

const targetRef = (p: Readonly<KObject>) => ({ kind: 'Pod', namespace: p.metadata.namespace, name: p.metadata.name, uid: p.metadata.uid, resourceVersion: p.metadata.resourceVersion });

function endpointSubsets(svc: KObject, pods: Readonly<KObject>[]) {
  // Pods that resolve the ports alike share a subset.
  const subsets = new Map<string, { addresses: unknown[]; notReadyAddresses: unknown[]; ports: unknown[] }>();
  for (const p of pods) {
    const ports = ((svc.spec?.ports ?? []) as ServicePort[]).flatMap((sp) => {
      const port = podPort(p, sp);
      return port === undefined ? [] : [{ ...(sp.name ? { name: sp.name } : {}), port, protocol: sp.protocol ?? 'TCP' }];
    });
    if (ports.length === 0 && (svc.spec?.ports ?? []).length > 0) continue;
    const key = JSON.stringify(ports);
    let subset = subsets.get(key);
    if (!subset) subsets.set(key, (subset = { addresses: [], notReadyAddresses: [], ports }));
    const address = { ip: p.status!.podIP, ...(p.spec?.nodeName ? { nodeName: p.spec.nodeName } : {}), targetRef: targetRef(p) };
    (isReadyPod(p) || svc.spec?.publishNotReadyAddresses ? subset.addresses : subset.notReadyAddresses).push(address);
  }
  return [...subsets.values()].map((s) => ({
    ...(s.addresses.length ? { addresses: s.addresses } : {}),
    ...(s.notReadyAddresses.length ? { notReadyAddresses: s.notReadyAddresses } : {}),
    ...(s.ports.length ? { ports: s.ports } : {}),
  }));
}

function sliceBody(store: Store, svc: KObject, pods: Readonly<KObject>[]) {
  const nodeLabels = (name: string | undefined) => (name ? store.get('nodes', undefined, name)?.metadata.labels ?? {} : {});
  const ports = ((svc.spec?.ports ?? []) as ServicePort[]).map((sp) => ({ name: sp.name ?? '', protocol: sp.protocol ?? 'TCP', port: pods.length ? podPort(pods[0], sp) : undefined }));
  const endpoints = pods.map((p) => {
    const zone = nodeLabels(p.spec?.nodeName)['topology.kubernetes.io/zone'];
    return {
      addresses: [p.status!.podIP],
      conditions: { ready: isReadyPod(p) },
      ...(p.spec?.nodeName ? { nodeName: p.spec.nodeName } : {}),
      targetRef: targetRef(p),
      ...(zone ? { zone } : {}),
    };
  });
  return { addressType: 'IPv4', endpoints: endpoints.length ? endpoints : null, ports: pods.length ? ports.filter((p) => p.port !== undefined) : null };
}

const headless = (svc: KObject): Record<string, string> => (svc.spec?.clusterIP === 'None' ? { [HEADLESS_LABEL]: '' } : {});

export function reconcileEndpoints(store: Store, random: () => number, skipNamespace: (ns: string) => boolean = () => false) {
  const now = store.timestamp();
  for (const svc of store.list('services')) {
    const ns = svc.metadata.namespace!;
    if (skipNamespace(ns) || !svc.spec?.selector || Object.keys(svc.spec.selector).length === 0 || svc.spec.type === 'ExternalName') continue;
    const pods = selected(store, svc);

    const subsets = endpointSubsets(svc, pods);
    const labels: Record<string, string> = { ...svc.metadata.labels, ...headless(svc) };
    const ep = store.get(ENDPOINTS, ns, svc.metadata.name);
    const epBody = { ...(subsets.length ? { subsets } : {}) };
    if (!ep) {
      store.create(ENDPOINTS, {
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: { name: svc.metadata.name, namespace: ns, ...(Object.keys(labels).length ? { labels } : {}), annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': now } },
        ...epBody,
      });
    } else if (!equal(ep.subsets, epBody.subsets) || !equal(ep.metadata.labels ?? {}, labels)) {
      const { subsets: _old, ...rest } = ep;
      const metadata: KObject['metadata'] = { ...ep.metadata, labels, annotations: { ...ep.metadata.annotations, 'endpoints.kubernetes.io/last-change-trigger-time': now } };
      if (Object.keys(labels).length === 0) delete metadata.labels;
      store.update(ENDPOINTS, { ...rest, metadata, ...epBody });
    }

    const body = sliceBody(store, svc, pods);
    const sliceLabels = { ...svc.metadata.labels, [SERVICE_NAME_LABEL]: svc.metadata.name, ...MANAGED_BY, ...headless(svc) };
    const slice = [...store.scan(SLICES, { namespace: ns })].find((s) => s.metadata.labels?.[SERVICE_NAME_LABEL] === svc.metadata.name) as KObject | undefined;
    if (!slice) {
      store.create(
        SLICES,
        {
          apiVersion: 'discovery.k8s.io/v1',
          kind: 'EndpointSlice',
          metadata: {
            name: `${svc.metadata.name}-${randomSuffix(random)}`,
            generateName: `${svc.metadata.name}-`,
            namespace: ns,
            labels: sliceLabels,
            annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': now },
            ownerReferences: [controllerRef(svc)],
          },
          ...body,
        },
        { generation: true },
      );
    } else if (!equal({ addressType: slice.addressType, endpoints: slice.endpoints, ports: slice.ports }, body) || !equal(slice.metadata.labels, sliceLabels)) {
      const fresh = structuredClone(slice);
      store.update(SLICES, {
        ...fresh,
        ...body,
        metadata: {
          ...fresh.metadata,
          labels: sliceLabels,
          generation: (fresh.metadata.generation ?? 1) + 1,
          annotations: { ...fresh.metadata.annotations, 'endpoints.kubernetes.io/last-change-trigger-time': now },
        },
      });
    }
  }
  // Endpoints whose Service is gone go with it (Endpoints have no owner to collect them by).
  for (const ep of [...store.peek(ENDPOINTS)]) {
    if (ep.metadata.annotations?.['endpoints.kubernetes.io/last-change-trigger-time'] === undefined) continue;
    if (!store.get('services', ep.metadata.namespace, ep.metadata.name)) store.remove(ENDPOINTS, ep.metadata.namespace, ep.metadata.name);
  }
}
