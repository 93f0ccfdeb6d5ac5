// A StatefulSet's volumeClaimTemplates as kubectl sees them: one PersistentVolumeClaim per ordinal,
// made before its pod, Bound at once (no storage is simulated), mounted by the pod, kept on
// scale-down and set deletion by default, removed when the retention policy says Delete; and a
// claim of one's own is checked and bound like any other.
import { describe, expect, it } from 'vitest';
import { kubectlSandbox } from '../support/kubectl-sandbox';
import { eventually } from '../support/kubectl';

const NS = 'stateful';
const { kubectl } = kubectlSandbox({ timeScale: 10, namespace: NS });

const statefulSet = (name: string, replicas: number, retention = '') => `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ${name}
  namespace: ${NS}
spec:
  serviceName: ${name}
  replicas: ${replicas}
  selector: { matchLabels: { app: ${name} } }
${retention}  template:
    metadata: { labels: { app: ${name} } }
    spec:
      containers:
        - name: db
          image: postgres:16
          resources: { requests: { cpu: 10m, memory: 16Mi } }
          volumeMounts: [{ name: data, mountPath: /var/lib/postgresql/data }]
  volumeClaimTemplates:
    - metadata: { name: data }
      spec:
        accessModes: [ReadWriteOnce]
        resources: { requests: { storage: 5Gi } }
`;

type Claim = { metadata: { name: string; labels?: Record<string, string>; ownerReferences?: unknown[] }; spec: { volumeName?: string }; status: { phase: string; capacity?: { storage: string } } };
const claims = async (app: string) => (await kubectl.json<{ items: Claim[] }>(['get', 'pvc', '-n', NS, '-l', `app=${app}`])).items.map((c) => c.metadata.name).sort();

describe('StatefulSet claims', () => {
  it('makes data-<set>-<ordinal> Bound, mounts it in the pod, and keeps the claims on scale-down and delete (Retain)', async () => {
    await kubectl.ok(['apply', '-f', '-'], { input: statefulSet('pg', 2) });
    await kubectl.ok(['rollout', 'status', 'statefulset/pg', '-n', NS, '--timeout=60s']);
    expect(await claims('pg')).toEqual(['data-pg-0', 'data-pg-1']);
    const claim = await kubectl.json<Claim>(['get', 'pvc', 'data-pg-0', '-n', NS]);
    expect(claim.status).toMatchObject({ phase: 'Bound', capacity: { storage: '5Gi' } });
    expect(claim.spec.volumeName).toMatch(/^pvc-[0-9a-f-]{36}$/);
    expect(claim.metadata.ownerReferences).toBeUndefined();
    const table = await kubectl.ok(['get', 'pvc', '-n', NS]);
    expect(table.split('\n')[0]).toMatch(/^NAME\s+STATUS\s+VOLUME\s+CAPACITY\s+ACCESS MODES\s+STORAGECLASS\s+VOLUMEATTRIBUTESCLASS\s+AGE$/);
    expect(table).toMatch(/data-pg-0\s+Bound\s+pvc-\S+\s+5Gi\s+RWO\s+<unset>/);
    const pod = await kubectl.json<{ spec: { volumes: unknown[] } }>(['get', 'pod', 'pg-1', '-n', NS]);
    expect(pod.spec.volumes).toEqual(expect.arrayContaining([{ name: 'data', persistentVolumeClaim: { claimName: 'data-pg-1' } }]));

    await kubectl.ok(['scale', 'statefulset/pg', '-n', NS, '--replicas=1']);
    await eventually('pg-1 gone', async () => (await kubectl.run(['get', 'pod', 'pg-1', '-n', NS])).code !== 0, 60_000);
    expect(await claims('pg')).toEqual(['data-pg-0', 'data-pg-1']);
    await kubectl.ok(['delete', 'statefulset/pg', '-n', NS, '--wait=true']);
    expect(await claims('pg')).toEqual(['data-pg-0', 'data-pg-1']);
  }, 120_000);

  it('with whenScaled and whenDeleted Delete, removes a scaled-away ordinal’s claim and the rest with the set', async () => {
    const retention = '  persistentVolumeClaimRetentionPolicy: { whenScaled: Delete, whenDeleted: Delete }\n';
    await kubectl.ok(['apply', '-f', '-'], { input: statefulSet('cache', 2, retention) });
    await kubectl.ok(['rollout', 'status', 'statefulset/cache', '-n', NS, '--timeout=60s']);
    expect(await claims('cache')).toEqual(['data-cache-0', 'data-cache-1']);
    await kubectl.ok(['scale', 'statefulset/cache', '-n', NS, '--replicas=1']);
    await eventually('data-cache-1 removed', async () => (await claims('cache')).length === 1, 60_000);
    expect(await claims('cache')).toEqual(['data-cache-0']);
    await kubectl.ok(['delete', 'statefulset/cache', '-n', NS, '--wait=true']);
    await eventually('data-cache-0 collected with its set', async () => (await claims('cache')).length === 0, 60_000);
  }, 120_000);

  it('checks and binds a claim made by hand; once bound, only its storage request may change', async () => {
    const bad = await kubectl.run(['apply', '-f', '-'], { input: `apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: { name: nothing, namespace: ${NS} }\nspec: {}\n` });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('spec.accessModes: Required value: at least 1 access mode is required');
    expect(bad.stderr).toContain('spec.resources[storage]: Required value');
    await kubectl.ok(['apply', '-f', '-'], { input: `apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: { name: scratch, namespace: ${NS} }\nspec: { accessModes: [ReadWriteOnce], resources: { requests: { storage: 1Gi } } }\n` });
    await eventually('scratch Bound', async () => (await kubectl.json<Claim>(['get', 'pvc', 'scratch', '-n', NS])).status.phase === 'Bound', 30_000);
    const changed = await kubectl.run(['patch', 'pvc', 'scratch', '-n', NS, '--type=merge', '-p', '{"spec":{"accessModes":["ReadWriteMany"]}}']);
    expect(changed.code).not.toBe(0);
    expect(changed.stderr).toContain('spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims');
    await kubectl.ok(['patch', 'pvc', 'scratch', '-n', NS, '--type=merge', '-p', '{"spec":{"resources":{"requests":{"storage":"2Gi"}}}}']);
  }, 60_000);
});
