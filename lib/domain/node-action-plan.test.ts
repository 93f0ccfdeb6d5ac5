import { describe, expect, it } from 'vitest';
import { deploymentInfo, emptySnapshot, nodeClaimInfo, nodeInfo, nodePoolInfo, pdbInfo, podInfo } from '@/test/support/model';
import type { NodegroupInfo, PodInfo } from './model';
import { planNodeAction, type NodeActionInput } from './node-action-plan';
import { noteWords, podLineWords, refusalWords, surgeOfferWords } from './node-action-words';
import { HIDDEN_DEPLOYMENT, redactPlan } from './node-action-redaction';
import { interPodRulesOf } from './pod-placement';

const GI = 1024 ** 3;

/** A managed node group of two nodes in two zones, as the sandbox's general-pool. */
function groupNode(name: string, zone: string) {
  return nodeInfo(name, { 'eks.amazonaws.com/nodegroup': 'general-pool', workload: 'cpu', 'topology.kubernetes.io/zone': zone, 'kubernetes.io/hostname': name }, { zone });
}

const GROUP: NodegroupInfo = { name: 'general-pool', status: 'ACTIVE', instanceTypes: ['t3.medium'], scaling: { minSize: 2, maxSize: 5, desiredSize: 2 }, labels: { workload: 'cpu' }, taints: [] };

const onGroup = (ns: string, name: string, node: string, extra: Partial<PodInfo> = {}) => podInfo(ns, name, node, 50, { nodeSelector: { workload: 'cpu' }, ...extra });

const ANTI = interPodRulesOf({ affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'agent' } }, topologyKey: 'kubernetes.io/hostname' }] } } });
const SPREAD = interPodRulesOf({ topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'gateway' } } }] });

function input(over: Partial<NodeActionInput>): NodeActionInput {
  const snap = emptySnapshot({ nodes: [groupNode('ng-a', 'us-east-1a'), groupNode('ng-b', 'us-east-1b')] });
  return { ...snap, node: 'ng-a', action: 'drain-restart', nodegroups: [GROUP], ...over };
}

