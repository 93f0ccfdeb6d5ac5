// The layering rules the README states, held against the real import graph on every test run:
// a rule that is only written down drifts the first busy week.
import { describe, expect, it } from 'vitest';
import { importCycles, reachableFrom, readImportGraph, type Edge } from '@/test/support/import-graph';

const root = process.cwd();
const graph = readImportGraph(root, ['lib', 'components', 'app', 'proxy.ts', 'instrumentation.ts']);
const isTest = (f: string) => /\.test\.tsx?$/.test(f);
const under = (dir: string) => (f: string) => f.startsWith(`${dir}/`);
const show = (edges: Edge[]) => edges.map((e) => `${e.from} → ${e.to}${e.typeOnly ? ' (type)' : ''}`);

function edgesFromTo(from: (f: string) => boolean, to: (f: string) => boolean): string[] {
  return show(graph.edges.filter((e) => from(e.from) && to(e.to)));
}

describe('import rules', () => {
  it('reads a graph of the whole tree (so the rules below look at something)', () => {
    expect(graph.files.length).toBeGreaterThan(300);
    expect(graph.edges.length).toBeGreaterThan(1000);
    expect(graph.clientEntries.size).toBeGreaterThan(20);
  });

  it('the sandbox is a cluster: nothing under lib/sandbox imports the app’s server code', () => {
    expect(edgesFromTo(under('lib/sandbox'), under('lib/server'))).toEqual([]);
  });

  it('the domain is pure: lib/domain imports no server, sandbox, client or UI code', () => {
    // Its tests may take the sandbox's scenario as a realistic fixture; the code itself may not.
    const outside = (f: string) => ['lib/server', 'lib/sandbox', 'lib/client', 'components', 'app'].some((d) => under(d)(f));
    expect(edgesFromTo((f) => under('lib/domain')(f) && !isTest(f), outside)).toEqual([]);
  });

  it('components import no lib/server module, not even for a type (types the browser shares live in lib/domain)', () => {
    expect(edgesFromTo(under('components'), under('lib/server'))).toEqual([]);
  });

  it('nothing a client component pulls into the browser bundle is server or sandbox code', () => {
    const starts = [...graph.clientEntries].filter((f) => !isTest(f));
    const leaks = [...reachableFrom(graph, starts)].filter(([f]) => under('lib/server')(f) || under('lib/sandbox')(f)).map(([, chain]) => chain.join(' → '));
    expect(leaks).toEqual([]);
  });

  it('no file a client component pulls into the browser imports a Node built-in', () => {
    const browser = reachableFrom(graph, [...graph.clientEntries].filter((f) => !isTest(f)));
    const offenders = graph.packageImports.filter((p) => browser.has(p.from) && !p.typeOnly && /^node:|^(fs|path|crypto|http|https|net|os|child_process)$/.test(p.spec));
    expect(offenders.map((p) => `${browser.get(p.from)!.join(' → ')} imports ${p.spec}`)).toEqual([]);
  });

  it('Kubernetes and AWS API clients are called only in lib/server/k8s and lib/server/eks (their types may travel)', () => {
    const adapters = (f: string) => under('lib/server/k8s')(f) || under('lib/server/eks')(f);
    const offenders = graph.packageImports
      .filter((p) => /^@kubernetes\/client-node|^@aws-sdk\//.test(p.spec) && !p.typeOnly && !adapters(p.from) && !isTest(p.from))
      .map((p) => `${p.from} imports ${p.spec}`);
    expect(offenders).toEqual([]);
  });

  it('no import circles', () => {
    expect(importCycles(graph).map((c) => c.join(' ↔ '))).toEqual([]);
  });
});

describe('the graph reader and its checks', () => {
  it('finds a circle of three and a self-import, and none in a chain', () => {
    const e = (from: string, to: string): Edge => ({ from, to, typeOnly: false });
    expect(importCycles({ edges: [e('a', 'b'), e('b', 'c'), e('c', 'a'), e('c', 'd')] })).toEqual([['a', 'b', 'c']]);
    expect(importCycles({ edges: [e('x', 'x')] })).toEqual([['x']]);
    expect(importCycles({ edges: [e('a', 'b'), e('b', 'c')] })).toEqual([]);
  });

  it('follows imports transitively and keeps the chain that got there', () => {
    const e = (from: string, to: string): Edge => ({ from, to, typeOnly: true });
    const reach = reachableFrom({ files: [], clientEntries: new Set(), packageImports: [], edges: [e('ui', 'hook'), e('hook', 'server')] }, ['ui']);
    expect(reach.get('server')).toEqual(['ui', 'hook', 'server']);
  });

  it('sees this very file’s imports, type-only ones marked', () => {
    const mine = graph.edges.filter((x) => x.from === 'lib/architecture.test.ts');
    expect(mine.map((x) => [x.to, x.typeOnly])).toContainEqual(['test/support/import-graph.ts', false]);
  });
});
