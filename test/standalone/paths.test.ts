// server.js changes directory to its own; npm start makes the file-path variables absolute first.
import { describe, expect, it } from 'vitest';
import { absolutePathsIn } from '@/scripts/standalone';

describe('absolutePathsIn', () => {
  const cwd = '/home/ops/nodelanes';

  it('resolves every relative entry of a kubeconfig list, keeping absolute and ~ entries', () => {
    expect(absolutePathsIn({ KUBECONFIG: 'kc/dev.yaml:/etc/kube/prod:~/.kube/config' }, cwd).KUBECONFIG).toBe('/home/ops/nodelanes/kc/dev.yaml:/etc/kube/prod:~/.kube/config');
    expect(absolutePathsIn({ NODELANES_SANDBOX_KUBECONFIG: '.sandbox/kubeconfig' }, cwd).NODELANES_SANDBOX_KUBECONFIG).toBe('/home/ops/nodelanes/.sandbox/kubeconfig');
  });

  it('resolves NODELANES_*_FILE and leaves values that are not paths alone', () => {
    const env = absolutePathsIn({ NODELANES_CLUSTERS_FILE: './clusters.yaml', NODELANES_PRICES_FILE: '../prices.json', NODELANES_PRICES: '{"t3.medium":0.05}', PORT: '3000', HOME: '/root' }, cwd);
    expect(env).toEqual({
      NODELANES_CLUSTERS_FILE: '/home/ops/nodelanes/clusters.yaml',
      NODELANES_PRICES_FILE: '/home/ops/prices.json',
      NODELANES_PRICES: '{"t3.medium":0.05}',
      PORT: '3000',
      HOME: '/root',
    });
  });

  it('does not change the environment it was given', () => {
    const env = { KUBECONFIG: 'kc' };
    absolutePathsIn(env, cwd);
    expect(env).toEqual({ KUBECONFIG: 'kc' });
  });
});