describe('planNodeAction: drains', () => {
  it('refuses a drain by restart whose replacement pod hostname anti-affinity keeps off the only other node, naming the rule', () => {
    const pods = [onGroup('platform', 'agent-1', 'ng-a', { podRules: ANTI }), onGroup('platform', 'agent-2', 'ng-b', { podRules: ANTI })];
    const plan = planNodeAction(input({ pods, deployments: [deploymentInfo('platform', 'agent', 2)] }));
    expect(plan.canProceed).toBe(false);
    expect(plan.refusals).toEqual([expect.objectContaining({ code: 'cannot-land', pod: 'platform/agent-1', workload: 'platform/agent', landing: expect.objectContaining({ code: 'pod-anti-affinity' }) })]);
    expect(refusalWords(plan.refusals[0])).toMatch(/platform\/agent.*anti-affinity.*could grow to 5 nodes.*not cordoned/);
    // Two replicas and no PDB: eviction keeps one, so the agent is evicted, not restarted.
    expect(plan.restart).toEqual([]);
    // The same pod in an eviction drain only goes Pending, as with kubectl drain: said, not refused.
    const evict = planNodeAction(input({ pods, deployments: [deploymentInfo('platform', 'agent', 2)], action: 'drain' }));
    expect(evict.canProceed).toBe(true);
    expect(evict.notes).toEqual([expect.objectContaining({ code: 'pending-after-evict', pod: 'platform/agent-1' })]);
  });

  it('lets a zone spread pod that surges move, and refuses the one that would be evicted first (skew 2)', () => {
    const pods = [onGroup('platform', 'gateway-1', 'ng-a', { podRules: SPREAD }), onGroup('platform', 'gateway-2', 'ng-b', { podRules: SPREAD })];
    // Evicted first: zone a holds 0, zone b would hold 2.
    const evicted = planNodeAction(input({ pods, deployments: [deploymentInfo('platform', 'gateway', 2)] }));
    expect(evicted.refusals).toEqual([expect.objectContaining({ code: 'cannot-land', landing: expect.objectContaining({ code: 'spread' }) })]);
    // One replica: restarted, the old pod still counts in zone a while its replacement starts in b.
    const solo = [onGroup('platform', 'gateway-1', 'ng-a', { podRules: SPREAD })];
    const restarted = planNodeAction(input({ pods: solo, deployments: [deploymentInfo('platform', 'gateway', 1)] }));
    expect(restarted.canProceed).toBe(true);
    expect(restarted.pods[0]).toMatchObject({ exit: 'restarted', order: 1, landing: { kind: 'lands-on', node: 'ng-b' } });
    expect(restarted.steps).toEqual([{ step: 'cordon' }, { step: 'restart', deployments: ['platform/gateway'] }]);
  });

  it('holds evictions on a PDB: restarts a one-replica deployment behind it, refuses the eviction drain that would wait forever', () => {
    const pods = [onGroup('apps', 'solo-1', 'ng-a'), onGroup('apps', 'web-1', 'ng-a'), onGroup('apps', 'web-2', 'ng-a'), onGroup('apps', 'web-3', 'ng-b')];
    const pdbs = [pdbInfo('apps', 'solo', { minAvailable: 1 }), pdbInfo('apps', 'web', { minAvailable: 2 })];
    const deployments = [deploymentInfo('apps', 'solo', 1), deploymentInfo('apps', 'web', 3)];
    const evict = planNodeAction(input({ pods, pdbs, deployments, action: 'drain' }));
    expect(evict.refusals).toEqual([{ code: 'pdb-never-allows', pod: 'apps/solo-1', pdb: 'apps/solo' }]);
    const byPod = Object.fromEntries(evict.pods.map((p) => [p.pod, p.pdb]));
    expect(byPod['apps/web-1']).toEqual({ name: 'apps/web', allowed: 1, waits: 'none' });
    expect(byPod['apps/web-2']).toEqual({ name: 'apps/web', allowed: 1, waits: 'replacement-ready' });

    const restart = planNodeAction(input({ pods, pdbs, deployments }));
    expect(restart.canProceed).toBe(true);
    expect(restart.restart).toEqual(['apps/solo']);
    expect(restart.pods.find((p) => p.pod === 'apps/solo-1')).toMatchObject({ exit: 'restarted', landing: { kind: 'lands-on', node: 'ng-b' } });
    expect(restart.pods.find((p) => p.pod === 'apps/web-1')).toMatchObject({ exit: 'evicted', order: 2 });
  });

  it('refuses to restart a Recreate deployment and one with maxSurge 0, with the reason', () => {
    const pods = [onGroup('apps', 'once-1', 'ng-a'), onGroup('apps', 'nosurge-1', 'ng-a')];
    const deployments = [deploymentInfo('apps', 'once', 1, { strategy: { type: 'Recreate' } }), deploymentInfo('apps', 'nosurge', 1, { strategy: { type: 'RollingUpdate', maxSurge: 0, maxUnavailable: 1 } })];
    const plan = planNodeAction(input({ pods, deployments }));
    expect(plan.canProceed).toBe(false);
    expect(plan.refusals).toEqual(expect.arrayContaining([{ code: 'recreate-strategy', deployment: 'apps/once' }, { code: 'no-surge', deployment: 'apps/nosurge', maxSurge: 0 }]));
    expect(refusalWords(plan.refusals.find((r) => r.code === 'recreate-strategy')!)).toMatch(/Recreate.*no ready pod/);
    // 25% of one replica rounds up to a surge of 1: the default strategy restarts.
    const defaulted = planNodeAction(input({ pods: [onGroup('apps', 'fine-1', 'ng-a')], deployments: [deploymentInfo('apps', 'fine', 1, { strategy: { type: 'RollingUpdate', maxSurge: '25%' } })] }));
    expect(defaulted.canProceed).toBe(true);
  });

  it('offers a surge patch for those deployments, refused until asked; asked, patches them before the restart and says they are set back', () => {
    const pods = [onGroup('apps', 'once-1', 'ng-a'), onGroup('apps', 'nosurge-1', 'ng-a')];
    const deployments = [deploymentInfo('apps', 'once', 1, { strategy: { type: 'Recreate' } }), deploymentInfo('apps', 'nosurge', 1, { strategy: { type: 'RollingUpdate', maxSurge: 0, maxUnavailable: 1 } })];
    const offered = planNodeAction(input({ pods, deployments }));
    const offers = [
      { deployment: 'apps/nosurge', from: { type: 'RollingUpdate', maxSurge: 0, maxUnavailable: 1 } },
      { deployment: 'apps/once', from: { type: 'Recreate' } },
    ];
    expect([...offered.surge].sort((a, b) => a.deployment.localeCompare(b.deployment))).toEqual(offers);
    expect(offered.canProceed).toBe(false);
    expect(offered.steps.map((s) => s.step)).not.toContain('surge');
    expect(surgeOfferWords(offered.surge)).toContain('Patch maxSurge to 1 for this drain: ');

    const accepted = planNodeAction(input({ pods, deployments, options: { surge: true } }));
    expect(accepted.refusals).toEqual([]);
    expect(accepted.canProceed).toBe(true);
    expect(accepted.steps).toEqual([{ step: 'cordon' }, { step: 'surge', deployments: ['apps/nosurge', 'apps/once'] }, { step: 'restart', deployments: ['apps/nosurge', 'apps/once'] }]);
    const note = accepted.notes.find((n) => n.code === 'surge-patched' && n.deployment === 'apps/once')!;
    expect(noteWords(note)).toBe('Deployment apps/once gets RollingUpdate maxSurge 1, maxUnavailable 0 for this drain, so its new pod runs before the old one stops; once its rollout is done it is set back to Recreate.');
    // A deployment that surges already is neither offered nor patched.
    const fine = planNodeAction(input({ pods: [onGroup('apps', 'fine-1', 'ng-a')], deployments: [deploymentInfo('apps', 'fine', 1)], options: { surge: true } }));
    expect(fine.surge).toEqual([]);
    expect(fine.steps.map((s) => s.step)).toEqual(['cordon', 'restart']);
  });

  it('refuses bare pods unless forced, then deletes them for good; names emptyDir data', () => {
    const bare = onGroup('apps', 'debug', 'ng-a', { owner: undefined });
    const cache = onGroup('apps', 'cache-1', 'ng-a', { emptyDirs: ['scratch'] });
    const deployments = [deploymentInfo('apps', 'cache', 2)];
    const plan = planNodeAction(input({ pods: [bare, cache, onGroup('apps', 'cache-2', 'ng-b')], deployments, action: 'drain' }));
    expect(plan.refusals).toEqual([{ code: 'bare-pods', pods: ['apps/debug'] }, { code: 'emptydir-data', pods: ['apps/cache-1'] }]);
    const forced = planNodeAction(input({ pods: [bare, cache, onGroup('apps', 'cache-2', 'ng-b')], deployments, action: 'drain', options: { force: true, deleteEmptyDirData: true } }));
    expect(forced.canProceed).toBe(true);
    expect(forced.pods.find((p) => p.pod === 'apps/debug')).toMatchObject({ exit: 'deleted', order: 2 });
    expect(forced.pods.find((p) => p.pod === 'apps/debug')?.landing).toBeUndefined();
    expect(podLineWords(forced.pods.find((p) => p.pod === 'apps/cache-1')!)).toContain('emptyDir data deleted: scratch');
    expect(forced.steps).toEqual([{ step: 'cordon' }, { step: 'evict', pods: ['apps/cache-1'] }, { step: 'delete', pods: ['apps/debug'] }]);
  });

  it('leaves DaemonSet and static pods where they are', () => {
    const pods = [onGroup('kube-system', 'kube-proxy-a', 'ng-a', { owner: { kind: 'DaemonSet', name: 'kube-proxy' } }), onGroup('kube-system', 'etcd-ng-a', 'ng-a', { owner: { kind: 'Node', name: 'ng-a' } })];
    const plan = planNodeAction(input({ pods, action: 'drain' }));
    expect(plan.canProceed).toBe(true);
    expect(plan.pods.map((p) => [p.pod, p.exit, p.order])).toEqual([
      ['kube-system/etcd-ng-a', 'ignored-mirror', undefined],
      ['kube-system/kube-proxy-a', 'ignored-daemonset', undefined],
    ]);
    expect(plan.steps).toEqual([{ step: 'cordon' }]);
  });

  it('says a full node group is why a pod lands nowhere', () => {
    const big = (name: string, node: string) => onGroup('apps', name, node, { requests: { cpuMillis: 1500, memoryBytes: GI, pods: 1 } });
    const full = { ...GROUP, scaling: { minSize: 2, maxSize: 2, desiredSize: 2 } };
    const plan = planNodeAction(input({ pods: [big('batch-1', 'ng-a'), big('batch-2', 'ng-b')], deployments: [deploymentInfo('apps', 'batch', 2)], nodegroups: [full] }));
    expect(plan.refusals).toEqual([expect.objectContaining({ code: 'cannot-land', landing: expect.objectContaining({ code: 'nodegroup-max', misfits: { unschedulable: 1, cpu: 1 } }) })]);
    expect(refusalWords(plan.refusals[0])).toMatch(/at its max size \(2\)/);
  });

  it('says what Auto Mode would launch, priced, where no node takes a pod', () => {
    const gp = (name: string, zone: string) => nodeInfo(name, { 'karpenter.sh/nodepool': 'general-purpose', 'topology.kubernetes.io/zone': zone, 'kubernetes.io/hostname': name }, { zone });
    const nodes = [gp('gp-a', 'us-east-1a'), gp('gp-b', 'us-east-1b')];
    const heavy = (name: string, node: string) => podInfo('apps', name, node, 1500);
    const plan = planNodeAction({
      ...emptySnapshot({ nodes, pods: [heavy('ml-1', 'gp-a'), heavy('ml-2', 'gp-b')], deployments: [deploymentInfo('apps', 'ml', 2)], nodePools: [nodePoolInfo('general-purpose')], nodeClaims: [nodeClaimInfo('c-a', { nodeName: 'gp-a' }), nodeClaimInfo('c-b', { nodeName: 'gp-b' })] }),
      node: 'gp-a',
      action: 'drain-restart',
    });
    expect(plan.canProceed).toBe(true);
    expect(plan.pods[0].landing).toMatchObject({ kind: 'needs-new-capacity', pool: 'general-purpose' });
    expect(plan.newCapacity).toHaveLength(1);
    expect(plan.newCapacity[0]).toMatchObject({ pool: 'general-purpose', count: 1 });
    expect(plan.newCapacity[0].monthly).toBeCloseTo(plan.newCapacity[0].hourly * 730);
    expect(plan.newCapacity[0].hourly).toBeGreaterThan(0);
    expect(plan.notes).toContainEqual({ code: 'waits-for-new-nodes', count: 1 });
  });
});

