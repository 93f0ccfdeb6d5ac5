import { describe, expect, it } from 'vitest';
import { Store, type KObject } from '../store';
import { updateNodePoolStatus } from './nodepool-status';

const node = (name: string, pool: string): KObject => ({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'karpenter.sh/nodepool': pool } }, status: { capacity: { cpu: '2', memory: '4Gi', pods: '10' } } });
const nodePool = (name: string): KObject => ({ apiVersion: 'karpenter.sh/v1', kind: 'NodePool', metadata: { name }, spec: { template: { spec: { nodeClassRef: { name: 'default' } } } } });

describe('updateNodePoolStatus', () => {
  it('counts each pool’s nodes, writes nothing while nodes, pools and classes stay, and catches up once one changes', () => {
    const store = new Store();
    store.create('karpenter.sh/nodepools', nodePool('general'));
    store.create('nodes', node('n1', 'general'));
    updateNodePoolStatus(store);
    const first = store.require('karpenter.sh/nodepools', undefined, 'general');
    expect(first.status.nodes).toBe(1);
    expect(first.status.resources).toMatchObject({ cpu: '2000m', pods: '10' });

    store.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns' } });
    updateNodePoolStatus(store);
    updateNodePoolStatus(store);
    expect(store.require('karpenter.sh/nodepools', undefined, 'general').metadata.resourceVersion).toBe(first.metadata.resourceVersion);

    store.create('nodes', node('n2', 'general'));
    updateNodePoolStatus(store);
    expect(store.require('karpenter.sh/nodepools', undefined, 'general').status.nodes).toBe(2);

    store.create('eks.amazonaws.com/nodeclasses', { apiVersion: 'eks.amazonaws.com/v1', kind: 'NodeClass', metadata: { name: 'default' }, status: { conditions: [{ type: 'Ready', status: 'True' }] } });
    updateNodePoolStatus(store);
    expect(store.require('karpenter.sh/nodepools', undefined, 'general').status.conditions[0]).toMatchObject({ type: 'Ready', status: 'True' });
  });
});
