// Function lengths, read with the TypeScript parser: every function, method, arrow function and
// function expression whose body runs over a number of lines, with whether a reason is written
// directly above it (a comment that starts `// Long because` or a doc comment containing
// `Long because`). The house rule is that a long function either becomes named steps or says why.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

export interface LongFunction {
  file: string;
  line: number;
  name: string;
  lines: number;
  reason?: string;
}

const REASON = /Long because\b[^\n]*/;

function nameOf(node: ts.Node): string {
  const named = node as { name?: ts.Node };
  if (named.name && ts.isIdentifier(named.name)) return named.name.text;
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (parent && ts.isPropertyAssignment(parent)) return parent.name.getText();
  if (parent && ts.isCallExpression(parent)) return `${parent.expression.getText().slice(0, 40)}(…)`;
  return '<anonymous>';
}

/** The node whose leading comments speak for the function: `export const f = () =>` puts them on the statement. */
function commentHolder(node: ts.Node): ts.Node {
  let n = node;
  while (n.parent && (ts.isVariableDeclaration(n.parent) || ts.isVariableDeclarationList(n.parent) || ts.isVariableStatement(n.parent) || ts.isExportAssignment(n.parent))) n = n.parent;
  return n;
}

function reasonAbove(source: ts.SourceFile, node: ts.Node): string | undefined {
  const holder = commentHolder(node);
  const ranges = ts.getLeadingCommentRanges(source.text, holder.getFullStart()) ?? [];
  for (const r of ranges) {
    const m = REASON.exec(source.text.slice(r.pos, r.end));
    if (m) return m[0];
  }
  return undefined;
}

export function longFunctionsIn(file: string, text: string, maxLines: number): LongFunction[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: LongFunction[] = [];
  const visit = (node: ts.Node) => {
    const fn = ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isConstructorDeclaration(node) || ts.isGetAccessor(node);
    const body = fn ? (node as ts.FunctionLikeDeclaration).body : undefined;
    if (body) {
      const first = source.getLineAndCharacterOfPosition(body.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(body.getEnd()).line;
      const lines = last - first + 1;
      if (lines > maxLines) {
        const reason = reasonAbove(source, node);
        out.push({ file, line: first + 1, name: nameOf(node), lines, ...(reason ? { reason } : {}) });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

export function longFunctions(root: string, dirs: string[], maxLines: number): LongFunction[] {
  const out: LongFunction[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(join(root, dir))) {
      const path = join(dir, name);
      if (statSync(join(root, path)).isDirectory()) walk(path);
      else if (/\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(...longFunctionsIn(path, readFileSync(join(root, path), 'utf8'), maxLines));
    }
  };
  for (const d of dirs) walk(d);
  return out;
}
