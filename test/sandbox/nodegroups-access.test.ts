// Node groups are read with the server's AWS credentials, so the route asks the cluster's RBAC
// first (the same `list nodes` review that decides whether the lanes show NodePools), and an AWS
// refusal reaches the user in the project's words, without the server's role ARN.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { encode } from 'next-auth/jwt';
import { GET as list } from '@/app/api/clusters/[cluster]/nodegroups/route';
import { clearAccessCache } from '@/lib/server/access';
import { callRoute } from '../support/route-call';
import { startRouteSandbox, type RouteSandbox } from '../support/route-sandbox';

const SECRET = 's'.repeat(40);
const params = { cluster: 'sandbox' };
let env: RouteSandbox;
const saved = { ...process.env };

beforeAll(async () => {
  env = await startRouteSandbox({ timeScale: 10 });
  // Sign-in on, so each request is the user its cookie names.
  Object.assign(process.env, {
    NODELANES_OIDC_ISSUER: 'http://127.0.0.1:9/oidc',
    NODELANES_OIDC_CLIENT_ID: 'nodelanes',
    NODELANES_OIDC_CLIENT_SECRET: 'secret',
    NEXTAUTH_SECRET: SECRET,
  });
});

afterAll(async () => {
  process.env = { ...saved };
  await env?.stop();
});

async function as(user: string, groups: string[]) {
  const token = { sub: user, k8sUser: user, groups, sid: `sid-${user}`, signedInAt: Date.now() - 60_000, recheckAt: Date.now() + 600_000 };
  return { cookie: `next-auth.session-token=${await encode({ token, secret: SECRET })}` };
}

describe('GET node groups', () => {
  it('answers those who may list nodes, and 403 to those who may not, before EKS is asked', async () => {
    clearAccessCache();
    const vera = await callRoute(list, params, { headers: await as('vera', ['viewers']) });
    expect(vera.status, JSON.stringify(vera.body)).toBe(200);
    expect(vera.body.nodegroups.map((g: { name: string }) => g.name)).toContain('general-pool');

    for (const [user, groups] of [['tess', ['team-apps']], ['nina', []]] as const) {
      const refused = await callRoute(list, params, { headers: await as(user, [...groups]) });
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('forbidden');
      expect(refused.body.error.message).toContain(`does not let ${user} list nodes`);
      expect(JSON.stringify(refused.body)).not.toContain('general-pool');
    }
    expect((await callRoute(list, params)).status).toBe(401);
  });

  it('maps an AWS AccessDenied to the project’s words, logging AWS’s own', async () => {
    const arn = 'arn:aws:sts::111122223333:assumed-role/nodelanes-dashboard/i-0abc';
    const denying = http.createServer((_req, res) => {
      res.writeHead(403, { 'content-type': 'application/json', 'x-amzn-errortype': 'AccessDeniedException' });
      res.end(JSON.stringify({ message: `User: ${arn} is not authorized to perform: eks:ListNodegroups on resource: arn:aws:eks:us-east-1:111122223333:cluster/sandbox` }));
    });
    await new Promise<void>((r) => denying.listen(0, '127.0.0.1', () => r()));
    const envFile = env.sandbox.envPath;
    const original = fs.readFileSync(envFile, 'utf8');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      fs.writeFileSync(envFile, original.replace(/^AWS_ENDPOINT_URL_EKS=.*$/m, `AWS_ENDPOINT_URL_EKS=http://127.0.0.1:${(denying.address() as AddressInfo).port}`));
      const res = await callRoute(list, params, { headers: await as('vera', ['viewers']) });
      expect(res.status).toBe(502);
      expect(res.body.error).toEqual({
        code: 'aws_access_denied',
        message: "The dashboard's AWS role is not allowed to call eks:ListNodegroups on this cluster. An administrator can grant it in IAM; the server's log has AWS's full answer.",
      });
      expect(JSON.stringify(res.body)).not.toMatch(/arn:|111122223333/);
      expect(warn.mock.calls.map((c) => String(c[0])).join('\n')).toContain(arn);
    } finally {
      warn.mockRestore();
      fs.writeFileSync(envFile, original);
      await new Promise((r) => denying.close(r));
    }
  });
});
