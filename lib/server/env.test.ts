import { describe, expect, it } from 'vitest';
import { EnvError, readServerEnv } from './env';

describe('readServerEnv', () => {
  it('defaults to the sandbox with sign-in on', () => {
    expect(readServerEnv({})).toMatchObject({
      NODELANES_CLUSTER: 'sandbox',
      NODELANES_SANDBOX_KUBECONFIG: '.sandbox/kubeconfig',
      NODELANES_AUTH: true,
      PORT: 3000,
    });
  });

  it('reads the documented variables, treating empty strings as unset', () => {
    const env = readServerEnv({ NODELANES_CLUSTER: 'kubeconfig', KUBECONFIG: '/a:/b', NODELANES_CONTEXT: '', NODELANES_AUTH: 'off', PORT: '8080' });
    expect(env).toMatchObject({ NODELANES_CLUSTER: 'kubeconfig', KUBECONFIG: '/a:/b', NODELANES_AUTH: false, PORT: 8080 });
    expect(env.NODELANES_CONTEXT).toBeUndefined();
  });

  it('fails naming each bad variable and its value', () => {
    let error: unknown;
    try {
      readServerEnv({ NODELANES_CLUSTER: 'k8s', PORT: '99999', NODELANES_AUTH: 'maybe', AWS_ENDPOINT_URL_EKS: 'not a url' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(EnvError);
    const message = (error as Error).message;
    expect(message).toContain('NODELANES_CLUSTER="k8s"');
    expect(message).toContain('PORT="99999"');
    expect(message).toContain('NODELANES_AUTH="maybe"');
    expect(message).toContain('AWS_ENDPOINT_URL_EKS="not a url"');
  });
});
