// Rollout history, where the real deployment controller (kube-controller-manager 1.20) and the
// sandbox must agree: a paused Deployment holds a template change back with the same Progressing
// condition; undo (done as kubectl 1.32 does it: the old ReplicaSet's template and annotations
// written back with a JSON patch) gives the old ReplicaSet the next revision, twice, with the same
// revision-history and change-causes.
import { expect, it } from 'vitest';
import { send, type Server } from './http';
import { NS, deploymentsPath, workerNode } from './fixtures';
import type { Pair } from './servers';
import { until } from '../support/until';

const MERGE = 'application/merge-patch+json';
const JSON_PATCH = 'application/json-patch+json';
const CAUSE = 'kubernetes.io/change-cause';
const REVISION = 'deployment.kubernetes.io/revision';
/** What kubectl's undo keeps of the Deployment's own annotations rather than taking the ReplicaSet's. */
const KEPT = ['kubectl.kubernetes.io/last-applied-configuration', REVISION, 'deployment.kubernetes.io/revision-history', 'deployment.kubernetes.io/desired-replicas', 'deployment.kubernetes.io/max-replicas', 'deprecated.deployment.rollback.to'];

type Obj = any; // eslint-disable-line @typescript-eslint/no-explicit-any


const deployment = (name: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, annotations: { [CAUSE]: 'create nginx:1.26' } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: name } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
    template: {
      metadata: { labels: { app: name } },
      spec: {
        nodeSelector: { 'diff-role': 'worker' },
        terminationGracePeriodSeconds: 0,
        containers: [{ name: 'app', image: 'nginx:1.26', resources: { requests: { cpu: '50m', memory: '32Mi' } } }],
      },
    },
  },
});

const rolledOut = (d: Obj) =>
  d.status?.observedGeneration >= d.metadata.generation &&
  d.status?.updatedReplicas === d.spec.replicas &&
  d.status?.replicas === d.status?.updatedReplicas &&
  d.status?.availableReplicas === d.status?.updatedReplicas;

async function history(server: Server, name: string) {
  const get = async () => (await send(server, { path: `${deploymentsPath}/${name}` })).json;
  const replicaSets = async (): Promise<Obj[]> => (await send(server, { path: `/apis/apps/v1/namespaces/${NS}/replicasets?labelSelector=app%3D${name}` })).json.items;
  const settled = (what: string) => until(`${server.name}: ${name} ${what}`, async () => ((d) => (rolledOut(d) ? d : undefined))(await get()), 90_000);
  const patch = (contentType: string, body: unknown) => send(server, { method: 'PATCH', path: `${deploymentsPath}/${name}`, contentType, body });

  for (const n of ['diff-worker-1', 'diff-worker-2']) await send(server, { method: 'POST', path: '/api/v1/nodes', body: workerNode(n) });
  await send(server, { method: 'POST', path: deploymentsPath, body: deployment(name) });
  await settled('available');

  await patch(MERGE, { spec: { paused: true } });
  await patch(MERGE, {
    metadata: { annotations: { [CAUSE]: 'set image nginx:1.27' } },
    spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests: { cpu: '50m', memory: '32Mi' } } }] } } },
  });
  const paused = await until(`${server.name}: ${name} paused observed`, async () => ((d) => (d.status?.observedGeneration === d.metadata.generation && d.metadata.generation >= 3 ? d : undefined))(await get()));
  const progressing = paused.status.conditions.find((c: Obj) => c.type === 'Progressing');
  const whilePaused = { replicaSets: (await replicaSets()).length, progressing: { status: progressing.status, reason: progressing.reason, message: progressing.message } };

  await patch(MERGE, { spec: { paused: false } });
  await settled('resumed');

  // kubectl rollout undo: the ReplicaSet of the revision before the newest, written back.
  const undo = async () => {
    const list = (await replicaSets()).sort((a, b) => Number(b.metadata.annotations[REVISION]) - Number(a.metadata.annotations[REVISION]));
    const target = list[1];
    const current = await get();
    const template = structuredClone(target.spec.template);
    delete template.metadata.labels['pod-template-hash'];
    const annotations: Record<string, string> = {};
    for (const k of KEPT) if (current.metadata.annotations?.[k] !== undefined) annotations[k] = current.metadata.annotations[k];
    for (const [k, v] of Object.entries(target.metadata.annotations as Record<string, string>)) if (!KEPT.includes(k)) annotations[k] = v;
    await patch(JSON_PATCH, [
      { op: 'replace', path: '/spec/template', value: template },
      { op: 'replace', path: '/metadata/annotations', value: annotations },
    ]);
    const generation = current.metadata.generation + 1;
    await until(`${server.name}: ${name} undone`, async () => ((d) => (d.metadata.generation === generation && rolledOut(d) ? d : undefined))(await get()), 90_000);
  };
  const rows = async () =>
    (await replicaSets())
      .map((rs) => [rs.metadata.annotations[REVISION], rs.metadata.annotations['deployment.kubernetes.io/revision-history'] ?? '', rs.metadata.annotations[CAUSE] ?? '', rs.spec.template.spec.containers[0].image])
      .sort((a, b) => Number(a[0]) - Number(b[0]));
  await undo();
  const afterOne = await until(`${server.name}: ${name} revision 3`, async () => ((r) => (r.some((x) => x[0] === '3') ? r : undefined))(await rows()));
  await undo();
  const afterTwo = await until(`${server.name}: ${name} revision 4`, async () => ((r) => (r.some((x) => x[0] === '4') ? r : undefined))(await rows()));
  const d = await get();
  return { whilePaused, afterOne, afterTwo, deployment: [d.metadata.annotations[REVISION], d.metadata.annotations[CAUSE], d.spec.template.spec.containers[0].image] };
}

export function rolloutCases(pair: () => Pair) {
  it('pause holds a template change back; undo twice makes revisions 3 and 4 with the same history', async () => {
    const [real, sandbox] = await Promise.all([history(pair().real, 'undone'), history(pair().sandbox, 'undone')]);
    expect(real.whilePaused).toEqual({ replicaSets: 1, progressing: { status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' } });
    expect(real.afterTwo).toEqual([
      ['3', '1', 'create nginx:1.26', 'nginx:1.26'],
      ['4', '2', 'set image nginx:1.27', 'nginx:1.27'],
    ]);
    expect(sandbox).toEqual(real);
  }, 240_000);
}
