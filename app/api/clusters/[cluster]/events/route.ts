import { z } from 'zod';
import { readObjectEvents } from '@/lib/server/k8s/object-events';
import { clusterParam, route } from '@/lib/server/route';
import { userApis } from '@/lib/server/user-apis';

export const dynamic = 'force-dynamic';

const dnsSubdomain = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const dnsLabel = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** `kind` as Kubernetes spells it (Node, Pod…); `namespace` for namespaced kinds, required for a Pod. */
const query = z
  .object({
    kind: z.string().regex(/^[A-Z][A-Za-z0-9]{0,62}$/, 'kind must be a Kubernetes kind such as Node or Pod'),
    name: z.string().max(253).regex(dnsSubdomain, 'name must be a lowercase RFC 1123 name'),
    namespace: z.string().regex(dnsLabel, 'namespace must be a namespace name').optional(),
  })
  .strict()
  .refine((q) => q.kind !== 'Pod' || q.namespace, { message: 'a Pod needs its namespace', path: ['namespace'] })
  .refine((q) => q.kind !== 'Node' || !q.namespace, { message: 'a Node has no namespace', path: ['namespace'] });

/**
 * The events about one object, newest first, read as the signed-in user with a field selector on
 * the involved object (what `kubectl get events --field-selector involvedObject.name=…` lists):
 * the details panel polls it while open. A user who may not list events there gets a 403.
 */
export const GET = route({ params: clusterParam, query, access: 'read' }, async ({ params, query, identity }) =>
  readObjectEvents(userApis(params.cluster, identity), query),
);
