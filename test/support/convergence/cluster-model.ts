// What the API server holds, in the dashboard's compact model: every kind the topology keeps,
// listed afresh and reshaped by the very transforms the informers use. A convergence test holds
// the dashboard's snapshot against this, field by field.
import type { TopologySnapshot } from '@/lib/domain/model';
import { keyOf, type KindSpec } from '@/lib/server/k8s/informers';
import { deploymentKind, eventKind, newestEvents, nodeClaimKind, nodeClassKind, nodeKind, nodePoolKind, pdbKind, podKind, replicaSetKind } from '@/lib/server/k8s/kinds';
import { MAX_EVENTS } from '@/lib/server/k8s/topology-cache';
import { send, type Server } from '../../real/http';

export const COLLECTIONS = ['nodes', 'pods', 'deployments', 'nodePools', 'nodeClasses', 'nodeClaims', 'pdbs', 'events'] as const;
export type Collection = (typeof COLLECTIONS)[number];
export type ModelCollections = Pick<TopologySnapshot, Collection>;

/** Every item of a collection path, page by page; undefined when the server does not serve the kind. */
async function listRaw(server: Server, path: string): Promise<unknown[] | undefined> {
  const items: unknown[] = [];
  let continueToken = '';
  do {
    const res = await send(server, { path: `${path}?limit=500${continueToken ? `&continue=${encodeURIComponent(continueToken)}` : ''}` });
    if (res.status === 404) return undefined;
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${res.text.slice(0, 200)}`);
    items.push(...(res.json.items ?? []));
    continueToken = res.json.metadata?.continue ?? '';
  } while (continueToken);
  return items;
}

async function listKind<T>(server: Server, spec: KindSpec<T>): Promise<Map<string, T>> {
  const out = new Map<string, T>();
  for (const raw of (await listRaw(server, spec.path)) ?? []) {
    const key = keyOf(raw);
    const item = key ? spec.transform(raw) : undefined;
    if (key && item !== undefined) out.set(key, item);
  }
  return out;
}

/** The API server's state now, as the dashboard's model would hold it. */
export async function clusterModel(server: Server): Promise<ModelCollections> {
  const owners = await listKind(server, replicaSetKind);
  const [nodes, pods, deployments, nodePools, nodeClasses, nodeClaims, pdbs, events] = await Promise.all([
    listKind(server, nodeKind),
    listKind(server, podKind((namespace, name) => owners.get(`${namespace}/${name}`))),
    listKind(server, deploymentKind),
    listKind(server, nodePoolKind),
    listKind(server, nodeClassKind),
    listKind(server, nodeClaimKind),
    listKind(server, pdbKind),
    listKind(server, eventKind(MAX_EVENTS)),
  ]);
  return {
    nodes: [...nodes.values()],
    pods: [...pods.values()],
    deployments: [...deployments.values()],
    nodePools: [...nodePools.values()],
    nodeClasses: [...nodeClasses.values()],
    nodeClaims: [...nodeClaims.values()],
    pdbs: [...pdbs.values()],
    events: [...newestEvents(events, MAX_EVENTS).values()],
  };
}

const keyOfItem = (item: { name: string; namespace?: string }) => `${item.namespace ?? ''}/${item.name}`;

/** The fields in which two compact objects differ (top level; nested values compared whole). */
function fieldsThatDiffer(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).sort();
}

const shown = (v: unknown) => {
  const text = JSON.stringify(v);
  return text === undefined ? 'undefined' : text.length > 120 ? `${text.slice(0, 117)}...` : text;
};

/**
 * Where the dashboard's model differs from the API server's: one line per object missing, extra
 * or different (with the fields and both values). Empty when they agree.
 */
export function diffModels(server: ModelCollections, dashboard: ModelCollections): string[] {
  const out: string[] = [];
  for (const collection of COLLECTIONS) {
    const want = new Map((server[collection] as Array<{ name: string; namespace?: string }>).map((i) => [keyOfItem(i), i]));
    const have = new Map((dashboard[collection] as Array<{ name: string; namespace?: string }>).map((i) => [keyOfItem(i), i]));
    for (const [key, item] of want) {
      const mine = have.get(key);
      if (!mine) {
        out.push(`${collection} ${key}: missing from the dashboard`);
        continue;
      }
      const fields = fieldsThatDiffer(item as unknown as Record<string, unknown>, mine as unknown as Record<string, unknown>);
      if (fields.length > 0) {
        const detail = fields.map((f) => `${f}: server ${shown((item as never)[f])}, dashboard ${shown((mine as never)[f])}`).join('; ');
        out.push(`${collection} ${key}: ${detail}`);
      }
    }
    for (const key of have.keys()) if (!want.has(key)) out.push(`${collection} ${key}: shown by the dashboard, gone from the server`);
  }
  return out;
}
