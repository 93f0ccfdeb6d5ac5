// The real API server knows nothing of Karpenter or EKS Auto Mode: give it the three kinds as
// CRDs so the same requests can go to both servers. The schemas stay open
// (x-kubernetes-preserve-unknown-fields) because 1.20 has no CEL rules; what the sandbox
// validates beyond that is checked in the sandbox's own tests.
import { send, type Server } from './http';

const kinds = [
  { group: 'karpenter.sh', kind: 'NodePool', plural: 'nodepools', singular: 'nodepool' },
  { group: 'karpenter.sh', kind: 'NodeClaim', plural: 'nodeclaims', singular: 'nodeclaim' },
  { group: 'eks.amazonaws.com', kind: 'NodeClass', plural: 'nodeclasses', singular: 'nodeclass' },
];

export async function installCrds(server: Server): Promise<void> {
  for (const k of kinds) {
    const res = await send(server, {
      method: 'POST',
      path: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
      body: {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: `${k.plural}.${k.group}` },
        spec: {
          group: k.group,
          scope: 'Cluster',
          names: { kind: k.kind, plural: k.plural, singular: k.singular, listKind: `${k.kind}List` },
          versions: [
            {
              name: 'v1',
              served: true,
              storage: true,
              subresources: { status: {} },
              schema: {
                openAPIV3Schema: {
                  type: 'object',
                  properties: {
                    spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
                    status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
                  },
                },
              },
            },
          ],
        },
      },
    });
    if (res.status !== 201 && res.status !== 409) throw new Error(`CRD ${k.plural}: ${res.status} ${res.text}`);
  }
  // A new group becomes servable a second or two after its CRD is created.
  const deadline = Date.now() + 30_000;
  for (const k of kinds) {
    for (;;) {
      const res = await send(server, { path: `/apis/${k.group}/v1/${k.plural}` });
      if (res.status === 200) break;
      if (Date.now() > deadline) throw new Error(`CRD ${k.plural} never became servable: ${res.status}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
