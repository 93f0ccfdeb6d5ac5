// The real API server knows nothing of Karpenter or EKS Auto Mode: give it the three kinds from
// the same CRD files the sandbox serves (lib/sandbox/crds: Karpenter's published NodePool and
// NodeClaim CRDs, and the Auto Mode NodeClass schema), so both servers prune, default and
// validate from one schema. 1.20 drops the CEL rules (`x-kubernetes-validations`, which it
// does not know) when it decodes the CRD; they are checked in the sandbox's unit tests.
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { CRD_DIR, CRD_FILES } from '@/lib/sandbox/crds';
import { send, type Server } from './http';

const CRD_PATH = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';

export async function installCrds(server: Server): Promise<void> {
  const kinds: { group: string; plural: string }[] = [];
  for (const file of CRD_FILES) {
    const crd = yaml.load(fs.readFileSync(path.join(CRD_DIR, file), 'utf8')) as { metadata: { name: string }; spec: { group: string; names: { plural: string } } };
    kinds.push({ group: crd.spec.group, plural: crd.spec.names.plural });
    const res = await send(server, { method: 'POST', path: CRD_PATH, body: crd });
    if (res.status === 409) {
      // Installed before (by an older run or another file of this tier): replace it with this one.
      const current = await send(server, { path: `${CRD_PATH}/${crd.metadata.name}` });
      const put = await send(server, {
        method: 'PUT',
        path: `${CRD_PATH}/${crd.metadata.name}`,
        body: { ...crd, metadata: { ...crd.metadata, resourceVersion: current.json?.metadata?.resourceVersion } },
      });
      if (put.status !== 200) throw new Error(`CRD ${crd.metadata.name}: ${put.status} ${put.text}`);
    } else if (res.status !== 201) throw new Error(`CRD ${crd.metadata.name}: ${res.status} ${res.text}`);
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