describe('planNodeAction: actions that move no pod', () => {
  it('cordon, uncordon and do-not-disrupt list the pods that stay; a missing or terminating node is refused', () => {
    const pods = [onGroup('apps', 'web-1', 'ng-a')];
    const cordon = planNodeAction(input({ pods, action: 'cordon' }));
    expect(cordon).toMatchObject({ canProceed: true, steps: [{ step: 'cordon' }], pods: [{ pod: 'apps/web-1', exit: 'stays' }] });
    expect(planNodeAction(input({ pods, action: 'do-not-disrupt' })).steps).toEqual([{ step: 'annotate', value: true }]);
    expect(planNodeAction(input({ pods, action: 'uncordon' })).notes).toEqual([{ code: 'not-cordoned' }]);
    expect(planNodeAction(input({ action: 'cordon', node: 'gone' })).refusals).toEqual([{ code: 'node-not-found', node: 'gone' }]);
    const terminating = input({ action: 'drain' });
    terminating.nodes = [{ ...terminating.nodes[0], terminating: true }, terminating.nodes[1]];
    expect(planNodeAction(terminating)).toMatchObject({ canProceed: false, refusals: [{ code: 'node-terminating' }] });
  });
});

describe('redactPlan', () => {
  it('replaces the names of pods, deployments and PDBs in namespaces the user may not list, and nothing else', async () => {
    const pods = [onGroup('apps', 'web-1', 'ng-a'), onGroup('secret', 'vault-1', 'ng-a'), onGroup('secret', 'once-1', 'ng-a')];
    const plan = planNodeAction(input({ pods, pdbs: [pdbInfo('secret', 'vault', { minAvailable: 1 })], deployments: [deploymentInfo('secret', 'vault', 1), deploymentInfo('secret', 'once', 1, { strategy: { type: 'Recreate' } }), deploymentInfo('apps', 'web', 2)] }));
    const seen = redactPlan(plan, (ns) => ns === 'apps');
    const text = JSON.stringify(seen);
    expect(text).not.toMatch(/vault|once|secret\//);
    expect(seen.pods.map((p) => p.pod).sort()).toEqual(['(hidden pod 1)', '(hidden pod 2)', 'apps/web-1']);
    expect(seen.refusals).toContainEqual({ code: 'recreate-strategy', deployment: HIDDEN_DEPLOYMENT });
    expect(seen.restart).toEqual([HIDDEN_DEPLOYMENT, HIDDEN_DEPLOYMENT]);
    expect(seen.canProceed).toBe(plan.canProceed);
    expect(redactPlan(plan, () => true)).toBe(plan);
  });
});
