// Resolving a URL into the resource request it names, as the apiserver's request-info resolver
// does: `/api/v1/namespaces/apps/pods/web/status` → pods, namespace apps, name web, subresource status.
import { ApiError } from '../errors';
import { RESOURCES, findResource, type ResourceDef } from './registry';

export interface ResourceRequest {
  def: ResourceDef;
  namespace?: string;
  name?: string;
  subresource?: string;
}

export type Resolved = { kind: 'resource'; request: ResourceRequest } | { kind: 'unknown-group' } | { kind: 'not-a-resource-path' };

const NOT_FOUND = () => new ApiError(404, 'NotFound', 'the server could not find the requested resource');

export function resolve(pathname: string): Resolved {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 3) {
    [group, version, rest] = ['', parts[1], parts.slice(2)];
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    [group, version, rest] = [parts[1], parts[2], parts.slice(3)];
  } else {
    return { kind: 'not-a-resource-path' };
  }
  if (!RESOURCES.some((r) => r.group === group && r.version === version)) return { kind: 'unknown-group' };

  // /namespaces/{ns}/{resource}/... unless what follows the namespace is itself a subresource of Namespace.
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const inner = findResource(group, version, rest[2]);
    if (inner && inner.namespaced) {
      if (rest.length > 5) throw NOT_FOUND();
      if (rest[4] && !inner.subresources?.some((s) => s.name === rest[4])) throw NOT_FOUND();
      return { kind: 'resource', request: { def: inner, namespace: rest[1], name: rest[3], subresource: rest[4] } };
    }
  }
  const def = findResource(group, version, rest[0]);
  if (!def || rest.length > 3) throw NOT_FOUND();
  const request: ResourceRequest = { def, name: rest[1], subresource: rest[2] };
  if (request.subresource && !def.subresources?.some((s) => s.name === request.subresource)) throw NOT_FOUND();
  return { kind: 'resource', request };
}
