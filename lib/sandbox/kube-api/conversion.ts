// Kinds served at two versions keep one encoding in storage, as etcd does: the version a 1.32
// cluster stores and prefers (CronJobs in batch/v1, EndpointSlices in discovery.k8s.io/v1). A
// request at the older version (1.20's batch/v1beta1, discovery.k8s.io/v1beta1, which the
// differential tier speaks) is converted on the way in and out.
import type { KObject } from '../store';
import { hpaConverter } from './hpa-versions';

const HOSTNAME = 'kubernetes.io/hostname';
const ZONE = 'topology.kubernetes.io/zone';

type Endpoint = Record<string, unknown> & { topology?: Record<string, string>; deprecatedTopology?: Record<string, string>; nodeName?: string; zone?: string };

/**
 * discovery.k8s.io/v1 → v1beta1: `topology` is the v1 `deprecatedTopology` plus the zone and,
 * unless already there, the node's hostname (v1beta1 keeps `nodeName` as well).
 */
function endpointToV1beta1(e: Endpoint): Endpoint {
  const { deprecatedTopology, zone, ...rest } = e;
  if (!deprecatedTopology && zone === undefined && e.nodeName === undefined) return rest;
  const topology: Record<string, string> = { ...deprecatedTopology };
  if (zone !== undefined) topology[ZONE] = zone;
  if (e.nodeName !== undefined && !topology[HOSTNAME]) topology[HOSTNAME] = e.nodeName;
  return { ...rest, topology };
}

/**
 * v1beta1 → v1: the zone moves out of `topology` into `zone`, the hostname is dropped when it is
 * the `nodeName`, and what is left is `deprecatedTopology`.
 */
function endpointToV1(e: Endpoint): Endpoint {
  const { topology, ...rest } = e;
  if (!topology) return rest;
  const left = { ...topology };
  const out: Endpoint = { ...rest };
  if (left[ZONE] !== undefined) {
    out.zone = left[ZONE];
    delete left[ZONE];
  }
  if (left[HOSTNAME] !== undefined && left[HOSTNAME] === rest.nodeName) delete left[HOSTNAME];
  if (Object.keys(left).length > 0) out.deprecatedTopology = left;
  return out;
}

const mapEndpoints = (o: KObject, fn: (e: Endpoint) => Endpoint): KObject => (Array.isArray(o.endpoints) ? { ...o, endpoints: o.endpoints.map(fn) } : o);

interface Converter {
  /** The stored object as `apiVersion` shows it. */
  out(o: KObject, apiVersion: string): KObject;
  /** An object sent at `o.apiVersion`, as it is stored. */
  in(o: KObject, storageVersion: string): KObject;
}

const CONVERTERS: Record<string, Converter> = {
  'autoscaling/horizontalpodautoscalers': hpaConverter,
  // The same fields at both versions (v1beta1 had timeZone too, from 1.24 until it went in 1.25).
  'batch/cronjobs': { out: (o, apiVersion) => ({ ...o, apiVersion }), in: (o, storageVersion) => ({ ...o, apiVersion: storageVersion }) },
  'discovery.k8s.io/endpointslices': {
    out: (o, apiVersion) => (apiVersion === 'discovery.k8s.io/v1' ? { ...o, apiVersion } : { ...mapEndpoints(o, endpointToV1beta1), apiVersion }),
    in: (o, storageVersion) => (o.apiVersion === storageVersion ? o : { ...mapEndpoints(o, endpointToV1), apiVersion: storageVersion }),
  },
};

/** The stored object at the version of the request. */
export function toVersion(storage: string, o: KObject, apiVersion: string): KObject {
  const c = CONVERTERS[storage];
  return c && o.apiVersion !== apiVersion ? c.out(o, apiVersion) : o;
}

/** An object written at any served version, at the storage version. */
export function toStorageVersion(storage: string, o: KObject, storageVersion: string): KObject {
  const c = CONVERTERS[storage];
  return c && o.apiVersion !== storageVersion ? c.in(o, storageVersion) : o;
}
