// Trouble written into the sandbox as a kubelet reports it: two bare pods bound to chosen nodes,
// their status then written through pods/status (one in CrashLoopBackOff with restarts, one in
// ImagePullBackOff), and one node's Ready condition written False through nodes/status. The
// sandbox's kubelet stand-in leaves all three as written.
import type { kubectlFor } from '../../test/support/kubectl';
import { eventually } from '../../test/support/kubectl';

type Kubectl = ReturnType<typeof kubectlFor>;

export const TROUBLE_NS = 'trouble-e2e';

export interface Trouble {
  /** `namespace/name` of the pod in CrashLoopBackOff, and its node. */
  crash: { pod: string; node: string };
  pull: { pod: string; node: string };
  /** The node reported NotReady. */
  notReady: string;
}

const IMAGE = 'public.ecr.aws/nginx/nginx:1.27';
const ago = (s: number) => new Date(Date.now() - s * 1000).toISOString();

function barePod(name: string, node: string, image = IMAGE) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: TROUBLE_NS, labels: { app: name } },
    spec: { nodeName: node, containers: [{ name: 'app', image, resources: { requests: { cpu: '50m', memory: '64Mi' } } }] },
  };
}

const crashStatus = {
  phase: 'Running',
  conditions: [
    { type: 'PodScheduled', status: 'True', lastTransitionTime: ago(600) },
    { type: 'Ready', status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [app]', lastTransitionTime: ago(590) },
  ],
  containerStatuses: [
    {
      name: 'app',
      image: IMAGE,
      imageID: '',
      ready: false,
      started: false,
      restartCount: 6,
      state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 2m40s restarting failed container=app' } },
      lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: ago(170), finishedAt: ago(165) } },
    },
  ],
};

const pullStatus = {
  phase: 'Pending',
  conditions: [
    { type: 'PodScheduled', status: 'True', lastTransitionTime: ago(600) },
    { type: 'Ready', status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [app]', lastTransitionTime: ago(600) },
  ],
  containerStatuses: [
    {
      name: 'app',
      image: 'public.ecr.aws/nginx/nginx:no-such-tag',
      imageID: '',
      ready: false,
      started: false,
      restartCount: 0,
      state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "public.ecr.aws/nginx/nginx:no-such-tag"' } },
    },
  ],
};

async function writeStatus(kubectl: Kubectl, kind: 'pod' | 'node', name: string, status: object) {
  const ns = kind === 'pod' ? ['-n', TROUBLE_NS] : [];
  await kubectl.ok(['patch', kind, name, ...ns, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status })]);
}

/** Nodes are picked in three different lanes (pools `pool-<i % 10>`), far apart in the lanes. */
export async function makeTrouble(kubectl: Kubectl, picks = { crash: 17, pull: 523, notReady: 842 }): Promise<Trouble> {
  const nodes = (await kubectl.json<{ items: { metadata: { name: string }; status: { conditions: object[] } }[] }>(['get', 'nodes'])).items;
  const byIndex = (i: number) => nodes.find((n) => n.metadata.name === syntheticNodeName(i));
  const [crashNode, pullNode, sick] = [picks.crash, picks.pull, picks.notReady].map((i) => {
    const n = byIndex(i);
    if (!n) throw new Error(`no synthetic node ${syntheticNodeName(i)} among ${nodes.length}`);
    return n;
  });
  // Afresh: the previous spec deleted it without waiting, and a namespace still terminating takes
  // no new pods (the create says AlreadyExists, then the apply finds it gone).
  await eventually('the trouble namespace, active', async () => {
    if ((await kubectl.run(['create', 'namespace', TROUBLE_NS])).code === 0) return true;
    const phase = await kubectl.run(['get', 'namespace', TROUBLE_NS, '-o', 'jsonpath={.status.phase}']);
    return phase.code === 0 && phase.stdout.trim() === 'Active';
  });
  for (const pod of [barePod('crasher', crashNode.metadata.name), barePod('puller', pullNode.metadata.name, 'public.ecr.aws/nginx/nginx:no-such-tag')]) {
    await kubectl.ok(['apply', '-f', '-'], { input: JSON.stringify(pod) });
  }
  await writeStatus(kubectl, 'pod', 'crasher', crashStatus);
  await writeStatus(kubectl, 'pod', 'puller', pullStatus);
  const conditions = sick.status.conditions.map((c) => ((c as { type: string }).type === 'Ready' ? { ...c, status: 'False', reason: 'KubeletNotReady', message: 'container runtime network not ready', lastTransitionTime: ago(120) } : c));
  await writeStatus(kubectl, 'node', sick.metadata.name, { conditions });
  // As kubectl shows them: the statuses held (no controller wrote over them).
  await eventually('the trouble to show in kubectl', async () => {
    const pods = await kubectl.ok(['get', 'pods', '-n', TROUBLE_NS, '--no-headers']);
    const node = await kubectl.ok(['get', 'node', sick.metadata.name, '--no-headers']);
    return /crasher\s+0\/1\s+CrashLoopBackOff\s+6/.test(pods) && /puller\s+0\/1\s+ImagePullBackOff/.test(pods) && /\sNotReady\s/.test(node);
  });
  return {
    crash: { pod: `${TROUBLE_NS}/crasher`, node: crashNode.metadata.name },
    pull: { pod: `${TROUBLE_NS}/puller`, node: pullNode.metadata.name },
    notReady: sick.metadata.name,
  };
}

/** Puts the node back to Ready and removes the pods. */
export async function clearTrouble(kubectl: Kubectl, trouble: Trouble) {
  await kubectl.run(['delete', 'namespace', TROUBLE_NS, '--wait=false']);
  const node = await kubectl.json<{ status: { conditions: { type: string }[] } }>(['get', 'node', trouble.notReady]);
  const conditions = node.status.conditions.map((c) => (c.type === 'Ready' ? { ...c, status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' } : c));
  await writeStatus(kubectl, 'node', trouble.notReady, { conditions });
}

/**
 * The name the synthetic scenario gives its i-th node (syntheticNode in lib/sandbox/sim/scenario.ts;
 * the sandbox's modules do not load in Playwright's test runner).
 */
const syntheticNodeName = (i: number) => `ip-10-${(i >> 16) & 255}-${(i >> 8) & 255}-${i & 255}.ec2.internal`;
