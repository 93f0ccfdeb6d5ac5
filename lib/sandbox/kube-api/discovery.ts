// Discovery documents, built from the registry. kubectl picks aggregated (v2) or legacy
// discovery by content negotiation on the same paths. The OpenAPI documents are in openapi.ts.
import { RESOURCES, apiVersionOf, groupVersions, verbsOf, versionsOf, type ResourceDef } from './registry';

export const VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.1-eks-sandbox',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2025-01-15T00:00:00Z',
  goVersion: 'go1.23.4',
  compiler: 'gc',
  platform: 'linux/amd64',
};

export const AGGREGATED_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

export function wantsAggregated(accept: string | undefined): boolean {
  return Boolean(accept && /as=APIGroupDiscoveryList/.test(accept) && /v=v2(?!beta)/.test(accept));
}

function aggregatedResource(r: ResourceDef) {
  return {
    resource: r.resource,
    responseKind: { group: r.group, version: r.version, kind: r.kind },
    scope: r.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: r.singular,
    verbs: verbsOf(r),
    ...(r.shortNames ? { shortNames: r.shortNames } : {}),
    ...(r.categories ? { categories: r.categories } : {}),
    ...(r.subresources
      ? {
          subresources: r.subresources.map((s) => ({
            subresource: s.name,
            responseKind: { group: s.group ?? r.group, version: s.version ?? r.version, kind: s.kind },
            verbs: s.verbs,
          })),
        }
      : {}),
  };
}

function groupItems(core: boolean) {
  const byGroup = new Map<string, ResourceDef[]>();
  for (const r of RESOURCES) {
    if ((r.group === '') !== core) continue;
    byGroup.set(r.group, [...(byGroup.get(r.group) ?? []), r]);
  }
  // A group may serve several versions (batch: v1 Jobs, v1beta1 CronJobs); the first is preferred.
  return [...byGroup.entries()].map(([group, list]) => ({
    metadata: { name: group, creationTimestamp: null },
    versions: versionsOf(group).map((version) => ({
      version,
      resources: list.filter((r) => r.version === version).map(aggregatedResource),
      freshness: 'Current',
    })),
  }));
}

export function aggregatedDiscovery(core: boolean) {
  return { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items: groupItems(core) };
}

export function legacyApiVersions(serverAddress: string) {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

export function legacyGroupList() {
  const names = [...new Set(groupVersions().map((gv) => gv.group))].filter(Boolean);
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: names.map(legacyGroupEntry) };
}

function legacyGroupEntry(group: string) {
  const versions = versionsOf(group).map((version) => ({ groupVersion: `${group}/${version}`, version }));
  return { name: group, versions, preferredVersion: versions[0] };
}

export function legacyGroup(group: string) {
  if (versionsOf(group).length === 0) return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...legacyGroupEntry(group) };
}

export function legacyResourceList(group: string, version: string) {
  const list = RESOURCES.filter((r) => r.group === group && r.version === version);
  if (list.length === 0) return undefined;
  const resources = list.flatMap((r) => [
    {
      name: r.resource,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: verbsOf(r),
      ...(r.shortNames ? { shortNames: r.shortNames } : {}),
      ...(r.categories ? { categories: r.categories } : {}),
    },
    ...(r.subresources ?? []).map((s) => ({
      name: `${r.resource}/${s.name}`,
      singularName: '',
      namespaced: r.namespaced,
      ...(s.group !== undefined && s.group !== r.group ? { group: s.group, version: s.version } : {}),
      kind: s.kind,
      verbs: s.verbs,
    })),
  ]);
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: apiVersionOf({ group, version }), resources };
}
