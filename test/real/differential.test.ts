// The differential suite: one table of requests, two servers (a real kube-apiserver 1.20 and the
// sandbox). Every case runs against both, in the same order, and what the case names must agree.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { both, startPair, type Pair } from './servers';
import { send, type RawRequest } from './http';
import type { Case, Outcome } from './case';
import { NS } from './fixtures';
import { errorCases } from './cases/errors';
import { readCases } from './cases/reads';
import { writeCases } from './cases/writes';
import { updateRuleCases } from './cases/update-rules';
import { rbacCases } from './cases/rbac';
import { kindCases, kindControllerCases } from './cases/kinds';
import { queryParamCases } from './cases/query-params';
import { listVersionCases } from './cases/list-versions';
import { watchCases } from './watch-cases';
import { controllerCases } from './controller-cases';
import { rolloutCases } from './rollout-cases';
import { placementCases } from './placement-cases';
import { kubectlCases } from './kubectl-cases';
import { kubectlNewcomerCases } from './kubectl-newcomer-cases';
import { protobufCases } from './protobuf-cases';
import { priorityCases } from './cases/priority';

let pair: Pair;

beforeAll(async () => {
  pair = await startPair();
  await both(pair, { method: 'POST', path: '/api/v1/namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } } });
});

afterAll(async () => {
  await pair?.stop();
});

async function run(server: Pair['real'], c: Case): Promise<Outcome> {
  for (const req of c.setup ?? []) {
    const res = await send(server, req);
    if (res.status >= 400 && res.status !== 409) {
      throw new Error(`setup ${req.method ?? 'GET'} ${req.path} failed on ${server.name}: ${res.status} ${res.text.slice(0, 300)}`);
    }
  }
  await c.settle?.(server);
  const response = await send(server, c.request);
  const followUps = [];
  for (const req of c.then ?? []) followUps.push(await send(server, req as RawRequest));
  return { response, followUps };
}

for (const [group, cases] of [
  ['errors', errorCases],
  ['reads', readCases],
  ['writes', writeCases],
  ['update rules and unknown fields', updateRuleCases],
  ['rbac', rbacCases],
  ['kinds', kindCases],
  ['query parameters', queryParamCases],
  ['list resource versions', listVersionCases],
  ['protobuf bodies', protobufCases],
  ['priority', priorityCases],
] as const) {
  describe(group, () => {
    for (const c of cases) {
      it(c.name, async () => {
        const real = await run(pair.real, c);
        const sandbox = await run(pair.sandbox, c);
        for (const check of c.checks) {
          try {
            check.run(real, sandbox);
          } catch (err) {
            const show = (o: Outcome) => `${o.response.status} ${o.response.text.slice(0, 200)}`;
            throw new Error(`${check.label} differs: ${(err as Error).message}\n  real:    ${show(real)}\n  sandbox: ${show(sandbox)}`);
          }
        }
      });
    }
  });
}

describe('kubectl', () => kubectlCases(() => pair));
describe('kubectl newcomer', () => kubectlNewcomerCases(() => pair));
describe('watches', () => watchCases(() => pair));
describe('controllers', () => controllerCases(() => pair));
describe('rollouts', () => rolloutCases(() => pair));
describe('placement', () => placementCases(() => pair));
describe('kind controllers', () => kindControllerCases(() => pair));
