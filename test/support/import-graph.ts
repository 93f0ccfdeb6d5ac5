// The repository's import graph, read with the TypeScript compiler's own pre-processor (no type
// checking, so it is quick): which file imports which, and whether the import is type-only. The
// architecture test holds the layering rules against it.
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { join, dirname, relative, resolve } from 'node:path';
import ts from 'typescript';

export interface Edge {
  from: string;
  to: string;
  typeOnly: boolean;
}

export interface ImportGraph {
  files: string[];
  edges: Edge[];
  /** Files that start with the 'use client' directive: React client components and their entry points. */
  clientEntries: Set<string>;
  /** Imports of npm packages (`@kubernetes/client-node`, `react`, …), by file. */
  packageImports: { from: string; spec: string; typeOnly: boolean }[];
}

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.js', '.mjs'];

function sourceFiles(root: string, dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir))) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) out.push(...sourceFiles(root, path));
    else if (/\.(ts|tsx|mts)$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

function resolveImport(root: string, from: string, spec: string): string | undefined {
  let base: string;
  if (spec.startsWith('@/')) base = join(root, spec.slice(2));
  else if (spec.startsWith('.')) base = resolve(root, dirname(from), spec);
  else return undefined; // a package
  for (const candidate of [base, ...EXTENSIONS.map((e) => base + e), ...EXTENSIONS.map((e) => join(base, `index${e}`))]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return relative(root, candidate);
  }
  return undefined;
}

/** `import type …` / `export type … from`, or an import whose every named binding is `type X`. */
function typeOnlyImports(text: string): Set<string> {
  const specs = new Set<string>();
  const source = ts.createSourceFile('x.tsx', text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TSX);
  for (const st of source.statements) {
    if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier)) {
      const clause = st.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
      const allTypes = clause && !clause.name && named !== undefined && named.length > 0 && named.every((e) => e.isTypeOnly);
      if (clause?.isTypeOnly || allTypes) specs.add(st.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(st) && st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier) && st.isTypeOnly) {
      specs.add(st.moduleSpecifier.text);
    }
  }
  return specs;
}

export function readImportGraph(root: string, dirs: string[]): ImportGraph {
  const files = dirs.flatMap((d) => (existsSync(join(root, d)) ? (statSync(join(root, d)).isDirectory() ? sourceFiles(root, d) : [d]) : []));
  const edges: Edge[] = [];
  const clientEntries = new Set<string>();
  const packageImports: { from: string; spec: string; typeOnly: boolean }[] = [];
  for (const file of files) {
    const text = readFileSync(join(root, file), 'utf8');
    if (/^\s*(\/\/[^\n]*\n\s*)*['"]use client['"]/.test(text)) clientEntries.add(file);
    const typeOnly = typeOnlyImports(text);
    for (const ref of ts.preProcessFile(text, true, true).importedFiles) {
      const to = resolveImport(root, file, ref.fileName);
      if (to) edges.push({ from: file, to, typeOnly: typeOnly.has(ref.fileName) });
      else if (!ref.fileName.startsWith('.') && !ref.fileName.startsWith('@/')) packageImports.push({ from: file, spec: ref.fileName, typeOnly: typeOnly.has(ref.fileName) });
    }
  }
  return { files, edges, clientEntries, packageImports };
}

/** Every file reachable from the given ones by imports (type-only ones included: the types travel too). */
export function reachableFrom(graph: ImportGraph, starts: Iterable<string>): Map<string, string[]> {
  const out = new Map<string, string[]>(); // file → the import chain that reaches it
  const queue: string[] = [];
  for (const s of starts) {
    out.set(s, [s]);
    queue.push(s);
  }
  const next = new Map<string, string[]>();
  for (const e of graph.edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  while (queue.length) {
    const file = queue.shift()!;
    for (const to of next.get(file) ?? []) {
      if (out.has(to)) continue;
      out.set(to, [...out.get(file)!, to]);
      queue.push(to);
    }
  }
  return out;
}

/** The import circles: strongly connected components of more than one file, or a file importing itself. */
export function importCycles(graph: Pick<ImportGraph, 'edges'>): string[][] {
  const next = new Map<string, string[]>();
  for (const e of graph.edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;
  // Iterative Tarjan: the graph has thousands of files, deeper than a comfortable call stack.
  const nodes = new Set([...next.keys(), ...graph.edges.map((e) => e.to)]);
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: { node: string; i: number }[] = [{ node: root, i: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length) {
      const frame = work[work.length - 1];
      const succ = next.get(frame.node) ?? [];
      if (frame.i < succ.length) {
        const to = succ[frame.i++];
        if (!index.has(to)) {
          index.set(to, counter);
          low.set(to, counter++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, i: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        }
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        const selfLoop = component.length === 1 && (next.get(frame.node) ?? []).includes(frame.node);
        if (component.length > 1 || selfLoop) cycles.push(component.sort());
      }
    }
  }
  return cycles;
}
