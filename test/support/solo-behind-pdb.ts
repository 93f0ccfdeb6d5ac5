// A workload a drain cannot move until its PodDisruptionBudget is relaxed, for the drain tests.

import { eventually, type kubectlFor } from './kubectl';

/**
 * A one-replica deployment with a PDB that allows no eviction: in the managed node group (label
 * workload=cpu) unless told otherwise.
 */
export async function soloBehindPdb(kubectl: ReturnType<typeof kubectlFor>, name: string, nodeSelector: Record<string, string> = { workload: 'cpu' }): Promise<string> {
  const labels = { app: name };
  await kubectl.ok(['apply', '-f', '-'], {
    input: JSON.stringify({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: 'apps' },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: { nodeSelector, containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: '50m', memory: '64Mi' } } }] },
        },
      },
    }),
  });
  await kubectl.ok(['apply', '-f', '-'], {
    input: JSON.stringify({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name, namespace: 'apps' }, spec: { minAvailable: 1, selector: { matchLabels: labels } } }),
  });
  return eventually(`${name} to run`, async () => {
    // The deployment's own status too: the drain test counts its ready replicas from here on.
    const d = await kubectl.json(['get', 'deployment', name, '-n', 'apps']);
    if (d.status?.readyReplicas !== 1) return undefined;
    const pods = await kubectl.json(['get', 'pods', '-n', 'apps', '-l', `app=${name}`]);
    const running = pods.items.find((p: { status: { phase: string; conditions?: Array<{ type: string; status: string }> } }) => p.status.phase === 'Running' && p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
    return running ? (running.spec.nodeName as string) : undefined;
  });
}
