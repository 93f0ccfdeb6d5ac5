// The README and docs/ link to each other by relative path and #anchor; a page moved or a heading
// reworded breaks such a link silently on GitHub. This checks every one of them resolves.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const docsDir = path.join(root, 'docs');
const pages = [path.join(root, 'README.md'), ...fs.readdirSync(docsDir).filter((f) => f.endsWith('.md')).map((f) => path.join(docsDir, f))];

/** Fenced code blocks hold shell and YAML, whose brackets and `#` are not Markdown. */
function prose(markdown: string): string[] {
  let fenced = false;
  return markdown.split('\n').map((line) => {
    if (/^\s*```/.test(line)) {
      fenced = !fenced;
      return '';
    }
    return fenced ? '' : line;
  });
}

/** GitHub's heading anchor: lower case, punctuation dropped, each space a hyphen; repeats get -1, -2… */
function slug(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

function anchorsOf(file: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const line of prose(fs.readFileSync(file, 'utf8'))) {
    const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const base = slug(m[1]);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

function linksOf(file: string): string[] {
  const targets: string[] = [];
  for (const line of prose(fs.readFileSync(file, 'utf8'))) {
    const text = line.replace(/`[^`]*`/g, '');
    for (const m of text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) targets.push(m[1]);
  }
  return targets;
}

describe('slug', () => {
  it('reads headings as GitHub does', () => {
    expect(slug('Many clusters and several replicas')).toBe('many-clusters-and-several-replicas');
    expect(slug('Requests, redirects and headers')).toBe('requests-redirects-and-headers');
    expect(slug('Server: the benchmark’s table')).toBe('server-the-benchmarks-table');
    expect(slug('`kubectl` against the sandbox')).toBe('kubectl-against-the-sandbox');
    expect(slug('Token mode — EKS')).toBe('token-mode--eks');
  });
});

describe('README and docs/', () => {
  it('the README fits on a screen or so (at most 200 lines)', () => {
    expect(fs.readFileSync(path.join(root, 'README.md'), 'utf8').trimEnd().split('\n').length).toBeLessThanOrEqual(200);
  });

  it('has pages with links to check', () => {
    expect(pages.length).toBeGreaterThan(5);
    expect(linksOf(path.join(root, 'README.md')).length).toBeGreaterThan(10);
  });

  for (const page of pages) {
    it(`every relative link and #anchor in ${path.relative(root, page)} resolves`, () => {
      const broken: string[] = [];
      for (const target of linksOf(page)) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
        const [rel, anchor] = target.split('#', 2) as [string, string | undefined];
        const file = rel === '' ? page : path.resolve(path.dirname(page), decodeURIComponent(rel));
        if (!fs.existsSync(file)) {
          broken.push(`${target}: no such file`);
          continue;
        }
        if (anchor !== undefined && !anchorsOf(file).has(anchor)) broken.push(`${target}: no heading with anchor #${anchor} in ${path.relative(root, file)}`);
      }
      expect(broken).toEqual([]);
    });
  }
});
