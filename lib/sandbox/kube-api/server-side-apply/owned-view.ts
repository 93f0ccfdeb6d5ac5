// The part of an object field managers can own. Identity and bookkeeping the server keeps
// (apiVersion, kind, name, namespace, uid, resourceVersion, generation, timestamps,
// managedFields) belong to no one; a write to the main resource cannot touch a status kept by
// a status subresource, and a write to status touches only status.
type JsonMap = Record<string, unknown>;

const SERVER_METADATA = ['name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'selfLink', 'managedFields', 'deletionTimestamp', 'deletionGracePeriodSeconds'];

export interface Scope {
  /** The kind keeps status in a subresource of its own. */
  statusSubresource: boolean;
  subresource?: string;
}

export function ownedView(o: JsonMap, scope: Scope): JsonMap {
  if (scope.subresource === 'status') return o.status === undefined ? {} : { status: o.status };
  const { apiVersion: _v, kind: _k, metadata, status, ...rest } = o;
  const view: JsonMap = { ...rest };
  const meta: JsonMap = { ...(metadata as JsonMap | undefined) };
  for (const k of SERVER_METADATA) delete meta[k];
  if (Object.keys(meta).length) view.metadata = meta;
  if (status !== undefined && !scope.statusSubresource) view.status = status;
  return view;
}
