import { describe, expect, it } from 'vitest';
import { containerFate, fullImageReference, imageMissing, pullNotFoundError } from './container-fate';

const c = (extra: Partial<Parameters<typeof containerFate>[0]> = {}) => ({ name: 'app', image: 'nginx:1.27', ...extra });

describe('container fate', () => {
  it('runs an ordinary container', () => {
    expect(containerFate(c())).toEqual({ kind: 'runs' });
    expect(containerFate(c({ command: ['sleep', '3600'] }))).toEqual({ kind: 'runs' });
  });

  it('cannot pull an image whose name says it does not exist', () => {
    expect(imageMissing('nginx:does-not-exist')).toBe(true);
    expect(imageMissing('example.com/team/nonexistent-app:1')).toBe(true);
    expect(imageMissing('nginx:1.27')).toBe(false);
    expect(containerFate(c({ image: 'nginx:does-not-exist' }))).toEqual({ kind: 'pull-fails' });
  });

  it('crashes a container marked by image name, by annotation or by a failing command', () => {
    const crash = { kind: 'exits', exitCode: 1, reason: 'Error' };
    expect(containerFate(c({ image: 'busybox:crashloop' }))).toEqual(crash);
    expect(containerFate(c(), { 'sandbox.nodelanes.dev/crash': 'true' })).toEqual(crash);
    expect(containerFate(c(), { 'sandbox.nodelanes.dev/crash': 'sidecar, app' })).toEqual(crash);
    expect(containerFate(c(), { 'sandbox.nodelanes.dev/crash': 'sidecar' })).toEqual({ kind: 'runs' });
    expect(containerFate(c(), { 'sandbox.nodelanes.dev/crash': 'false' })).toEqual({ kind: 'runs' });
    expect(containerFate(c({ command: ['sh', '-c', 'echo boom; exit 3'] }))).toEqual({ kind: 'exits', exitCode: 3, reason: 'Error' });
  });

  it('OOM-kills a container whose memory use is over its limit, not one under or without a limit', () => {
    const limited = c({ resources: { limits: { memory: '256Mi' } } });
    expect(containerFate(limited, { 'sandbox.nodelanes.dev/memory-usage': '300Mi' })).toEqual({ kind: 'exits', exitCode: 137, reason: 'OOMKilled' });
    expect(containerFate(limited, { 'sandbox.nodelanes.dev/memory-usage': '200Mi' })).toEqual({ kind: 'runs' });
    expect(containerFate(c(), { 'sandbox.nodelanes.dev/memory-usage': '300Gi' })).toEqual({ kind: 'runs' });
  });

  it('names images the way containerd resolves them', () => {
    expect(fullImageReference('nginx')).toBe('docker.io/library/nginx:latest');
    expect(fullImageReference('nginx:does-not-exist')).toBe('docker.io/library/nginx:does-not-exist');
    expect(fullImageReference('bitnami/redis:7')).toBe('docker.io/bitnami/redis:7');
    expect(fullImageReference('public.ecr.aws/x/app')).toBe('public.ecr.aws/x/app:latest');
    expect(fullImageReference('localhost:5000/app:1')).toBe('localhost:5000/app:1');
    expect(pullNotFoundError('nginx:nonexistent')).toBe(
      'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:nonexistent": failed to resolve reference "docker.io/library/nginx:nonexistent": docker.io/library/nginx:nonexistent: not found',
    );
  });
});
