// Rollouts as kubectl drives them against `npm run sandbox`: pause holds a template change back,
// resume rolls it, undo makes the next revision from an old ReplicaSet (twice), change-causes
// follow, and revisionHistoryLimit trims old ReplicaSets.
import { describe, expect, it } from 'vitest';
import { kubectlSandbox } from '../support/kubectl-sandbox';
import { eventually } from '../support/kubectl';

const NS = 'rollouts';
const { kubectl } = kubectlSandbox({ timeScale: 10, namespace: NS });

const deployment = (name: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${NS}
  annotations:
    kubernetes.io/change-cause: "create nginx:1.26"
spec:
  replicas: 2${extra}
  selector:
    matchLabels: { app: ${name} }
  template:
    metadata:
      labels: { app: ${name} }
    spec:
      containers:
        - name: nginx
          image: nginx:1.26
          resources: { requests: { cpu: 10m, memory: 16Mi } }
`;

type Item = { metadata: { name: string; annotations?: Record<string, string>; generation?: number }; spec: { replicas?: number; template: { spec: { containers: { image: string }[] } } }; status?: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any

const replicaSets = async (app: string) => (await kubectl.json<{ items: Item[] }>(['get', 'rs', '-n', NS, '-l', `app=${app}`])).items;
const images = async (app: string) =>
  (await kubectl.json<{ items: Item[] }>(['get', 'pods', '-n', NS, '-l', `app=${app}`])).items.map((p) => (p.spec as unknown as { containers: { image: string }[] }).containers[0].image).sort();
const rolloutStatus = (name: string) => kubectl.ok(['rollout', 'status', `deployment/${name}`, '-n', NS, '--timeout=90s'], { timeoutMs: 100_000 });
/** `kubectl rollout history` rows as [revision, change-cause]. */
const history = async (name: string) =>
  (await kubectl.ok(['rollout', 'history', `deployment/${name}`, '-n', NS]))
    .trim()
    .split('\n')
    .filter((l) => /^\d+\s/.test(l))
    .map((l) => l.trim().split(/\s{2,}/));

describe('kubectl rollout against the sandbox', () => {
  it('pause holds set image back; resume rolls it; undo twice makes revisions 3 and 4 with their change-causes', async () => {
    await kubectl.ok(['apply', '-f', '-'], { input: deployment('web') });
    await rolloutStatus('web');

    expect((await kubectl.ok(['rollout', 'pause', 'deployment/web', '-n', NS])).trim()).toBe('deployment.apps/web paused');
    await kubectl.ok(['set', 'image', 'deployment/web', '-n', NS, 'nginx=nginx:1.27']);
    await kubectl.ok(['annotate', '--overwrite', 'deployment/web', '-n', NS, 'kubernetes.io/change-cause=set image nginx:1.27']);
    const paused = await eventually('the paused deployment observed', async () => {
      const d = await kubectl.json<Item>(['get', 'deploy/web', '-n', NS]);
      return d.status?.observedGeneration === d.metadata.generation && d;
    });
    expect(paused.status?.conditions).toContainEqual(expect.objectContaining({ type: 'Progressing', status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' }));
    // Give the controllers time to (wrongly) roll: a few simulated seconds pass.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await replicaSets('web')).toHaveLength(1);
    expect(await images('web')).toEqual(['nginx:1.26', 'nginx:1.26']);
    expect((await kubectl.json<Item>(['get', 'deploy/web', '-n', NS])).status?.updatedReplicas).toBeUndefined();

    await kubectl.ok(['rollout', 'resume', 'deployment/web', '-n', NS]);
    await rolloutStatus('web');
    await eventually('only the new pods', async () => equalList(await images('web'), ['nginx:1.27', 'nginx:1.27']));
    expect(await history('web')).toEqual([
      ['1', 'create nginx:1.26'],
      ['2', 'set image nginx:1.27'],
    ]);

    expect((await kubectl.ok(['rollout', 'undo', 'deployment/web', '-n', NS])).trim()).toBe('deployment.apps/web rolled back');
    await rolloutStatus('web');
    await eventually('revision 3', async () => (await history('web')).length === 2 && (await history('web'))[1][0] === '3');
    expect(await history('web')).toEqual([
      ['2', 'set image nginx:1.27'],
      ['3', 'create nginx:1.26'],
    ]);
    await eventually('the old pods back', async () => equalList(await images('web'), ['nginx:1.26', 'nginx:1.26']));
    const back = (await replicaSets('web')).find((rs) => rs.spec.template.spec.containers[0].image === 'nginx:1.26')!;
    expect(back.metadata.annotations).toMatchObject({ 'deployment.kubernetes.io/revision': '3', 'deployment.kubernetes.io/revision-history': '1' });

    // The second undo goes back to revision 2, not "skipped".
    expect((await kubectl.ok(['rollout', 'undo', 'deployment/web', '-n', NS])).trim()).toBe('deployment.apps/web rolled back');
    await rolloutStatus('web');
    await eventually('revision 4', async () => (await history('web'))[1]?.[0] === '4');
    expect(await history('web')).toEqual([
      ['3', 'create nginx:1.26'],
      ['4', 'set image nginx:1.27'],
    ]);
    await eventually('the 1.27 pods back', async () => equalList(await images('web'), ['nginx:1.27', 'nginx:1.27']));
    const d = await kubectl.json<Item>(['get', 'deploy/web', '-n', NS]);
    expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('4');
    expect(d.metadata.annotations?.['kubernetes.io/change-cause']).toBe('set image nginx:1.27');
  }, 240_000);

  it('revisionHistoryLimit keeps only that many old ReplicaSets, deleting the oldest', async () => {
    await kubectl.ok(['apply', '-f', '-'], { input: deployment('trim', '\n  revisionHistoryLimit: 1') });
    await rolloutStatus('trim');
    for (const tag of ['1.27', '1.28']) {
      await kubectl.ok(['set', 'image', 'deployment/trim', '-n', NS, `nginx=nginx:${tag}`]);
      await rolloutStatus('trim');
    }
    const left = await eventually('two ReplicaSets left', async () => {
      const list = await replicaSets('trim');
      return list.length === 2 && list;
    });
    expect(left.map((rs) => rs.metadata.annotations?.['deployment.kubernetes.io/revision']).sort()).toEqual(['2', '3']);
  }, 240_000);
});

const equalList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
