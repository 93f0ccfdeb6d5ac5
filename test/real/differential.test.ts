// The differential suite: one table of requests, two servers (a real kube-apiserver 1.20 and the
// sandbox). Every case runs against both, in the same order, and what the case names must agree.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { both, startPair, type Pair } from './servers';
import { compare, runCase } from './case';
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
        compare(c, await runCase(pair.real, c), await runCase(pair.sandbox, c));
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
