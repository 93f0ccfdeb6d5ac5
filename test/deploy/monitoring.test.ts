// The monitoring component (deploy/components/monitoring) checked with Prometheus' own tools: the
// rule file and the PrometheusRule carry the same groups, promtool accepts the rules and their
// unit tests pass, every series the rules and the Grafana dashboard query is one the server
// exports, and every dashboard query parses as PromQL.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import yaml from 'js-yaml';
import { metrics } from '@/lib/server/metrics/registry';

const dir = path.join(import.meta.dirname, '../../deploy/components/monitoring');
const read = (name: string) => fs.readFileSync(path.join(dir, name), 'utf8');

function promtool(...args: string[]): { status: number | null; output: string } {
  const run = spawnSync('promtool', args, { encoding: 'utf8', cwd: import.meta.dirname });
  if (run.error) throw new Error(`promtool (Debian package prometheus) must be installed: npm test installs it (${run.error.message})`);
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

type RuleFile = { groups: Array<{ name: string; rules: Array<{ alert?: string; record?: string; expr: string }> }> };
const rules = yaml.load(read('nodelanes.rules.yaml')) as RuleFile;
const dashboard = JSON.parse(read('grafana-dashboard.json')) as { panels: Array<{ title: string; targets: Array<{ expr: string }> }> };
const dashboardExprs = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr));

/** Metric names a PromQL expression reads (identifiers followed by `{`, ` `, `)` or the end, not functions or keywords). */
function seriesIn(expr: string): string[] {
  return [...expr.matchAll(/\b(nodelanes_[a-z_]+)\b/g)].map((m) => m[1]);
}

// promtool is a process of its own: a minute, not vitest's 5 s, on a busy machine.
describe('deploy/components/monitoring', { timeout: 60_000 }, () => {
  it('ships the same alert groups as a plain rule file and as a PrometheusRule', () => {
    const rule = yaml.load(read('prometheusrule.yaml')) as { kind: string; spec: unknown };
    expect(rule.kind).toBe('PrometheusRule');
    expect(rule.spec).toEqual(rules);
    expect(rules.groups[0].rules.map((r) => r.alert)).toEqual(['NodelanesPoolWasteHigh', 'NodelanesNodesBlockedFromConsolidation', 'NodelanesPodsPending', 'NodelanesClusterStale', 'NodelanesDrainsFailing']);
  });

  it('passes promtool check rules and the alerts’ unit tests (promtool test rules)', () => {
    const check = promtool('check', 'rules', path.join(dir, 'nodelanes.rules.yaml'));
    expect(check.output).toContain('SUCCESS: 5 rules found');
    expect(check.status).toBe(0);
    const tests = promtool('test', 'rules', 'monitoring-rules.test.yaml');
    expect(tests.output).toContain('SUCCESS');
    expect(tests.status, tests.output).toBe(0);
  });

  it('queries only series the server exports', async () => {
    // A histogram is exported as its _bucket, _sum and _count series.
    const exported = new Set((await metrics().registry.getMetricsAsJSON()).flatMap((m) => (String(m.type) === 'histogram' ? ['_bucket', '_sum', '_count'].map((s) => `${m.name}${s}`) : [m.name])));
    const used = new Set([...rules.groups.flatMap((g) => g.rules.flatMap((r) => seriesIn(r.expr))), ...dashboardExprs.flatMap(seriesIn)]);
    expect(used.size).toBeGreaterThanOrEqual(10);
    for (const name of used) expect(exported, name).toContain(name);
  });

  it('has dashboard queries that parse as PromQL (checked as recording rules, with the variables filled in)', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nodelanes-grafana-'));
    try {
      const asRules = {
        groups: [{ name: 'grafana', rules: dashboardExprs.map((expr, i) => ({ record: `nodelanes:dashboard_query_${i}`, expr: expr.replaceAll('$cluster', 'sandbox').replaceAll('$__rate_interval', '5m') })) }],
      };
      const file = path.join(tmp, 'dashboard.rules.yaml');
      fs.writeFileSync(file, yaml.dump(asRules));
      const check = promtool('check', 'rules', file);
      expect(check.output).toContain(`SUCCESS: ${dashboardExprs.length} rules found`);
      expect(check.status).toBe(0);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
